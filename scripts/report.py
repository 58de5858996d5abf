"""Deflection report from Rasa's SQL tracker store: writes report.json and report.html.

Usage: report.py [--db-url URL] [--since WHEN] [--until WHEN] [--out DIR]

--db-url is an SQLAlchemy URL (default: $TRACKER_DB_URL, else sqlite:///var/conversations.db,
relative to the working directory), e.g. postgresql://user:pass@host/rasa. WHEN is a UTC
date (2024-03-05) or ISO datetime (2024-03-05T12:00, naive = UTC); the report covers the
conversations that started in [since, until), and a date-only --until includes that whole
day. The metrics are computed by twitchcare/report.py (see its docstring for the exact
definitions); this script only reads the rows and writes the files. It never writes to
the database (a missing SQLite file is an error, not created).
"""
from __future__ import annotations

import argparse
import html
import json
import math
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

import sqlalchemy as sa

from twitchcare.render import LEVEL_LABELS
from twitchcare.report import compute_report
from twitchcare.settings import SETTINGS
from twitchcare.triage import LEVELS

DEFAULT_DB_URL = "sqlite:///var/conversations.db"
EVENT_COLUMNS = ("id", "sender_id", "type_name", "timestamp", "intent_name", "action_name", "data")
RELEVANT_TYPES = ("user", "bot", "action", "slot")
TOP_TOPICS_SHOWN = 10
QUESTIONS_SHOWN = 100

LEVEL_COLORS = {"emergency": "#c0392b", "urgent": "#e67e22", "doctor": "#2c6fbb",
                "self_care": "#2e8b57"}
ACCENT = "#3b5b92"


class ReportError(Exception):
    pass


# --------------------------------------------------------------------------- reading

def parse_when(text: str, *, end: bool = False) -> datetime:
    """A UTC datetime from a date or ISO datetime; a date-only `end` bound is the next midnight."""
    text = text.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            moment = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
            return moment + timedelta(days=1) if end else moment
        moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date or ISO datetime: {text!r}") from None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def open_engine(db_url: str) -> sa.engine.Engine:
    url = sa.engine.make_url(db_url)
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database in ("", ":memory:") or not Path(database).is_file():
            raise ReportError(f"no SQLite tracker store at {database or '(empty path)'!r}")
    engine = sa.create_engine(url)
    try:
        has_events = sa.inspect(engine).has_table("events")
    except sa.exc.SQLAlchemyError as e:
        raise ReportError(f"cannot open the tracker store: {e}") from None
    if not has_events:
        raise ReportError("the database has no 'events' table (is it Rasa's SQL tracker store?)")
    return engine


def read_rows(engine: sa.engine.Engine, since: Optional[datetime] = None,
              until: Optional[datetime] = None) -> Iterator[Dict[str, Any]]:
    """The events rows the report needs, in store order (by sender, then id).

    With a window, only senders whose first user message is inside it are read (the same
    rule compute_report applies)."""
    events = sa.table("events", *(sa.column(c) for c in EVENT_COLUMNS))
    query = sa.select(*(events.c[c] for c in EVENT_COLUMNS)).where(
        events.c.type_name.in_(RELEVANT_TYPES))
    if since is not None or until is not None:
        first = events.alias("first_user")
        started = sa.func.min(first.c.timestamp)
        conditions = []
        if since is not None:
            conditions.append(started >= since.timestamp())
        if until is not None:
            conditions.append(started < until.timestamp())
        senders = (sa.select(first.c.sender_id).where(first.c.type_name == "user")
                   .group_by(first.c.sender_id).having(sa.and_(*conditions)))
        query = query.where(events.c.sender_id.in_(senders))
    query = query.order_by(events.c.sender_id, events.c.id)
    with engine.connect() as conn:
        for row in conn.execution_options(stream_results=True).execute(query):
            yield dict(row._mapping)


