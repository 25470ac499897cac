"""Server-rendered SVG charts for the progress page.

The charts are plain strings of SVG, safe to insert in a template: every piece of text is
escaped, there are no scripts, no event handlers and no ``style`` attributes (the CSP forbids
inline styles). Colours come from CSS classes in ``static/css/charts.css`` that use the site's
theme variables, so the charts follow the light and dark themes; the ``fill`` presentation
attributes are only a fallback for a page without that stylesheet (CSS rules win over them).

Each chart is ``role="img"`` with an ``aria-label`` that summarises the data; each cell or bar
has a ``<title>`` (a tooltip on hover, and the per-item text for assistive technology).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .progress import DayCount, TopicMastery

SVG_NS = "http://www.w3.org/2000/svg"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# Heatmap geometry (Monday-first rows, one column per week).
CELL = 11
GAP = 3
STEP = CELL + GAP
LEFT = 30
TOP = 18
HEAT_LEVELS = 4

# Light-theme fallbacks, used only when charts.css is missing.
FALLBACK = {
    "empty": "#eef1f8",
    "accent": "#2f5bea",
    "track": "#eef1f8",
    "text": "#545d78",
    "bad": "#b3261e",
    "warn": "#8a5a00",
    "good": "#137a4b",
}


def _text(value: object) -> str:
    """Escape text for XML, dropping the control characters XML 1.0 cannot carry."""
    raw = "".join(ch for ch in str(value) if ch >= " " or ch in "\t\n\r")
    return str(escape(raw))


def _svg(width: int, height: int, label: str, css: str, body: Iterable[str]) -> SafeString:
    head = (
        f'<svg xmlns="{SVG_NS}" class="chart {css}" role="img" aria-label="{_text(label)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'preserveAspectRatio="xMinYMin meet" focusable="false">'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 - every text is escaped


def _num(value: float) -> str:
    """A coordinate with at most one decimal and no trailing zero: 110, 27.5."""
    return f"{round(value, 1):g}"


def format_day(day: dt.date) -> str:
    """``12 Mar 2026``, whatever the locale."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def heat_level(count: int, busiest: int) -> int:
    """0 for no reviews, then 1..4 by the share of the busiest day."""
    if count <= 0 or busiest <= 0:
        return 0
    return max(1, min(HEAT_LEVELS, math.ceil(HEAT_LEVELS * count / busiest)))


