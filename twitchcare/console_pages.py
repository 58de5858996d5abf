"""The clinic console's pages as HTML (pure: data in, HTML out; channels/console.py serves them).

Every page is server-rendered, works without JavaScript (console.js only adds confirmations),
uses the report's inline-SVG charts (twitchcare/charts.py) and loads nothing from elsewhere.
Every form that changes something carries the session's CSRF token.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, List, Mapping, Optional, Sequence
from urllib.parse import quote, urlencode

from twitchcare.charts import LEVEL_COLORS, daily_chart, esc, pct, topics_chart, triage_chart
from twitchcare.render import LEVEL_LABELS
from twitchcare.report import FRICTION, FRICTION_LABELS
from twitchcare.triage import LEVELS

BASE = "/console"
NAV = (
    ("dashboard", "Dashboard", "/"),
    ("conversations", "Conversations", "/conversations"),
    ("unanswered", "Unanswered", "/unanswered"),
    ("faqs", "Clinic answers", "/faqs"),
    ("handoffs", "Handoffs", "/handoffs"),
    ("audit", "Activity", "/audit"),
)
RANGES = (("today", "Today"), ("7d", "7 days"), ("30d", "30 days"), ("custom", "Custom"))
DELIVERY_LABELS = {
    "pending": "Sending",
    "delivered": "Delivered",
    "failed": "Failed, retrying",
    "not_sent": "No webhook configured",
}


def when(ts: Optional[float]) -> str:
    if ts is None:
        return "—"
    return datetime.fromtimestamp(ts, tz=timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def csrf_field(csrf: str) -> str:
    return f'<input type="hidden" name="csrf" value="{esc(csrf)}">'


def page(title: str, body: str, user: Optional[str] = None, csrf: str = "", active: str = "", flash: str = "") -> str:
    nav = ""
    if user:
        current = ' aria-current="page"'
        links = "".join(
            f'<li><a href="{BASE}{path}"{current if key == active else ""}>{esc(label)}</a></li>'
            for key, label, path in NAV
        )
        nav = (
            f'<header class="top"><a class="brand" href="{BASE}/">Clinic console</a>'
            f'<nav aria-label="Console"><ul>{links}</ul></nav>'
            f'<form method="post" action="{BASE}/logout" class="logout">{csrf_field(csrf)}'
            f'<span class="who">{esc(user)}</span><button type="submit">Sign out</button></form></header>'
        )
    note = f'<p class="flash" role="status">{esc(flash)}</p>' if flash else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} — clinic console</title>
<link rel="stylesheet" href="{BASE}/static/console.css">
<script src="{BASE}/static/console.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
{nav}
<main id="main">
<h1>{esc(title)}</h1>
{note}
{body}
</main>
</body>
</html>
"""


def login_page(csrf: str, error: str = "") -> str:
    message = f'<p class="error" role="alert">{esc(error)}</p>' if error else ""
    body = f"""{message}
<form method="post" action="{BASE}/login" class="card login">
{csrf_field(csrf)}
<label for="username">User name</label>
<input id="username" name="username" autocomplete="username" required maxlength="64" autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024">
<button type="submit">Sign in</button>
</form>"""
    return page("Sign in", body)


# ---------------------------------------------------------------------------- dashboard


def range_form(action: str, selected: str, since: str, until: str, extra: str = "") -> str:
    options = "".join(
        f'<option value="{key}"{" selected" if key == selected else ""}>{esc(label)}</option>' for key, label in RANGES
    )
    return f"""<form method="get" action="{BASE}{action}" class="filters">
<label for="range">Period</label><select id="range" name="range">{options}</select>
<label for="since">From</label><input id="since" name="since" type="date" value="{esc(since)}">
<label for="until">To</label><input id="until" name="until" type="date" value="{esc(until)}">
{extra}<button type="submit">Show</button></form>"""


def kpi(label: str, value: str, sub: str = "", test_id: str = "") -> str:
    attr = f' data-kpi="{esc(test_id)}"' if test_id else ""
    return (
        f'<div class="kpi"{attr}><div class="k">{esc(label)}</div><div class="v">{esc(value)}</div>'
        f'<div class="s">{esc(sub)}</div></div>'
    )


def friction_table(report: Mapping[str, Any]) -> str:
    rows = "".join(
        f'<tr><td>{esc(FRICTION_LABELS[name])}</td>'
        f'<td class="n" data-friction="{name}">{report["friction"][name]["count"]}</td>'
        f'<td class="n">{report["friction"][name]["conversations"]}</td></tr>'
        for name in FRICTION
    )
    return (
        '<div class="scroll"><table><thead><tr><th scope="col">What happened</th><th scope="col" class="n">Times'
        f'</th><th scope="col" class="n">Conv.</th></tr></thead><tbody>{rows}</tbody></table></div>'
    )


