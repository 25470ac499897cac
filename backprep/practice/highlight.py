"""Mark the words of an answer that a grader counted as evidence, without trusting the text."""

from __future__ import annotations

from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def highlight(answer: str, points: list[dict[str, Any]]) -> SafeString:
    spans = sorted(
        {
            (int(e["start"]), int(e["end"]))
            for p in points
            for e in p.get("evidence", [])
            if 0 <= int(e["start"]) < int(e["end"]) <= len(answer)
        }
    )
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out: list[str] = []
    cursor = 0
    for start, end in merged:
        out.append(escape(answer[cursor:start]))
        out.append(f"<mark>{escape(answer[start:end])}</mark>")
        cursor = end
    out.append(escape(answer[cursor:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece is escaped above)
