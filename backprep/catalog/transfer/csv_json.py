"""CSV and JSON: one question per row or object, the same keys both ways.

Keys: ``prompt`` (required), ``model_answer``, ``topic``, ``kind``, ``level``, ``difficulty``,
``tags`` (comma or semicolon separated, or a JSON list), ``key_points`` (one per line or separated
by `` | ``, or a JSON list of strings or ``{text, weight}`` objects) and ``id`` (written on export,
ignored on import). A key point's weight other than 1 is written as a ``(weight N)`` suffix in CSV.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from typing import Any

from backprep.catalog.models import Kind, Level
from backprep.catalog.services import KeyPointData, QuestionData

from . import ParsedRow, ParseResult, Rejected

CSV_COLUMNS = (
    "id", "prompt", "model_answer", "topic", "kind", "level", "difficulty", "tags", "key_points",
)  # fmt: skip
ALIASES = {
    "question": "prompt",
    "front": "prompt",
    "answer": "model_answer",
    "back": "model_answer",
    "keypoints": "key_points",
    "key_point": "key_points",
    "tag": "tags",
    "qid": "id",
}
WEIGHT_SUFFIX = re.compile(r"\s*\(weight\s*(\d+)\)\s*$", re.IGNORECASE)
BULLET = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NOT_UTF8 = "The file is not UTF-8 text: save it with UTF-8 encoding (e.g. 'CSV UTF-8') and retry."


class RowError(ValueError):
    """A value in a row has the wrong type or shape (reported, the row is skipped)."""


def decode_text(content: bytes) -> str | None:
    """UTF-8 text (a BOM is dropped), or None when the bytes are not UTF-8."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _choices(enum: type[Kind] | type[Level]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for value, label in enum.choices:
        for name in (value, str(label)):
            key = name.lower()
            lookup[key] = value
            lookup[re.sub(r"[\s-]+", "_", key)] = value
    return lookup


KINDS = _choices(Kind)
LEVELS = _choices(Level)


def _choice(value: str, lookup: dict[str, str], default: str) -> str:
    key = value.strip().lower()
    if not key:
        return default
    # An unknown value is passed on unchanged: the service reports it with the allowed ones.
    return lookup.get(key) or lookup.get(re.sub(r"[\s-]+", "_", key)) or value.strip()


def _text(record: Mapping[str, Any], key: str) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise RowError(f"{key}: must be text.")


def _difficulty(value: Any) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        return 2
    if isinstance(value, bool):
        raise RowError("difficulty: a whole number from 1 to 5.")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            try:
                number = float(text)
            except ValueError:
                number = 0.5
            if number.is_integer():
                return int(number)
    raise RowError(f"difficulty: a whole number from 1 to 5 (got {str(value)[:20]!r}).")


def _string_list(value: Any, key: str, *, separators: str = r"[,;]") -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in re.split(separators, value) if part.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    raise RowError(f"{key}: must be a list of strings.")


def _weight(value: Any, where: str) -> int:
    if value is None or value == "":
        return 1
    if isinstance(value, bool):
        raise RowError(f"{where}.weight: 1, 2 or 3.")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise RowError(f"{where}.weight: 1, 2 or 3.")


def key_point_from_text(text: str) -> KeyPointData:
    """``"Uses an index (weight 2)"`` -> KeyPointData("Uses an index", 2); a bullet is dropped."""
    text = BULLET.sub("", text.strip(), count=1)
    match = WEIGHT_SUFFIX.search(text)
    if match:
        return KeyPointData(text=text[: match.start()].strip(), weight=int(match.group(1)))
    return KeyPointData(text=text)


def key_point_to_text(text: str, weight: int) -> str:
    return text if weight == 1 else f"{text} (weight {weight})"


def split_key_points(value: str) -> list[str]:
    parts = value.splitlines() if "\n" in value.strip() else value.split(" | ")
    return [p for p in (part.strip() for part in parts) if p and BULLET.sub("", p).strip()]


def _key_points(value: Any) -> list[KeyPointData]:
    if value is None:
        return []
    if isinstance(value, str):
        return [key_point_from_text(part) for part in split_key_points(value)]
    if not isinstance(value, list):
        raise RowError("key_points: a list of strings or of {text, weight} objects.")
    points = []
    for i, item in enumerate(value):
        where = f"key_points.{i}"
        if isinstance(item, str):
            if item.strip():
                points.append(key_point_from_text(item))
        elif isinstance(item, dict):
            text = item.get("text")
            if not isinstance(text, str):
                raise RowError(f"{where}.text: must be text.")
            must_have = item.get("must_have") or []
            if not isinstance(must_have, list) or not all(
                isinstance(group, list) and all(isinstance(w, str) for w in group)
                for group in must_have
            ):
                raise RowError(f"{where}.must_have: a list of lists of strings.")
            points.append(
                KeyPointData(
                    text=text,
                    weight=_weight(item.get("weight"), where),
                    must_have=must_have,
                    paraphrases=_string_list(item.get("paraphrases"), f"{where}.paraphrases"),
                )
            )
        else:
            raise RowError(f"{where}: must be text or an object with 'text' and 'weight'.")
    return points


