"""Anki packages (.apkg): reading basic and cloze notes, and writing a deck with stable ids.

An .apkg is a zip holding a SQLite collection: ``collection.anki2`` / ``collection.anki21``
(note types as JSON in ``col.models``) or, from Anki 2.1.50 on, ``collection.anki21b`` compressed
with zstd (note types in the ``notetypes`` and ``fields`` tables; such packages also carry a
placeholder ``collection.anki2`` that must not be read). Nothing is extracted to a path from the
archive: the collection's bytes are read with size caps and written to a temporary file of ours.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import importlib
import io
import itertools
import json
import os
import re
import sqlite3
import tempfile
import time
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import genanki

from backprep.catalog.services import KeyPointData, QuestionData

from . import ParsedRow, ParseResult, Rejected
from .csv_json import key_point_from_text, key_point_to_text

MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_NOTES = 5000
READ_SECONDS = 10.0
NOTES_QUERY = "SELECT id, mid, flds, tags FROM notes ORDER BY id LIMIT ?"
SQLITE_MAGIC = b"SQLite format 3\x00"
COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
OLDER_ANKI = (
    "This package uses the newer Anki format (collection.anki21b), which needs the zstandard "
    "package on the server. In Anki, re-export with 'Support older Anki versions' ticked."
)
CLOZE = re.compile(
    r"\{\{c(\d+)::((?:(?!\{\{|\}\}).)*?)(?:::((?:(?!\{\{|\}\}).)*?))?\}\}", re.DOTALL
)
SOUND = re.compile(r"\[sound:[^\]]*\]")
TAG_LIKE = re.compile(r"<(?=[A-Za-z/!?])")

# Export: a fixed note type, so Anki recognises re-imported notes as the same kind.
MODEL_ID = 1_733_910_417
MODEL = genanki.Model(
    MODEL_ID,
    "backprep question",
    fields=[{"name": "Prompt"}, {"name": "Answer"}, {"name": "Key points"}, {"name": "Id"}],
    templates=[
        {
            "name": "Card 1",
            "qfmt": '<div class="prompt">{{Prompt}}</div>',
            "afmt": (
                '{{FrontSide}}<hr id="answer"><div class="answer">{{Answer}}</div>'
                "{{#Key points}}<h4>Key points</h4>{{Key points}}{{/Key points}}"
            ),
        }
    ],
    css=".card { font-family: sans-serif; font-size: 18px; text-align: left; }\n"
    ".prompt { font-weight: 600; }\n",
)


class AnkiError(Exception):
    """The package cannot be read; the message is shown to the user."""


# --- HTML to text -------------------------------------------------------------------------------


class _Text(HTMLParser):
    # fmt: off
    BLOCK = frozenset((
        "address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "h1", "h2", "h3",
        "h4", "h5", "h6", "hr", "li", "ol", "p", "pre", "section", "table", "tr", "ul",
    ))
    # fmt: on
    SKIP = frozenset(("script", "style", "head", "title", "template"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(value: str) -> str:
    """An Anki field's HTML as plain text: tags dropped, entities decoded, blocks on new lines."""
    parser = _Text()
    parser.feed(SOUND.sub("", value))
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    text = "\n".join(" ".join(line.split()) for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _markdown_safe(text: str) -> str:
    """Keep tag-like text (``<b>`` typed as text) from becoming HTML in the stored Markdown."""
    return TAG_LIKE.sub("&lt;", text)


# --- notes to questions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NoteType:
    cloze: bool
    fields: list[str]


def cloze_prompt(text: str) -> str:
    for _ in range(10):  # nested clozes: innermost first
        replaced = CLOZE.sub(lambda m: f"[{m.group(3)}]" if m.group(3) else "[...]", text)
        if replaced == text:
            break
        text = replaced
    return text


def cloze_answer(text: str) -> str:
    for _ in range(10):
        replaced = CLOZE.sub(lambda m: m.group(2), text)
        if replaced == text:
            break
        text = replaced
    return text


def note_to_data(
    fields: list[str], note_type: NoteType, *, tags: list[str], topic: str
) -> QuestionData:
    names = [name.strip().lower() for name in note_type.fields]
    if note_type.cloze:
        source = fields[0] if fields else ""
        prompt = html_to_text(cloze_prompt(source))
        extra = html_to_text(fields[1]) if len(fields) > 1 else ""
        answer = "\n\n".join(part for part in (html_to_text(cloze_answer(source)), extra) if part)
    else:
        prompt = html_to_text(fields[0]) if fields else ""
        answer = html_to_text(fields[1]) if len(fields) > 1 else ""
    key_points: list[KeyPointData] = []
    if "key points" in names and names.index("key points") < len(fields):
        text = html_to_text(fields[names.index("key points")])
        key_points = [key_point_from_text(line) for line in text.splitlines() if line.strip()]
    return QuestionData(
        prompt=prompt,
        model_answer=_markdown_safe(answer),
        topic=topic,
        key_points=key_points,
        tags=tags,
    )


def _tags(raw: str) -> list[str]:
    seen: list[str] = []
    for tag in raw.split():
        name = tag.replace("::", "-").strip("-")
        if name and name.lower() not in ("leech", "marked") and name not in seen:
            seen.append(name)
    return seen[:10]


# --- reading the package ------------------------------------------------------------------------


def _safe_name(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return not (name.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", name))


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    out = bytearray()
    with archive.open(info) as handle:
        while chunk := handle.read(1 << 16):
            out += chunk
            if len(out) > budget:
                raise AnkiError(_too_large())
    return bytes(out)


def _too_large() -> str:
    return f"The package unpacks to more than {MAX_UNCOMPRESSED // (1024 * 1024)} MB."


def _zstandard() -> Any:
    try:
        return importlib.import_module("zstandard")
    except ImportError:
        return None


def _decompress_zstd(data: bytes) -> bytes:
    zstandard = _zstandard()
    if zstandard is None:
        raise AnkiError(OLDER_ANKI)
    out = bytearray()
    try:
        with zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data)) as reader:
            while chunk := reader.read(1 << 16):
                out += chunk
                if len(out) > MAX_UNCOMPRESSED:
                    raise AnkiError(_too_large())
    except zstandard.ZstdError as exc:
        raise AnkiError(f"The collection cannot be decompressed ({exc}).") from exc
    return bytes(out)


def collection_bytes(content: bytes) -> bytes:
    """The SQLite collection inside an .apkg (or the bytes themselves if they are one)."""
    if content.startswith(SQLITE_MAGIC):
        return content
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise AnkiError("The file is not an Anki package (.apkg files are zip archives).") from exc
    with archive:
        infos = archive.infolist()
        unsafe = [i.filename for i in infos if not _safe_name(i.filename)]
        if unsafe:
            raise AnkiError(f"The archive holds an unsafe file name ({unsafe[0][:80]!r}).")
        if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED:
            raise AnkiError(_too_large())
        members = {i.filename: i for i in infos}
        name = next((n for n in COLLECTIONS if n in members), None)
        if name is None:
            raise AnkiError("The archive has no Anki collection (collection.anki2 or .anki21).")
        try:
            data = _read_member(archive, members[name], MAX_UNCOMPRESSED)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, zlib.error, EOFError) as exc:
            raise AnkiError(f"The archive cannot be read ({exc}).") from exc
    if name.endswith("b"):
        data = _decompress_zstd(data)
    if not data.startswith(SQLITE_MAGIC):
        raise AnkiError("The collection in the package is not a SQLite database.")
    return data