def dashboard(
    report: Mapping[str, Any], topic_titles: Mapping[str, str], period: str, form: str, user: str, csrf: str
) -> str:
    n = report["conversations"]
    kpis = "".join(
        [
            kpi("Conversations", str(n), f"{report['user_turns']} messages", "conversations"),
            kpi(
                "Deflection rate",
                pct(report["deflection_rate"]),
                f"{report['deflected']} resolved without a person",
                "deflection",
            ),
            kpi(
                "Resolved",
                pct(report["resolution_rate"]),
                f"{report['resolved']} reached an answer or result",
                "resolved",
            ),
            kpi("Handoffs", str(report["handoffs"]), "asked for a person", "handoffs"),
            kpi(
                "Unanswered rate",
                pct(report["unanswered_rate"]),
                f"{report['unanswered_conversations']} conversations with a gap",
                "unanswered",
            ),
            kpi(
                "Never asked for a person",
                pct(report["no_handoff_rate"]),
                f"{report['no_handoff']} (the old deflection figure)",
                "no-handoff",
            ),
        ]
    )
    esc_ = report["escalations"]
    if esc_["conversations_with_triage"]:
        triage = triage_chart(esc_["conversations"], esc_["results"])
        triage += (
            '<ul class="levels">'
            + "".join(
                f'<li><i class="swatch" style="background:{LEVEL_COLORS[lv]}"></i>{esc(LEVEL_LABELS[lv])}: '
                f'<span data-level="{lv}">{esc_["conversations"][lv]}</span> conv.</li>'
                for lv in LEVELS
            )
            + "</ul>"
        )
    else:
        triage = '<p class="empty">No triage results in this period.</p>'
    named = [{"topic": topic_titles.get(t["topic"], t["topic"]), "count": t["count"]} for t in report["top_topics"]]
    topics = topics_chart(named) if named else '<p class="empty">No answers in this period.</p>'
    daily = daily_chart(report["daily"]) if report["daily"] else '<p class="empty">No conversations.</p>'
    hours = daily_chart(report["hours"], "Conversations started per hour of the day (UTC)", width=520)
    body = f"""{form}
<p class="meta">{esc(period)}</p>
<div class="kpis">{kpis}</div>
<div class="grid2">
<section aria-labelledby="h-triage"><h2 id="h-triage">Triage levels</h2>{triage}</section>
<section aria-labelledby="h-topics"><h2 id="h-topics">Top topics</h2>{topics}</section>
</div>
<div class="grid2">
<section aria-labelledby="h-stuck"><h2 id="h-stuck">Where conversations got stuck</h2>
<p class="note">{report['no_handoff']} conversations never asked for a person; {report['deflected']} of them
reached an answer or a triage result.</p>{friction_table(report)}</section>
<section aria-labelledby="h-hours"><h2 id="h-hours">Busiest hours (UTC)</h2>{hours}</section>
</div>
<section aria-labelledby="h-days"><h2 id="h-days">Conversations per day (UTC)</h2>{daily}</section>
<section aria-labelledby="h-how"><h2 id="h-how">How these numbers are counted</h2>
<p class="note">Resolved: reached a knowledge-base or clinic answer, or a triage result. Deflected:
resolved without asking for a person. A conversation stuck in "Sorry, I didn't catch that" or
abandoned halfway through the questions is not deflected. The same figures as <code>make report</code>.</p>
</section>"""
    return page("Dashboard", body, user, csrf, "dashboard")


# ---------------------------------------------------------------------------- conversations


def _select(name: str, label: str, options: Sequence[tuple[str, str]], value: str) -> str:
    opts = "".join(f'<option value="{esc(k)}"{" selected" if k == value else ""}>{esc(v)}</option>' for k, v in options)
    return f'<label for="f-{name}">{esc(label)}</label><select id="f-{name}" name="{name}">{opts}</select>'