def record_to_data(record: Mapping[str, Any], *, default_topic: str) -> QuestionData:
    """A row or object -> QuestionData. Raises RowError for values of the wrong type."""
    return QuestionData(
        prompt=_text(record, "prompt").strip(),
        model_answer=_text(record, "model_answer").strip(),
        topic=_text(record, "topic").strip() or default_topic,
        kind=_choice(_text(record, "kind"), KINDS, Kind.CONCEPT),
        level=_choice(_text(record, "level"), LEVELS, Level.JUNIOR),
        difficulty=_difficulty(record.get("difficulty")),
        tags=_string_list(record.get("tags"), "tags"),
        key_points=_key_points(record.get("key_points")),
        interviewer_intent=_text(record, "interviewer_intent").strip(),
        common_mistakes=_string_list(
            record.get("common_mistakes"), "common_mistakes", separators="\n"
        ),
        follow_ups=_string_list(record.get("follow_ups"), "follow_ups", separators="\n"),
    )


# --- CSV ----------------------------------------------------------------------------------------


def _column(name: str) -> str:
    key = re.sub(r"[\s-]+", "_", name.strip().lower())
    return ALIASES.get(key, key)


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _uncell(value: str) -> str:
    """Undo the export's guard against spreadsheet formulas (a leading apostrophe)."""
    if value.startswith("'") and value[1:2] in FORMULA_START:
        return value[1:]
    return value


def _cell(value: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas: prefix an apostrophe."""
    return "'" + value if value.startswith(FORMULA_START) else value


def parse_csv(content: bytes, *, default_topic: str) -> ParseResult:
    text = decode_text(content)
    if text is None:
        return ParseResult.refused(NOT_UTF8)
    if not text.strip():
        return ParseResult.refused("The file is empty.")
    delimiter = _delimiter(text.lstrip("\r\n").split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
        while not any(cell.strip() for cell in header):
            header = next(reader)
    except (csv.Error, StopIteration) as exc:
        return ParseResult.refused(f"The header row cannot be read: {exc or 'no rows'}.")
    columns = [_column(h) for h in header]
    if "prompt" not in columns:
        found = ", ".join(repr(h.strip()) for h in header[:10] if h.strip()) or "nothing"
        return ParseResult.refused(
            "The first row must be a header naming the columns, with at least a 'prompt' "
            f"column (found {found})."
        )
    result = ParseResult()
    last_line = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            result.rejected.append(
                Rejected(
                    last_line + 1, f"Unreadable CSV ({exc}); the rest of the file was skipped."
                )
            )
            break
        line, last_line = last_line + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(columns):
            result.rejected.append(
                Rejected(
                    line,
                    f"The row has {len(row)} values but the header has {len(columns)} columns "
                    "(a value with a comma or line break must be in double quotes).",
                )
            )
            continue
        record: dict[str, str] = {}
        for column, cell in zip(columns, row, strict=False):
            record.setdefault(column, _uncell(cell))
        try:
            result.rows.append(ParsedRow(line, record_to_data(record, default_topic=default_topic)))
        except RowError as exc:
            result.rejected.append(Rejected(line, str(exc)))
    return result


def write_csv(records: list[dict[str, Any]]) -> bytes:
    """Records as made by ``exporter.question_record`` -> CSV (UTF-8 with a BOM for Excel)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for record in records:
        points = [key_point_to_text(p["text"], p["weight"]) for p in record["key_points"]]
        values = {
            **record,
            "difficulty": str(record["difficulty"]),
            "tags": ", ".join(record["tags"]),
            "key_points": "\n".join(points),
        }
        writer.writerow([_cell(str(values[c])) for c in CSV_COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# --- JSON ---------------------------------------------------------------------------------------


def parse_json(content: bytes, *, default_topic: str) -> ParseResult:
    text = decode_text(content)
    if text is None:
        return ParseResult.refused(NOT_UTF8)
    if not text.strip():
        return ParseResult.refused("The file is empty.")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        return ParseResult.refused(
            f"The file is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        )
    except (ValueError, RecursionError) as exc:
        return ParseResult.refused(f"The file is not valid JSON: {exc}.")
    if isinstance(document, dict) and isinstance(document.get("questions"), list):
        document = document["questions"]
    if not isinstance(document, list):
        return ParseResult.refused(
            "The JSON must be a list of question objects (or an object with a 'questions' list)."
        )
    result = ParseResult()
    for number, item in enumerate(document, start=1):
        if not isinstance(item, dict):
            result.rejected.append(Rejected(number, "Expected an object with at least a 'prompt'."))
            continue
        try:
            result.rows.append(ParsedRow(number, record_to_data(item, default_topic=default_topic)))
        except RowError as exc:
            result.rejected.append(Rejected(number, str(exc)))
    return result


def write_json(records: list[dict[str, Any]]) -> bytes:
    out = []
    for record in records:
        points = []
        for point in record["key_points"]:
            entry: dict[str, Any] = {"text": point["text"], "weight": point["weight"]}
            if point.get("must_have"):
                entry["must_have"] = point["must_have"]
            if point.get("paraphrases"):
                entry["paraphrases"] = point["paraphrases"]
            points.append(entry)
        out.append({**record, "key_points": points})
    return (json.dumps(out, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