@contextlib.contextmanager
def _open_sqlite(data: bytes) -> Iterator[sqlite3.Connection]:
    handle, path = tempfile.mkstemp(prefix="backprep-anki-", suffix=".sqlite")
    connection: sqlite3.Connection | None = None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        connection = sqlite3.connect(f"{Path(path).as_uri()}?mode=ro&immutable=1", uri=True)
        deadline = time.monotonic() + READ_SECONDS
        connection.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
        connection.execute("PRAGMA trusted_schema = OFF")
        if hasattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE"):
            connection.setconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE, True)
        yield connection
    finally:
        if connection is not None:
            connection.close()
        os.unlink(path)


def _tables(connection: sqlite3.Connection) -> set[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {row[0] for row in rows}


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while pos < len(data):
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            break
        shift += 7
    return value, pos


def _notetype_kind(config: bytes) -> int:
    """Field 1 (``kind``: 0 normal, 1 cloze) of the NotetypeConfig protobuf."""
    pos = 0
    while pos < len(config):
        key, pos = _varint(config, pos)
        field_number, wire_type = key >> 3, key & 7
        if wire_type == 0:
            value, pos = _varint(config, pos)
            if field_number == 1:
                return value
        elif wire_type == 2:
            length, pos = _varint(config, pos)
            pos += length
        elif wire_type in (1, 5):
            pos += 8 if wire_type == 1 else 4
        else:
            break
    return 0


def _note_types(connection: sqlite3.Connection, tables: set[str]) -> dict[int, NoteType]:
    types: dict[int, NoteType] = {}
    if "notetypes" in tables and "fields" in tables:
        fields: dict[int, list[str]] = {}
        for ntid, name in connection.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
            fields.setdefault(ntid, []).append(str(name))
        for ntid, name, config in connection.execute("SELECT id, name, config FROM notetypes"):
            cloze = _notetype_kind(bytes(config or b"")) == 1 or "cloze" in str(name).lower()
            types[ntid] = NoteType(cloze=cloze, fields=fields.get(ntid, []))
        return types
    row = connection.execute("SELECT models FROM col LIMIT 1").fetchone()
    models = json.loads(row[0]) if row and row[0] else {}
    for key, model in models.items():
        names = [
            f.get("name", "") for f in sorted(model.get("flds", []), key=lambda f: f.get("ord", 0))
        ]
        types[int(key)] = NoteType(cloze=model.get("type") == 1, fields=names)
    return types


def _deck_names(connection: sqlite3.Connection, tables: set[str]) -> dict[int, str]:
    """Card id -> the last part of its deck's name ("Default" is left out)."""
    names: dict[int, str] = {}
    if "decks" in tables:
        rows = connection.execute("SELECT id, name FROM decks").fetchall()
        names = {int(i): str(n).replace("\x1f", "::") for i, n in rows}
    elif "col" in tables:
        row = connection.execute("SELECT decks FROM col LIMIT 1").fetchone()
        decks = json.loads(row[0]) if row and row[0] else {}
        names = {int(k): str(v.get("name", "")) for k, v in decks.items()}
    return {k: v.split("::")[-1].strip() for k, v in names.items() if v and v != "Default"}


def _note_topics(connection: sqlite3.Connection, tables: set[str]) -> dict[int, str]:
    if "cards" not in tables:
        return {}
    decks = _deck_names(connection, tables)
    rows = connection.execute("SELECT nid, MIN(did) FROM cards GROUP BY nid")
    return {int(nid): decks[int(did)] for nid, did in rows if int(did) in decks}


def read_notes(data: bytes, *, default_topic: str) -> ParseResult:
    result = ParseResult()
    with _open_sqlite(data) as connection:
        tables = _tables(connection)
        if "notes" not in tables:
            raise AnkiError("The collection has no notes table.")
        types = _note_types(connection, tables)
        topics = _note_topics(connection, tables)
        columns = {row[1] for row in connection.execute("PRAGMA table_info(notes)")}
        query = NOTES_QUERY if "tags" in columns else NOTES_QUERY.replace("tags", "''")
        for number, (nid, mid, flds, tags) in enumerate(
            connection.execute(query, (MAX_NOTES + 1,)), start=1
        ):
            note_type = types.get(mid)
            if note_type is None:
                result.rejected.append(Rejected(number, "The note's note type is missing."))
                continue
            data_ = note_to_data(
                str(flds or "").split("\x1f"),
                note_type,
                tags=_tags(str(tags or "")),
                topic=topics.get(nid, default_topic),
            )
            result.rows.append(ParsedRow(number, data_))
    if not result.rows and not result.rejected:
        return ParseResult.refused("The package holds no notes.")
    return result


def parse_apkg(content: bytes, *, default_topic: str) -> ParseResult:
    try:
        return read_notes(collection_bytes(content), default_topic=default_topic)
    except AnkiError as exc:
        return ParseResult.refused(str(exc))
    except (sqlite3.Error, json.JSONDecodeError, ValueError, TypeError, AttributeError) as exc:
        return ParseResult.refused(f"The Anki collection cannot be read ({exc}).")


# --- writing a package --------------------------------------------------------------------------


def deck_id_for(*, owner_id: int, deck_id: int) -> int:
    """A stable Anki deck id for one of our decks (same deck -> same Anki deck on re-import)."""
    digest = hashlib.sha256(f"backprep-deck:{owner_id}:{deck_id}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:6], "big")


@dataclass(frozen=True)
class AnkiNote:
    qid: str
    prompt: str
    answer_html: str
    key_points: list[tuple[str, int]]
    tags: list[str]


def _key_points_html(points: list[tuple[str, int]]) -> str:
    if not points:
        return ""
    items = "".join(f"<li>{html.escape(key_point_to_text(t, w))}</li>" for t, w in points)
    return f"<ul>{items}</ul>"


def write_apkg(*, deck_id: int, name: str, description: str, notes: list[AnkiNote]) -> bytes:
    deck = genanki.Deck(deck_id, name, description=html.escape(description))
    for note in notes:
        deck.add_note(
            genanki.Note(
                model=MODEL,
                fields=[
                    html.escape(note.prompt).replace("\n", "<br>"),
                    note.answer_html,
                    _key_points_html(note.key_points),
                    html.escape(note.qid),
                ],
                guid=genanki.guid_for(note.qid),
                tags=[t.replace(" ", "-") for t in note.tags],
            )
        )
    package = genanki.Package(deck)
    timestamp = time.time()
    with tempfile.TemporaryDirectory(prefix="backprep-anki-") as folder:
        path = os.path.join(folder, "collection.anki2")
        connection = sqlite3.connect(path)
        try:
            package.write_to_db(
                connection.cursor(), timestamp, itertools.count(int(timestamp * 1000))
            )
            connection.commit()
        finally:
            connection.close()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(path, "collection.anki2")
            archive.writestr("media", "{}")
    return buffer.getvalue()