# --------------------------------------------------------------------------- HTML

def esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def pct(value: Optional[float]) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def nice_scale(maximum: float, max_ticks: int = 5) -> Tuple[float, List[float]]:
    """A round axis top and its ticks (0 included) for values up to `maximum`."""
    if maximum <= 0:
        return 1.0, [0.0, 1.0]
    raw = maximum / max_ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(step, 1.0)  # counts: no fractional ticks
    top = math.ceil(maximum / step) * step
    return top, [i * step for i in range(int(round(top / step)) + 1)]


def fmt_num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def svg_open(width: int, height: int, title: str) -> str:
    return (f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" '
            f'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">'
            f"<title>{esc(title)}</title>")


def triage_chart(conversations: Dict[str, int], results: Dict[str, int]) -> str:
    """Grouped vertical bars: conversations by most urgent level, and all results."""
    width, height = 520, 290
    left, right, top, bottom = 44, 12, 34, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    axis_top, ticks = nice_scale(max([*conversations.values(), *results.values(), 1]))
    y = lambda v: top + plot_h - plot_h * v / axis_top  # noqa: E731
    parts = [svg_open(width, height, "Triage results by level")]
    # legend
    parts.append(f'<rect x="{left}" y="6" width="12" height="12" rx="2" fill="#555"/>'
                 f'<text x="{left + 18}" y="16" class="legend">conversations (most urgent level)</text>'
                 f'<rect x="{left + 240}" y="6" width="12" height="12" rx="2" fill="#555" '
                 f'fill-opacity="0.3"/>'
                 f'<text x="{left + 258}" y="16" class="legend">all results</text>')
    for tick in ticks:
        ty = y(tick)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{ty:.1f}" y2="{ty:.1f}" class="grid"/>'
                     f'<text x="{left - 8}" y="{ty + 4:.1f}" class="tick" text-anchor="end">'
                     f"{fmt_num(tick)}</text>")
    group_w = plot_w / len(LEVELS)
    bar_w = min(group_w * 0.32, 44)
    for i, level in enumerate(LEVELS):
        cx = left + group_w * (i + 0.5)
        color = LEVEL_COLORS[level]
        for j, (value, opacity, what) in enumerate(
                ((conversations.get(level, 0), 1.0, "conversations"),
                 (results.get(level, 0), 0.3, "results"))):
            x = cx - bar_w - 2 if j == 0 else cx + 2
            by = y(value)
            parts.append(
                f'<rect x="{x:.1f}" y="{by:.1f}" width="{bar_w:.1f}" height="{top + plot_h - by:.1f}" '
                f'rx="2" fill="{color}" fill-opacity="{opacity}">'
                f"<title>{esc(LEVEL_LABELS[level])}: {value} {what}</title></rect>"
                f'<text x="{x + bar_w / 2:.1f}" y="{by - 5:.1f}" class="value" text-anchor="middle">'
                f"{value}</text>")
        parts.append(f'<text x="{cx:.1f}" y="{top + plot_h + 20}" class="label" text-anchor="middle">'
                     f"{esc(LEVEL_LABELS[level])}</text>")
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" '
                 f'class="axis"/></svg>')
    return "".join(parts)


def topics_chart(topics: Sequence[Dict[str, Any]]) -> str:
    """Horizontal bars, one per knowledge-base entry."""
    rows = list(topics)[:TOP_TOPICS_SHOWN]
    row_h, label_w, value_w, width, top = 26, 190, 40, 520, 6
    height = top * 2 + row_h * len(rows)
    plot_w = width - label_w - value_w
    maximum = max(r["count"] for r in rows)
    parts = [svg_open(width, height, "Top knowledge-base topics")]
    for i, row in enumerate(rows):
        ry = top + i * row_h
        name = str(row["topic"])
        shown = name if len(name) <= 26 else name[:25] + "…"
        bar = max(plot_w * row["count"] / maximum, 2)
        parts.append(
            f'<text x="{label_w - 10}" y="{ry + row_h / 2 + 4:.1f}" class="label mono" '
            f'text-anchor="end"><title>{esc(name)}</title>{esc(shown)}</text>'
            f'<rect x="{label_w}" y="{ry + 4}" width="{bar:.1f}" height="{row_h - 8}" rx="2" '
            f'fill="{ACCENT}"><title>{esc(name)}: {row["count"]}</title></rect>'
            f'<text x="{label_w + bar + 6:.1f}" y="{ry + row_h / 2 + 4:.1f}" class="value">'
            f'{row["count"]}</text>')
    parts.append("</svg>")
    return "".join(parts)


