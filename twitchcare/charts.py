"""HTML and inline-SVG pieces of the deflection report, shared by `make report`
(scripts/report.py) and the clinic console's dashboard (channels/console.py): no JavaScript,
no CDN, every chart a self-contained <svg>."""

from __future__ import annotations

import html
import math
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from twitchcare.render import LEVEL_LABELS
from twitchcare.triage import LEVELS

TOP_TOPICS_SHOWN = 10
LEVEL_COLORS = {"emergency": "#c0392b", "urgent": "#e67e22", "doctor": "#2c6fbb", "self_care": "#2e8b57"}
ACCENT = "#3b5b92"


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


def grid_lines(ticks: Sequence[float], y: Callable[[float], float], left: float, right_edge: float) -> List[str]:
    """Horizontal grid lines with their value labels at the left, one per tick."""
    return [
        f'<line x1="{left}" x2="{right_edge}" y1="{y(t):.1f}" y2="{y(t):.1f}" class="grid"/>'
        f'<text x="{left - 8}" y="{y(t) + 4:.1f}" class="tick" text-anchor="end">{fmt_num(t)}</text>'
        for t in ticks
    ]


def svg_open(width: int, height: int, title: str) -> str:
    return (
        f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{esc(title)}</title>"
    )


def triage_chart(conversations: Dict[str, int], results: Dict[str, int]) -> str:
    """Grouped vertical bars: conversations by most urgent level, and all results."""
    width, height = 520, 290
    left, right, top, bottom = 44, 12, 34, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    axis_top, ticks = nice_scale(max([*conversations.values(), *results.values(), 1]))

    def y(v: float) -> float:
        return top + plot_h - plot_h * v / axis_top

    parts = [svg_open(width, height, "Triage results by level")]
    # legend
    parts.append(
        f'<rect x="{left}" y="6" width="12" height="12" rx="2" fill="#555"/>'
        f'<text x="{left + 18}" y="16" class="legend">conversations (most urgent level)</text>'
        f'<rect x="{left + 240}" y="6" width="12" height="12" rx="2" fill="#555" '
        f'fill-opacity="0.3"/>'
        f'<text x="{left + 258}" y="16" class="legend">all results</text>'
    )
    parts += grid_lines(ticks, y, left, width - right)
    group_w = plot_w / len(LEVELS)
    bar_w = min(group_w * 0.32, 44)
    for i, level in enumerate(LEVELS):
        cx = left + group_w * (i + 0.5)
        color = LEVEL_COLORS[level]
        for j, (value, opacity, what) in enumerate(
            ((conversations.get(level, 0), 1.0, "conversations"), (results.get(level, 0), 0.3, "results"))
        ):
            x = cx - bar_w - 2 if j == 0 else cx + 2
            by = y(value)
            parts.append(
                f'<rect x="{x:.1f}" y="{by:.1f}" width="{bar_w:.1f}" height="{top + plot_h - by:.1f}" '
                f'rx="2" fill="{color}" fill-opacity="{opacity}">'
                f"<title>{esc(LEVEL_LABELS[level])}: {value} {what}</title></rect>"
                f'<text x="{x + bar_w / 2:.1f}" y="{by - 5:.1f}" class="value" text-anchor="middle">'
                f"{value}</text>"
            )
        parts.append(
            f'<text x="{cx:.1f}" y="{top + plot_h + 20}" class="label" text-anchor="middle">'
            f"{esc(LEVEL_LABELS[level])}</text>"
        )
    parts.append(
        f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" ' f'class="axis"/></svg>'
    )
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
            f'{row["count"]}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def daily_chart(
    daily: Dict[str, int],
    title: str = "Conversations started per day (UTC)",
    what: str = "conversations",
    width: int = 1040,
) -> str:
    """Vertical bars, one per UTC day (every day in the range, zeros included); also used
    for any other labelled series (the hours of the day)."""
    days = list(daily.items())
    height = 260
    left, right, top, bottom = 44, 12, 22, 42
    plot_w, plot_h = width - left - right, height - top - bottom
    axis_top, ticks = nice_scale(max([*daily.values(), 1]))

    def y(v: float) -> float:
        return top + plot_h - plot_h * v / axis_top

    slot = plot_w / len(days)
    bar_w = min(slot * 0.7, 60)
    label_every = max(1, math.ceil(len(days) / 14))
    parts = [svg_open(width, height, title)]
    parts += grid_lines(ticks, y, left, width - right)
    for i, (day, count) in enumerate(days):
        cx = left + slot * (i + 0.5)
        by = y(count)
        parts.append(
            f'<rect x="{cx - bar_w / 2:.1f}" y="{by:.1f}" width="{bar_w:.1f}" '
            f'height="{top + plot_h - by:.1f}" rx="2" fill="{ACCENT}">'
            f"<title>{esc(day)}: {count} {esc(what)}</title></rect>"
        )
        if len(days) <= 31 and count:
            parts.append(f'<text x="{cx:.1f}" y="{by - 5:.1f}" class="value" text-anchor="middle">' f"{count}</text>")
        if i % label_every == 0:
            parts.append(
                f'<text x="{cx:.1f}" y="{top + plot_h + 18}" class="label" ' f'text-anchor="middle">{esc(day)}</text>'
            )
    parts.append(
        f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" ' f'class="axis"/></svg>'
    )
    return "".join(parts)


CSS = """
*{box-sizing:border-box}
body{margin:0;background:#f4f5f7;color:#1f2933;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
main{max-width:1100px;margin:0 auto;padding:28px 24px 40px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:18px;margin:0 0 4px}
.meta{color:#52606d;font-size:13px;margin:0 0 22px}
.meta span{margin-right:18px}
.kpis{display:grid;grid-template-columns:repeat(6,1fr);gap:12px;margin-bottom:16px}
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
    return (
        f'<div class="kpi"><div class="k">{esc(label)}</div><div class="v">{esc(value)}</div>'
        f'<div class="s">{esc(sub)}</div></div>'
    )