def activity_heatmap(days: Sequence[DayCount], *, streak: int | None = None) -> SafeString:
    """A GitHub-style calendar: weeks as columns, Monday to Sunday as rows, oldest on the left."""
    busiest = max((d.count for d in days), default=0)
    first_row = days[0].day.weekday() if days else 0
    columns = (first_row + len(days) + 6) // 7
    width = LEFT + columns * STEP + 12  # room for a label over the last column
    grid_bottom = TOP + 7 * STEP
    height = grid_bottom + 22
    parts: list[str] = []

    # A month's label sits over its first week that starts on a Monday (as GitHub does); the
    # first, partial month gets one too when there is room before the next label.
    labels = [
        ((first_row + index) // 7, item.day.month)
        for index, item in enumerate(days)
        if item.day.weekday() == 0 and item.day.day <= 7
    ]
    if days and (not labels or labels[0][0] >= 3):
        labels.insert(0, (0, days[0].day.month))
    for col, month in labels:
        parts.append(
            f'<text class="chart-label" x="{LEFT + col * STEP}" y="{TOP - 6}" font-size="10" '
            f'fill="{FALLBACK["text"]}">{MONTHS[month - 1]}</text>'
        )
    for row in (0, 2, 4):
        parts.append(
            f'<text class="chart-label" x="0" y="{TOP + row * STEP + CELL - 1}" font-size="10" '
            f'fill="{FALLBACK["text"]}">{WEEKDAYS[row]}</text>'
        )

    for index, item in enumerate(days):
        offset = first_row + index
        x, y = LEFT + (offset // 7) * STEP, TOP + (offset % 7) * STEP
        level = heat_level(item.count, busiest)
        fill = FALLBACK["empty"] if level == 0 else FALLBACK["accent"]
        parts.append(
            f'<rect class="heat heat-{level}" x="{x}" y="{y}" width="{CELL}" height="{CELL}" '
            f'rx="2" fill="{fill}"><title>{_plural(item.count, "review")} on '
            f"{format_day(item.day)}</title></rect>"
        )

    # Legend: Less [0][1][2][3][4] More, bottom right.
    legend_x = width - (HEAT_LEVELS + 1) * STEP - 32
    legend_y = grid_bottom + 6
    parts.append(
        f'<text class="chart-label" x="{legend_x - 4}" y="{legend_y + CELL - 1}" font-size="10" '
        f'text-anchor="end" fill="{FALLBACK["text"]}">Less</text>'
    )
    for level in range(HEAT_LEVELS + 1):
        fill = FALLBACK["empty"] if level == 0 else FALLBACK["accent"]
        parts.append(
            f'<rect class="heat heat-{level}" x="{legend_x + level * STEP}" y="{legend_y}" '
            f'width="{CELL}" height="{CELL}" rx="2" fill="{fill}" aria-hidden="true"/>'
        )
    parts.append(
        f'<text class="chart-label" x="{legend_x + (HEAT_LEVELS + 1) * STEP + 2}" '
        f'y="{legend_y + CELL - 1}" font-size="10" fill="{FALLBACK["text"]}">More</text>'
    )
    return _svg(width, height, _heatmap_summary(days, busiest, streak), "heatmap", parts)


def _heatmap_summary(days: Sequence[DayCount], busiest: int, streak: int | None) -> str:
    if not days:
        return "Review activity: no data."
    total = sum(d.count for d in days)
    active = sum(1 for d in days if d.count)
    span = f"from {format_day(days[0].day)} to {format_day(days[-1].day)}"
    if total == 0:
        return f"Review activity {span}: no reviews yet."
    best = next(d for d in days if d.count == busiest)
    text = (
        f"Review activity {span}: {_plural(total, 'review')} on {_plural(active, 'day')}; "
        f"busiest day {format_day(best.day)} with {_plural(busiest, 'review')}"
    )
    if streak is not None:
        text += f"; current streak {_plural(streak, 'day')}"
    return text + "."


def _mastery_class(value: float) -> str:
    if value < 0.4:
        return "bad"
    if value < 0.7:
        return "warn"
    return "good"


def _short(name: str, limit: int = 24) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def mastery_bars(topics: Sequence[TopicMastery]) -> SafeString:
    """Horizontal bars, one per topic in the given order, 0-100% mastery."""
    label_w, bar_w, value_w, row_h, bar_h = 180, 420, 50, 28, 16
    width = label_w + bar_w + value_w
    height = max(1, len(topics)) * row_h + 4
    parts: list[str] = []
    if not topics:
        parts.append(
            f'<text class="chart-label" x="0" y="18" font-size="12" '
            f'fill="{FALLBACK["text"]}">No topics practised yet.</text>'
        )
    for i, topic in enumerate(topics):
        y = i * row_h + 4
        pct = round(topic.mastery * 100)
        kind = _mastery_class(topic.mastery)
        length = _num(bar_w * topic.mastery)
        parts.append(
            f'<g class="bar-row"><title>{_text(topic.name)}: {pct}% mastery, '
            f"{_plural(topic.cards, 'card')} of {_plural(topic.questions, 'question')}</title>"
            f'<text class="chart-label chart-name" x="{label_w - 8}" y="{y + bar_h - 3}" '
            f'font-size="12" text-anchor="end" fill="{FALLBACK["text"]}">'
            f"{_text(_short(topic.name))}</text>"
            f'<rect class="bar-track" x="{label_w}" y="{y}" width="{bar_w}" height="{bar_h}" '
            f'rx="3" fill="{FALLBACK["track"]}"/>'
            f'<rect class="bar bar-{kind}" x="{label_w}" y="{y}" width="{length}" '
            f'height="{bar_h}" rx="3" fill="{FALLBACK[kind]}"/>'
            f'<text class="chart-label chart-value" x="{label_w + bar_w + 6}" '
            f'y="{y + bar_h - 3}" font-size="12" fill="{FALLBACK["text"]}">{pct}%</text></g>'
        )
    if topics:
        listed = ", ".join(f"{t.name} {round(t.mastery * 100)}%" for t in topics[:10])
        more = f" and {len(topics) - 10} more" if len(topics) > 10 else ""
        label = f"Mastery of {_plural(len(topics), 'topic')}, weakest first: {listed}{more}."
    else:
        label = "Topic mastery: no topics practised yet."
    return _svg(width, height, label, "mastery", parts)


def due_forecast(days: Sequence[DayCount]) -> SafeString:
    """Vertical bars of the cards due on each of the next days; the first bar is today."""
    col_w, bar_w, plot_h, top, bottom = 56, 34, 110, 18, 22
    width = max(1, len(days)) * col_w
    height = top + plot_h + bottom
    peak = max((d.count for d in days), default=0)
    parts: list[str] = [
        f'<line class="axis" x1="0" y1="{top + plot_h}" x2="{width}" y2="{top + plot_h}" '
        f'stroke="{FALLBACK["track"]}"/>'
    ]
    for i, item in enumerate(days):
        name = "Today" if i == 0 else WEEKDAYS[item.day.weekday()]
        x = i * col_w + (col_w - bar_w) / 2
        bar_h = plot_h * item.count / peak if peak else 0.0
        if item.count:
            bar_h = max(bar_h, 2.0)  # a bar for every non-zero day
        y = top + plot_h - bar_h
        when = "today" if i == 0 else f"on {name} {format_day(item.day)}"
        parts.append(
            f'<g class="bar-col"><title>{_plural(item.count, "card")} due {when}</title>'
            f'<rect class="bar bar-due" x="{_num(x)}" y="{_num(y)}" width="{bar_w}" '
            f'height="{_num(bar_h)}" '
            f'rx="3" fill="{FALLBACK["accent"]}"/>'
            f'<text class="chart-label chart-value" x="{_num(i * col_w + col_w / 2)}" '
            f'y="{_num(y - 4)}" '
            f'font-size="11" text-anchor="middle" fill="{FALLBACK["text"]}">{item.count}</text>'
            f'<text class="chart-label" x="{_num(i * col_w + col_w / 2)}" y="{height - 6}" '
            f'font-size="11" text-anchor="middle" fill="{FALLBACK["text"]}">{name}</text></g>'
        )
    summary = "; ".join(
        f"{'today' if i == 0 else WEEKDAYS[d.day.weekday()] + ' ' + format_day(d.day)} {d.count}"
        for i, d in enumerate(days)
    )
    label = f"Cards due over the next {_plural(len(days), 'day')}: {summary or 'none'}."
    return _svg(width, height, label, "forecast", parts)