def conversation_list(
    rows: Sequence[Mapping[str, Any]],
    total: int,
    filters: Mapping[str, str],
    channels: Sequence[str],
    user: str,
    csrf: str,
    flash: str = "",
) -> str:
    level_options = [("", "Any"), *((lv, LEVEL_LABELS[lv]) for lv in LEVELS), ("none", "No result")]
    yes_no = [("", "Any"), ("yes", "Yes"), ("no", "No")]
    form = f"""<form method="get" action="{BASE}/conversations" class="filters">
<label for="f-q">Search</label><input id="f-q" name="q" type="search" value="{esc(filters.get('q', ''))}">
{_select("level", "Level", level_options, filters.get("level", ""))}
{_select("handoff", "Handoff", yes_no, filters.get("handoff", ""))}
{_select("unanswered", "Unanswered", yes_no, filters.get("unanswered", ""))}
{_select("channel", "Channel", [("", "Any"), *((c, c) for c in channels)], filters.get("channel", ""))}
<label for="f-since">From</label><input id="f-since" name="since" type="date" value="{esc(filters.get('since', ''))}">
<label for="f-until">To</label><input id="f-until" name="until" type="date" value="{esc(filters.get('until', ''))}">
<button type="submit">Filter</button></form>"""
    if rows:
        body_rows = "".join(
            f'<tr><td><a href="{BASE}/conversations/{quote(str(r["sender_id"]), safe="")}">{esc(when(r["start"]))}</a></td>'
            f'<td class="q">{esc(r["first_text"][:120])}</td><td>{esc(LEVEL_LABELS.get(r["level"] or "", "—"))}</td>'
            f'<td>{"yes" if r["handoff"] else "no"}</td><td>{"yes" if r["unanswered"] else "no"}</td>'
            f'<td>{"yes" if r["resolved"] else "no"}</td><td>{esc(r["channel"] or "—")}</td>'
            f'<td class="n">{r["user_turns"]}</td></tr>'
            for r in rows
        )
        table = (
            '<div class="scroll"><table class="conversations"><thead><tr><th scope="col">Started</th>'
            '<th scope="col">First message</th><th scope="col">Level</th><th scope="col">Handoff</th>'
            '<th scope="col">Unanswered</th><th scope="col">Resolved</th><th scope="col">Channel</th>'
            f'<th scope="col" class="n">Msgs</th></tr></thead><tbody>{body_rows}</tbody></table></div>'
        )
    else:
        table = '<p class="empty">No conversations match.</p>'
    shown = f"{len(rows)} of {total}" if total > len(rows) else str(total)
    body = f'{form}<p class="meta" data-count="{total}">{esc(shown)} conversations</p>{table}'
    return page("Conversations", body, user, csrf, "conversations", flash)


def transcript_page(
    sender_id: str, items: Sequence[Mapping[str, Any]], topic_titles: Mapping[str, str], user: str, csrf: str
) -> str:
    parts = []
    for item in items:
        who = "Person" if item["who"] == "user" else "Assistant"
        extra = ""
        if item["buttons"]:
            extra += (
                '<ul class="buttons" aria-label="Buttons shown">'
                + "".join(f"<li>{esc(b)}</li>" for b in item["buttons"])
                + "</ul>"
            )
        card = item.get("card")
        if card and "level" in card:
            reasons = "; ".join(card.get("reasons") or [])
            extra += (
                f'<div class="card level-{esc(card["level"])}"><strong>{esc(LEVEL_LABELS[card["level"]])}'
                f'</strong>{": " + esc(reasons) if reasons else ""}</div>'
            )
        elif card and "topic" in card:
            extra += f'<div class="tag">Answer: {esc(topic_titles.get(card["topic"], card["topic"]))}</div>'
        elif card and "faq" in card:
            extra += f'<div class="tag">Clinic answer: {esc(topic_titles.get("faq:" + card["faq"], card["faq"]))}</div>'
        elif card and card.get("unanswered"):
            extra += '<div class="tag warn">Could not answer</div>'
        text = "".join(f"<p>{esc(p)}</p>" for p in str(item["text"]).split("\n\n") if p.strip())
        parts.append(
            f'<li class="msg {esc(item["who"])}"><div class="who">{who} · {esc(when(item["at"]))}</div>'
            f"{text}{extra}</li>"
        )
    messages = f'<ol class="transcript">{"".join(parts)}</ol>' if parts else '<p class="empty">Nothing stored.</p>'
    body = f"""<p class="meta">Conversation <code>{esc(sender_id)}</code>. Phone numbers and e-mail addresses
are masked as stored.</p>
{messages}
<form method="post" action="{BASE}/conversations/{quote(sender_id, safe="")}/delete" class="danger"
 data-confirm="Delete this conversation for good?">
{csrf_field(csrf)}<button type="submit" class="danger">Delete this conversation</button>
<span class="note">For a person's data request: erases every message, and its handoffs.</span></form>"""
    return page("Transcript", body, user, csrf, "conversations")


# ---------------------------------------------------------------------------- unanswered + FAQs


