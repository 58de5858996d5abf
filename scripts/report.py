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
import json
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Dict, Optional, Sequence

import sqlalchemy as sa

from twitchcare.charts import (
    CSS,
    LEVEL_COLORS,
    TOP_TOPICS_SHOWN,
    daily_chart,
    esc,
    kpi,
    pct,
    topics_chart,
    triage_chart,
)
from twitchcare.render import LEVEL_LABELS
from twitchcare.report import FRICTION, FRICTION_LABELS, compute_report
from twitchcare.report_db import ReportError, open_engine, read_rows, topic_titles
from twitchcare.settings import SETTINGS
from twitchcare.triage import LEVELS

DEFAULT_DB_URL = "sqlite:///var/conversations.db"
QUESTIONS_SHOWN = 100


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


# --------------------------------------------------------------------------- HTML


def friction_table(report: Dict[str, Any]) -> str:
    """The friction figures (twitchcare/report.py FRICTION) as a table."""
    rows = "".join(
        f'<tr><td>{esc(FRICTION_LABELS[name])}</td><td class="n">{report["friction"][name]["count"]}</td>'
        f'<td class="n">{report["friction"][name]["conversations"]}</td></tr>'
        for name in FRICTION
    )
    return (
        '<table><thead><tr><th>What happened</th><th class="n">Times</th><th class="n">Conv.</th></tr>'
        f"</thead><tbody>{rows}</tbody></table>"
    )


def render_html(report: Dict[str, Any]) -> str:
    window = report["window"]
    if window["since"] or window["until"]:
        period = (
            f"conversations started from {window['since'] or 'the beginning'} "
            f"to before {window['until'] or 'now'} (UTC)"
        )
    else:
        period = "all conversations in the store"
    esc_ = report["escalations"]
    n = report["conversations"]
    kpis = "".join(
        [
            kpi("Conversations", str(n), f"{report['user_turns']} user messages"),
            kpi("Deflection rate", pct(report["deflection_rate"]), f"{report['deflected']} resolved without a human"),
            kpi("Resolved", pct(report["resolution_rate"]), f"{report['resolved']} reached an answer or a result"),
            kpi("Handoffs", str(report["handoffs"]), "asked for a human"),
            kpi(
                "Unanswered rate",
                pct(report["unanswered_rate"]),
                f"{report['unanswered_conversations']} conversations with a gap",
            ),
            kpi(
                "Fallback turns",
                pct(report["fallback_turn_rate"]),
                f"{report['fallback_turns']} of {report['user_turns']} user messages",
            ),
        ]
    )

    if esc_["conversations_with_triage"]:
        triage = triage_chart(esc_["conversations"], esc_["results"])
        legend = "".join(
            f'<span><i class="swatch" style="background:{LEVEL_COLORS[lv]}"></i>'
            f'{esc(LEVEL_LABELS[lv])}: {esc_["conversations"][lv]} conv. / {esc_["results"][lv]} results</span>'
            for lv in LEVELS
        )
        triage += f'<div class="levels">{legend}</div>'
    else:
        triage = '<p class="empty">No triage results in this period.</p>'
    titles = report.get("topic_titles") or {}
    named = [{"topic": titles.get(t["topic"], t["topic"]), "count": t["count"]} for t in report["top_topics"]]
    topics = topics_chart(named) if named else '<p class="empty">No knowledge-base answers in this period.</p>'
    more_topics = len(report["top_topics"]) - TOP_TOPICS_SHOWN
    daily = daily_chart(report["daily"]) if report["daily"] else '<p class="empty">No conversations in this period.</p>'

    questions = report["unanswered_questions"]
    if questions:
        rows = "".join(
            f'<tr><td class="n">{i}</td><td class="q">{esc(q["text"])}</td>' f'<td class="n">{q["count"]}</td></tr>'
            for i, q in enumerate(questions[:QUESTIONS_SHOWN], 1)
        )
        table = (
            '<table><thead><tr><th class="n">#</th><th>Question</th><th class="n">Times</th>'
            f"</tr></thead><tbody>{rows}</tbody></table>"
        )
        if len(questions) > QUESTIONS_SHOWN:
            table += f'<p class="note">{len(questions) - QUESTIONS_SHOWN} more in report.json.</p>'
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
<div class="grid2">
<section>
<h2>Where conversations got stuck</h2>
<p class="note">{report['no_handoff']} conversations never asked for a person, but only
{report['deflected']} of them reached an answer or a triage result.</p>
{friction_table(report)}
</section>
<section>
<h2>Busiest hours (UTC)</h2>
<p class="note">Conversations by the hour of their first message.</p>
{daily_chart(report["hours"], "Conversations started per hour of the day (UTC)", width=520)}
</section>
</div>
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
<dt>Resolved</dt><dd>Conversations that reached a knowledge-base or clinic answer, or a
triage result.</dd>
<dt>Deflection rate</dt><dd>Resolved conversations without a handoff to a human
(slot <code>handoff_requested</code> set) ÷ conversations. A conversation stuck in "Sorry, I
didn't catch that" or abandoned halfway through the questions is not deflected.</dd>
<dt>Stuck</dt><dd>Abandoned symptom checks (started, no result, no handoff); questions the
assistant re-asked because it did not understand the reply; "that didn't help" replies after an
answer; a person repeating an earlier question.</dd>
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
        titles = topic_titles(engine)
    finally:
        engine.dispose()
    return {
        "generated_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "source": sa.engine.make_url(db_url).render_as_string(hide_password=True),
        "window": {"since": iso(since), "until": iso(until)},
        **metrics,
        # the entries of top_topics by name (knowledge-base titles, clinic FAQ questions)
        "topic_titles": {t["topic"]: titles[t["topic"]] for t in metrics["top_topics"] if t["topic"] in titles},
    }


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--db-url",
        default=SETTINGS.tracker_db_url or DEFAULT_DB_URL,
        help="SQLAlchemy URL of the tracker store (default: $TRACKER_DB_URL or " f"{DEFAULT_DB_URL})",
    )
    parser.add_argument("--since", type=parse_when, help="first UTC date/datetime (inclusive)")
    parser.add_argument(
        "--until", type=lambda s: parse_when(s, end=True), help="last UTC date (inclusive) or datetime (exclusive)"
    )
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
    (args.out / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (args.out / "report.html").write_text(render_html(report), encoding="utf-8")
    print(
        f"{report['conversations']} conversations, deflection {pct(report['deflection_rate'])}, "
        f"unanswered {pct(report['unanswered_rate'])} -> {args.out / 'report.json'}, "
        f"{args.out / 'report.html'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