def daily_chart(daily: Dict[str, int]) -> str:
    """Vertical bars, one per UTC day (every day in the range, zeros included)."""
    days = list(daily.items())
    width, height = 1040, 260
    left, right, top, bottom = 44, 12, 22, 42
    plot_w, plot_h = width - left - right, height - top - bottom
    axis_top, ticks = nice_scale(max(daily.values()))
    y = lambda v: top + plot_h - plot_h * v / axis_top  # noqa: E731
    slot = plot_w / len(days)
    bar_w = min(slot * 0.7, 60)
    label_every = max(1, math.ceil(len(days) / 14))
    parts = [svg_open(width, height, "Conversations started per day (UTC)")]
    for tick in ticks:
        ty = y(tick)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{ty:.1f}" y2="{ty:.1f}" class="grid"/>'
                     f'<text x="{left - 8}" y="{ty + 4:.1f}" class="tick" text-anchor="end">'
                     f"{fmt_num(tick)}</text>")
    for i, (day, count) in enumerate(days):
        cx = left + slot * (i + 0.5)
        by = y(count)
        parts.append(f'<rect x="{cx - bar_w / 2:.1f}" y="{by:.1f}" width="{bar_w:.1f}" '
                     f'height="{top + plot_h - by:.1f}" rx="2" fill="{ACCENT}">'
                     f"<title>{esc(day)}: {count} conversations</title></rect>")
        if len(days) <= 31 and count:
            parts.append(f'<text x="{cx:.1f}" y="{by - 5:.1f}" class="value" text-anchor="middle">'
                         f"{count}</text>")
        if i % label_every == 0:
            parts.append(f'<text x="{cx:.1f}" y="{top + plot_h + 18}" class="label" '
                         f'text-anchor="middle">{esc(day)}</text>')
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" '
                 f'class="axis"/></svg>')
    return "".join(parts)


CSS = """
*{box-sizing:border-box}
body{margin:0;background:#f4f5f7;color:#1f2933;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
main{max-width:1100px;margin:0 auto;padding:28px 24px 40px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:18px;margin:0 0 4px}
.meta{color:#52606d;font-size:13px;margin:0 0 22px}
.meta span{margin-right:18px}
.kpis{display:grid;grid-template-columns:repeat(5,1fr);gap:12px;margin-bottom:16px}
.kpi{background:#fff;border:1px solid #e1e4e8;border-radius:8px;padding:14px 16px}
.kpi .v{font-size:28px;font-weight:650;line-height:1.2}
.kpi .k{font-size:13px;color:#52606d;text-transform:uppercase;letter-spacing:.04em}
.kpi .s{font-size:13px;color:#52606d}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:16px}
section{background:#fff;border:1px solid #e1e4e8;border-radius:8px;padding:18px 20px;margin-bottom:16px}
.note{color:#52606d;font-size:13px;margin:0 0 12px}
.empty{color:#7b8794;font-style:italic;margin:8px 0}
svg{display:block;font-family:inherit}
svg .grid{stroke:#e6e8eb;stroke-width:1}
svg .axis{stroke:#9aa5b1;stroke-width:1}
svg .tick{font-size:11px;fill:#7b8794}
svg .label{font-size:12px;fill:#3e4c59}
svg .legend{font-size:12px;fill:#3e4c59}
svg .value{font-size:12px;font-weight:600;fill:#1f2933}
svg .mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
table{width:100%;border-collapse:collapse;font-size:14px}
th,td{text-align:left;padding:7px 10px;border-bottom:1px solid #eceef1;vertical-align:top}
th{font-size:12px;color:#52606d;text-transform:uppercase;letter-spacing:.04em;font-weight:600}
td.n,th.n{text-align:right;width:70px;font-variant-numeric:tabular-nums}
td.q{word-break:break-word}
tbody tr:nth-child(even){background:#fafbfc}
dl{display:grid;grid-template-columns:190px 1fr;gap:6px 16px;margin:0;font-size:13px}
dt{font-weight:600}
dd{margin:0;color:#3e4c59}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px}
.levels{font-size:13px;color:#3e4c59;margin-top:8px}
.levels span{margin-right:14px;white-space:nowrap}
@media (max-width:800px){.kpis{grid-template-columns:repeat(2,1fr)}.grid2{grid-template-columns:1fr}}
"""