def unanswered_page(
    groups: Sequence[Mapping[str, Any]],
    answered_by: Mapping[str, str],
    form: str,
    user: str,
    csrf: str,
    flash: str = "",
) -> str:
    if not groups:
        listing = '<p class="empty">No unanswered questions in this period.</p>'
    else:
        items = []
        for i, group in enumerate(groups):
            variants = "".join(f"<li>{esc(v)}</li>" for v in group["variants"][1:6])
            more = f'<ul class="variants" aria-label="Similar wordings">{variants}</ul>' if variants else ""
            now = answered_by.get(group["text"])
            status = f'<p class="ok">Answered now by: {esc(now)}</p>' if now else ""
            items.append(f"""<li class="card unanswered">
<h2 class="q">{esc(group["text"])} <span class="count">×{group["count"]}</span></h2>{more}{status}
<details{"" if now else " open" if i == 0 else ""}><summary>Write an answer</summary>
<form method="post" action="{BASE}/faqs">{csrf_field(csrf)}
<label for="q{i}">Question</label><input id="q{i}" name="question" value="{esc(group["text"])}" required maxlength="4000">
<label for="w{i}">Other wordings (one per line)</label>
<textarea id="w{i}" name="also" rows="2">{esc(chr(10).join(group["variants"][1:]))}</textarea>
<label for="a{i}">Answer</label><textarea id="a{i}" name="answer" rows="3" required maxlength="4000"></textarea>
<input type="hidden" name="back" value="unanswered">
<button type="submit">Save answer</button></form></details></li>""")
        listing = f'<ol class="plain">{"".join(items)}</ol>'
    body = f"""{form}<p class="note">Questions the assistant could not answer, similar wordings grouped, most
frequent first. An answer you save becomes a clinic answer: the assistant uses it from the next
message, on every server, without retraining.</p>{listing}"""
    return page("Unanswered questions", body, user, csrf, "unanswered", flash)


def faqs_page(rows: Sequence[Any], history: Sequence[Mapping[str, Any]], user: str, csrf: str, flash: str = "") -> str:
    items = []
    for i, row in enumerate(rows):
        faq = row.faq
        state = "" if row.active else ' <span class="tag warn">retired</span>'
        toggle = "restore" if not row.active else "retire"
        items.append(f"""<li class="card faq{'' if row.active else ' retired'}">
<h2 class="q">{esc(faq.question)}{state}</h2><p>{esc(faq.answer)}</p>
<p class="meta">Changed {esc(when(row.updated_at))} by {esc(row.updated_by)} · <code>{esc(faq.id)}</code></p>
<details><summary>Edit</summary>
<form method="post" action="{BASE}/faqs/{quote(faq.id, safe="")}">{csrf_field(csrf)}
<label for="eq{i}">Question</label><input id="eq{i}" name="question" value="{esc(faq.question)}" required maxlength="4000">
<label for="ew{i}">Other wordings (one per line)</label><textarea id="ew{i}" name="also" rows="2">{esc(chr(10).join(faq.also))}</textarea>
<label for="ea{i}">Answer</label><textarea id="ea{i}" name="answer" rows="3" required maxlength="4000">{esc(faq.answer)}</textarea>
<button type="submit">Save</button></form></details>
<form method="post" action="{BASE}/faqs/{quote(faq.id, safe="")}/{toggle}" class="inline">{csrf_field(csrf)}
<button type="submit" class="secondary">{"Restore" if toggle == "restore" else "Retire"}</button></form></li>""")
    listing = f'<ol class="plain">{"".join(items)}</ol>' if items else '<p class="empty">No clinic answers yet.</p>'
    log = "".join(
        f'<tr><td>{esc(when(h["at"]))}</td><td>{esc(h["username"])}</td><td>{esc(h["action"])}</td>'
        f'<td><code>{esc(h["target"] or "")}</code></td></tr>'
        for h in history
    )
    body = f"""<p class="note">The clinic's own answers (parking, prices, hours...). Seeded from
<code>clinic/faq.yml</code>; changes here apply from the next message on every server.</p>
<details class="card"><summary>Add an answer</summary>
<form method="post" action="{BASE}/faqs">{csrf_field(csrf)}
<label for="nq">Question</label><input id="nq" name="question" required maxlength="4000">
<label for="nw">Other wordings (one per line)</label><textarea id="nw" name="also" rows="2"></textarea>
<label for="na">Answer</label><textarea id="na" name="answer" rows="3" required maxlength="4000"></textarea>
<button type="submit">Add</button></form></details>
{listing}
<section aria-labelledby="h-hist"><h2 id="h-hist">Change history</h2><div class="scroll"><table>
<thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Entry</th></tr></thead>
<tbody>{log}</tbody></table></div></section>"""
    return page("Clinic answers", body, user, csrf, "faqs", flash)


# ---------------------------------------------------------------------------- handoffs + audit


def _summary(summary: Any) -> str:
    if not summary:
        return '<p class="note">No symptom check before the request.</p>'
    if isinstance(summary, dict):
        rows = "".join(f"<dt>{esc(str(k).replace('_', ' '))}</dt><dd>{esc(_flat(v))}</dd>" for k, v in summary.items())
        return f'<dl class="summary">{rows}</dl>'
    return f"<p>{esc(_flat(summary))}</p>"


def _contact(contacts: Sequence[str]) -> str:
    if not contacts:
        return '<p class="note">No phone number or e-mail address given in the conversation.</p>'
    return f'<p class="contact">Contact given: <strong>{esc(", ".join(contacts))}</strong></p>'


def _flat(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(_flat(v) for v in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_flat(v)}" for k, v in value.items())
    return "—" if value is None else str(value)


def handoffs_page(
    waiting: Sequence[Mapping[str, Any]],
    handled: Sequence[Mapping[str, Any]],
    outbox: Optional[Dict[str, Any]],
    user: str,
    csrf: str,
    flash: str = "",
) -> str:
    def item(h: Mapping[str, Any], open_form: bool) -> str:
        level = LEVEL_LABELS.get(h["triage_level"] or "", "No triage result")
        link = f'{BASE}/conversations/{quote(str(h["conversation_id"]), safe="")}'
        done = (
            (
                f'<p class="ok">Handled {esc(when(h["handled_at"]))} by {esc(h["handled_by"])}'
                f'{": " + esc(h["note"]) if h["note"] else ""}</p>'
            )
            if h["handled_at"]
            else ""
        )
        form = (
            (
                f'<form method="post" action="{BASE}/handoffs/{h["id"]}/handled">{csrf_field(csrf)}'
                f'<label for="n{h["id"]}">Note</label><input id="n{h["id"]}" name="note" maxlength="2000">'
                '<button type="submit">Mark handled</button></form>'
            )
            if open_form
            else ""
        )
        return (
            f'<li class="card handoff" data-handoff="{h["id"]}"><h3>{esc(when(h["at"]))} · {esc(level)}</h3>'
            f'<p class="meta">Delivery to the clinic webhook: <strong>{esc(DELIVERY_LABELS.get(h["delivery"], h["delivery"]))}'
            f'</strong> · channel {esc(h["channel"] or "—")} · <a href="{link}">Read the conversation</a></p>'
            f'{_contact(h.get("contact") or [])}{_summary(h["summary"])}{done}{form}</li>'
        )

    box = (
        "<p>Outbox: not in use on this server.</p>"
        if outbox is None
        else f'<p data-outbox="{outbox["waiting"]}">Outbox: <strong>{outbox["waiting"]}</strong> handoff(s) waiting for '
        f'the clinic webhook{" since " + esc(when(outbox["oldest"])) if outbox["oldest"] else ""}.</p>'
    )

    def listing(items: str, empty: str) -> str:
        return f'<ul class="plain">{items}</ul>' if items else f'<p class="empty">{empty}</p>'

    open_items = listing("".join(item(h, True) for h in waiting), "Nobody is waiting.")
    done_items = listing("".join(item(h, False) for h in handled), "None yet.")
    body = f"""<section aria-labelledby="h-box"><h2 id="h-box">Webhook</h2>{box}</section>
<section aria-labelledby="h-wait"><h2 id="h-wait">Waiting for a call back ({len(waiting)})</h2>
{open_items}</section>
<section aria-labelledby="h-done"><h2 id="h-done">Handled</h2>{done_items}</section>"""
    return page("Handoff queue", body, user, csrf, "handoffs", flash)


def audit_page(entries: Sequence[Mapping[str, Any]], user: str, csrf: str) -> str:
    rows = "".join(
        f'<tr><td>{esc(when(e["at"]))}</td><td>{esc(e["username"])}</td><td>{esc(e["action"])}</td>'
        f'<td><code>{esc(e["target"] or "")}</code></td></tr>'
        for e in entries
    )
    body = (
        '<p class="note">Every sign-in and staff action, newest first.</p><div class="scroll"><table><thead><tr>'
        '<th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Target</th>'
        f"</tr></thead><tbody>{rows}</tbody></table></div>"
    )
    return page("Activity", body, user, csrf, "audit")


def query_string(values: Mapping[str, str]) -> str:
    kept = {k: v for k, v in values.items() if v}
    return "?" + urlencode(kept) if kept else ""


def split_lines(text: str) -> List[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]