def kpi(label: str, value: str, sub: str = "") -> str:
    return (f'<div class="kpi"><div class="k">{esc(label)}</div><div class="v">{esc(value)}</div>'
            f'<div class="s">{esc(sub)}</div></div>')


def render_html(report: Dict[str, Any]) -> str:
    window = report["window"]
    if window["since"] or window["until"]:
        period = f"conversations started from {window['since'] or 'the beginning'} " \
                 f"to before {window['until'] or 'now'} (UTC)"
    else:
        period = "all conversations in the store"
    esc_ = report["escalations"]
    n = report["conversations"]
    kpis = "".join([
        kpi("Conversations", str(n), f"{report['user_turns']} user messages"),
        kpi("Deflection rate", pct(report["deflection_rate"]),
            f"{report['deflected']} resolved without a human"),
        kpi("Handoffs", str(report["handoffs"]), "asked for a human"),
        kpi("Unanswered rate", pct(report["unanswered_rate"]),
            f"{report['unanswered_conversations']} conversations with a gap"),
        kpi("Fallback turns", pct(report["fallback_turn_rate"]),
            f"{report['fallback_turns']} of {report['user_turns']} user messages"),
    ])

    if esc_["conversations_with_triage"]:
        triage = triage_chart(esc_["conversations"], esc_["results"])
        legend = "".join(
            f'<span><i class="swatch" style="background:{LEVEL_COLORS[lv]}"></i>'
            f'{esc(LEVEL_LABELS[lv])}: {esc_["conversations"][lv]} conv. / {esc_["results"][lv]} results</span>'
            for lv in LEVELS)
        triage += f'<div class="levels">{legend}</div>'
    else:
        triage = '<p class="empty">No triage results in this period.</p>'
    topics = (topics_chart(report["top_topics"]) if report["top_topics"]
              else '<p class="empty">No knowledge-base answers in this period.</p>')
    more_topics = len(report["top_topics"]) - TOP_TOPICS_SHOWN
    daily = (daily_chart(report["daily"]) if report["daily"]
             else '<p class="empty">No conversations in this period.</p>')

    questions = report["unanswered_questions"]
    if questions:
        rows = "".join(f'<tr><td class="n">{i}</td><td class="q">{esc(q["text"])}</td>'
                       f'<td class="n">{q["count"]}</td></tr>'
                       for i, q in enumerate(questions[:QUESTIONS_SHOWN], 1))
        table = ('<table><thead><tr><th class="n">#</th><th>Question</th><th class="n">Times</th>'
                 f"</tr></thead><tbody>{rows}</tbody></table>")
        if len(questions) > QUESTIONS_SHOWN:
            table += (f'<p class="note">{len(questions) - QUESTIONS_SHOWN} more in report.json.</p>')
    else:
        table = '<p class="empty">No unanswered questions in this period.</p>'

    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Twitch assistant — deflection report</title>
<style>{CSS}</style>
</head>
<body>
<main>
<h1>Twitch assistant — deflection report</h1>
<p class="meta"><span>Period: {esc(period)}</span><span>Generated {esc(report['generated_at'])}</span>\
<span>Source: {esc(report['source'])}</span></p>
<div class="kpis">{kpis}</div>
<div class="grid2">
<section>
<h2>Escalations by triage level</h2>
<p class="note">Solid: conversations by their most urgent result. Light: every triage result
({esc_['conversations_with_triage']} of {n} conversations reached a triage result).</p>
{triage}
</section>
<section>
<h2>Top topics</h2>
<p class="note">Knowledge-base answers per entry ({report['knowledge_answers']} answers in total\
{f"; {more_topics} more entries in report.json" if more_topics > 0 else ""}).</p>
{topics}
</section>
</div>
<section>
<h2>Conversations per day (UTC)</h2>
<p class="note">Conversations by the date of their first user message.</p>
{daily}
</section>
<section>
<h2>Unanswered questions</h2>
<p class="note">Messages the assistant could not answer (knowledge-base misses and fallbacks),
most frequent first.</p>
{table}
</section>
<section>
<h2>How these numbers are counted</h2>
<dl>
<dt>Conversation</dt><dd>One sender with at least one user message; it starts at the first one.</dd>
<dt>Deflection rate</dt><dd>Conversations without a handoff to a human
(slot <code>handoff_requested</code> set) ÷ conversations.</dd>
<dt>Escalations</dt><dd>Each conversation counted once under its most urgent triage result
(emergency &gt; urgent &gt; doctor &gt; self-care); results count every triage message.</dd>
<dt>Unanswered rate</dt><dd>Conversations with at least one unanswered message ÷ conversations.</dd>
<dt>Fallback turns</dt><dd>User messages answered by a knowledge-base miss or
<code>action_default_fallback</code> ÷ all user messages.</dd>
</dl>
</section>
</main>
</body>
</html>
"""


# --------------------------------------------------------------------------- main

def iso(moment: Optional[datetime]) -> Optional[str]:
    return moment.isoformat() if moment else None


def build_report(db_url: str, since: Optional[datetime], until: Optional[datetime]) -> Dict[str, Any]:
    engine = open_engine(db_url)
    try:
        metrics = compute_report(read_rows(engine, since, until), since=since, until=until)
    finally:
        engine.dispose()
    return {
        "generated_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "source": sa.engine.make_url(db_url).render_as_string(hide_password=True),
        "window": {"since": iso(since), "until": iso(until)},
        **metrics,
    }


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db-url", default=SETTINGS.tracker_db_url or DEFAULT_DB_URL,
                        help="SQLAlchemy URL of the tracker store (default: $TRACKER_DB_URL or "
                             f"{DEFAULT_DB_URL})")
    parser.add_argument("--since", type=parse_when, help="first UTC date/datetime (inclusive)")
    parser.add_argument("--until", type=lambda s: parse_when(s, end=True),
                        help="last UTC date (inclusive) or datetime (exclusive)")
    parser.add_argument("--out", type=Path, default=Path("reports"), help="output directory")
    args = parser.parse_args(argv)
    if args.since and args.until and args.until <= args.since:
        parser.error("--until must be after --since")
    try:
        report = build_report(args.db_url, args.since, args.until)
    except ReportError as e:
        print(f"report.py: {e}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n",
                                          encoding="utf-8")
    (args.out / "report.html").write_text(render_html(report), encoding="utf-8")
    print(f"{report['conversations']} conversations, deflection {pct(report['deflection_rate'])}, "
          f"unanswered {pct(report['unanswered_rate'])} -> {args.out / 'report.json'}, "
          f"{args.out / 'report.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
