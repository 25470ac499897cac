"""Anki packages: basic and cloze notes from genanki, a hand-written legacy collection, the newer
zstd format, unsafe archives, and exports whose note GUIDs stay the same."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile

import genanki
import pytest

from backprep.catalog.models import Question
from backprep.catalog.services import (
    KeyPointData,
    QuestionData,
    deck_add_questions,
    deck_create,
    question_create,
)
from backprep.catalog.transfer import anki
from backprep.catalog.transfer.anki import parse_apkg
from backprep.catalog.transfer.exporter import export_deck
from backprep.catalog.transfer.importer import import_questions


def genanki_package(tmp_path, notes, *, deck_name="Interview::Databases"):
    deck = genanki.Deck(2_059_400_110, deck_name)
    for note in notes:
        deck.add_note(note)
    path = tmp_path / "deck.apkg"
    genanki.Package(deck).write_to_file(str(path))
    return path.read_bytes()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def sqlite_bytes(tmp_path, script: str, rows: dict[str, list[tuple]]) -> bytes:
    path = tmp_path / "collection.sqlite"
    connection = sqlite3.connect(path)
    connection.executescript(script)
    for table, values in rows.items():
        marks = ",".join("?" * len(values[0]))
        connection.executemany(f"INSERT INTO {table} VALUES ({marks})", values)
    connection.commit()
    connection.close()
    return path.read_bytes()


LEGACY_SCHEMA = """
CREATE TABLE col (id integer primary key, models text not null, decks text not null);
CREATE TABLE notes (id integer primary key, guid text, mid integer, tags text, flds text);
CREATE TABLE cards (id integer primary key, nid integer, did integer);
"""


def legacy_collection(tmp_path, notes: list[tuple[int, int, str, str]]) -> bytes:
    """A collection.anki2 written by hand: note types as JSON in col.models, as Anki 2.1 did."""
    models = {
        "100": {
            "name": "Basic",
            "type": 0,
            "flds": [{"name": "Back", "ord": 1}, {"name": "Front", "ord": 0}],
        },
        "200": {
            "name": "Cloze",
            "type": 1,
            "flds": [{"name": "Text", "ord": 0}, {"name": "Extra", "ord": 1}],
        },
    }
    decks = {"1": {"name": "Default"}, "7": {"name": "Backend::Networking"}}
    return sqlite_bytes(
        tmp_path,
        LEGACY_SCHEMA,
        {
            "col": [(1, json.dumps(models), json.dumps(decks))],
            "notes": [(nid, f"g{nid}", mid, tags, flds) for nid, mid, tags, flds in notes],
            "cards": [(nid * 10, nid, 7 if nid % 2 else 1) for nid, *_ in notes],
        },
    )


def summary(result):
    return [
        (r.line, r.data.topic, r.data.prompt, r.data.model_answer, r.data.tags) for r in result.rows
    ]


# --- reading ------------------------------------------------------------------------------------


def test_basic_and_cloze_notes_from_genanki(tmp_path):
    content = genanki_package(
        tmp_path,
        [
            genanki.Note(
                model=genanki.BASIC_MODEL,
                tags=["sql", "db::postgres", "leech"],
                fields=[
                    "What is <b>MVCC</b>?&nbsp;",
                    "Each transaction sees a <i>snapshot</i>.<br>Writers do not block readers.<div>&lt;b&gt; is text</div>",
                ],
            ),
            genanki.Note(
                model=genanki.CLOZE_MODEL,
                fields=[
                    "The {{c1::WAL}} is written before the {{c2::data files::which files?}}.",
                    "<b>Durability</b>",
                ],
            ),
            genanki.Note(
                model=genanki.BASIC_MODEL, fields=["<br>", "An answer without a question"]
            ),
        ],
    )

    result = parse_apkg(content, default_topic="Deck")

    assert result.rejected == []
    assert summary(result) == [
        (
            1,
            "Databases",
            "What is MVCC?",
            "Each transaction sees a snapshot.\nWriters do not block readers.\n&lt;b> is text",
            ["sql", "db-postgres"],
        ),
        (
            2,
            "Databases",
            "The [...] is written before the [which files?].",
            "The WAL is written before the data files.\n\nDurability",
            [],
        ),
        (3, "Databases", "", "An answer without a question", []),
    ]


@pytest.mark.django_db
def test_importing_a_package_reports_the_note_without_a_question(tmp_path, user):
    content = genanki_package(
        tmp_path,
        [
            genanki.Note(
                model=genanki.BASIC_MODEL, fields=["What is a WAL?", "A write-ahead log."]
            ),
            genanki.Note(model=genanki.BASIC_MODEL, fields=["", "No question"]),
        ],
    )
    deck = deck_create(owner=user, name="Anki")
    parsed = parse_apkg(content, default_topic=deck.name)

    report = import_questions(
        owner=user,
        deck=deck,
        rows=parsed.rows,
        rejected=parsed.rejected,
        all_or_nothing=False,
        format="apkg",
    )

    assert report.imported == 1
    assert [(r.line, r.reason) for r in report.rejected] == [
        (2, "prompt: The question cannot be empty.")
    ]
    question = deck.questions.get()
    assert (question.prompt, question.model_answer, question.topic.name) == (
        "What is a WAL?",
        "A write-ahead log.",
        "Databases",
    )


def test_a_hand_written_legacy_collection_in_a_zip_and_as_plain_sqlite(tmp_path):
    collection = legacy_collection(
        tmp_path,
        [
            (1, 100, " tcp ", "What is a TCP handshake?\x1fSYN, SYN-ACK, ACK"),
            (2, 200, "", "DNS maps {{c1::names}} to {{c1::addresses}}.\x1f"),
            (3, 999, "", "Orphan\x1fnote"),
            (4, 100, "", "Only a front"),
        ],
    )

    for content in (zip_bytes({"collection.anki2": collection, "media": b"{}"}), collection):
        result = parse_apkg(content, default_topic="Deck")
        assert summary(result) == [
            (1, "Networking", "What is a TCP handshake?", "SYN, SYN-ACK, ACK", ["tcp"]),
            (2, "Deck", "DNS maps [...] to [...].", "DNS maps names to addresses.", []),
            (4, "Deck", "Only a front", "", []),
        ]
        assert [(r.line, r.reason) for r in result.rejected] == [
            (3, "The note's note type is missing.")
        ]


NEW_SCHEMA = """
CREATE TABLE col (id integer primary key, models text not null, decks text not null);
CREATE TABLE notetypes (id integer primary key, name text, mtime_secs integer, usn integer, config blob);
CREATE TABLE fields (ntid integer, ord integer, name text, config blob, PRIMARY KEY (ntid, ord));
CREATE TABLE decks (id integer primary key, name text);
CREATE TABLE notes (id integer primary key, guid text, mid integer, tags text, flds text);
CREATE TABLE cards (id integer primary key, nid integer, did integer);
"""


def anki21b_package(tmp_path, zstandard) -> bytes:
    """Anki >= 2.1.50: a zstd-compressed collection.anki21b plus a placeholder collection.anki2."""
    cloze_config = b"\x08\x01\x1a\x03css"  # NotetypeConfig: kind = 1 (cloze), css = "css"
    basic_config = b"\x1a\x03css"
    collection = sqlite_bytes(
        tmp_path,
        NEW_SCHEMA,
        {
            "col": [(1, "", "")],
            "notetypes": [(1, "Basic", 0, 0, basic_config), (2, "My cloze", 0, 0, cloze_config)],
            "fields": [
                (1, 0, "Front", b""),
                (1, 1, "Back", b""),
                (2, 0, "Text", b""),
                (2, 1, "Back Extra", b""),
            ],
            "decks": [(5, "Backend\x1fCaching")],
            "notes": [
                (1, "a", 1, "", "What is a TTL?\x1fTime to live"),
                (2, "b", 2, "", "{{c1::Redis}} is an in-memory store\x1f"),
            ],
            "cards": [(10, 1, 5), (20, 2, 5)],
        },
    )
    placeholder_dir = tmp_path / "placeholder"
    placeholder_dir.mkdir(exist_ok=True)
    placeholder = legacy_collection(
        placeholder_dir, [(1, 100, "", "Please update to the latest Anki version\x1f")]
    )
    return zip_bytes(
        {
            "collection.anki2": placeholder,
            "collection.anki21b": zstandard.ZstdCompressor().compress(collection),
            "media": b"",
        }
    )


def test_the_newer_zstd_format_is_read_instead_of_its_placeholder(tmp_path):
    zstandard = pytest.importorskip("zstandard")
    result = parse_apkg(anki21b_package(tmp_path, zstandard), default_topic="Deck")
    assert result.rejected == []
    assert summary(result) == [
        (1, "Caching", "What is a TTL?", "Time to live", []),
        (2, "Caching", "[...] is an in-memory store", "Redis is an in-memory store", []),
    ]


def test_the_newer_format_without_zstandard_asks_for_a_legacy_export(tmp_path, monkeypatch):
    zstandard = pytest.importorskip("zstandard")
    content = anki21b_package(tmp_path, zstandard)
    monkeypatch.setattr(anki, "_zstandard", lambda: None)

    result = parse_apkg(content, default_topic="Deck")

    assert result.rows == []
    assert [r.line for r in result.rejected] == [0]
    assert "re-export with 'Support older Anki versions' ticked" in result.rejected[0].reason


# --- unsafe or broken packages ----------------------------------------------------------------


def refusal(content: bytes) -> str:
    result = parse_apkg(content, default_topic="Deck")
    assert result.rows == []
    assert [r.line for r in result.rejected] == [0]
    return result.rejected[0].reason


def test_not_a_zip_is_refused():
    assert refusal(b"PK\x03\x04 but not really a zip") == (
        "The file is not an Anki package (.apkg files are zip archives)."
    )
    assert refusal(b"") == "The file is not an Anki package (.apkg files are zip archives)."


@pytest.mark.parametrize(
    "name", ["../../evil.txt", "/etc/cron.d/evil", "C:\\evil.txt", "media/../../x"]
)
def test_zip_slip_names_are_refused_and_nothing_is_written(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    collection = legacy_collection(tmp_path, [(1, 100, "", "Q?\x1fA")])
    content = zip_bytes({"collection.anki2": collection, name: b"owned"})

    assert refusal(content).startswith("The archive holds an unsafe file name")
    assert not (tmp_path.parent / "evil.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["collection.sqlite"]


def test_a_zip_bomb_is_refused_before_it_is_read():
    content = zip_bytes({"collection.anki2": b"\x00" * (anki.MAX_UNCOMPRESSED + 1)})
    assert len(content) < 200_000
    assert refusal(content) == "The package unpacks to more than 50 MB."


def test_sizes_are_checked_while_reading_a_member(tmp_path):
    collection = legacy_collection(tmp_path, [(1, 100, "", "Q?\x1fA")])
    with zipfile.ZipFile(io.BytesIO(zip_bytes({"collection.anki2": collection}))) as archive:
        info = archive.getinfo("collection.anki2")
        assert anki._read_member(archive, info, len(collection)) == collection
        with pytest.raises(anki.AnkiError, match="unpacks to more than"):
            anki._read_member(archive, info, len(collection) - 1)


def test_a_zstd_collection_that_unpacks_too_large_is_refused(tmp_path, monkeypatch):
    zstandard = pytest.importorskip("zstandard")
    content = anki21b_package(tmp_path, zstandard)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        packed = sum(i.file_size for i in archive.infolist())
    monkeypatch.setattr(anki, "MAX_UNCOMPRESSED", packed)  # the zip passes, the collection not

    assert refusal(content) == "The package unpacks to more than 0 MB."


def test_a_zip_without_a_collection_or_with_garbage_instead_of_sqlite():
    assert refusal(zip_bytes({"notes.txt": b"hi"})) == (
        "The archive has no Anki collection (collection.anki2 or .anki21)."
    )
    assert refusal(zip_bytes({"collection.anki21": b"not sqlite"})) == (
        "The collection in the package is not a SQLite database."
    )


def test_a_sqlite_file_that_is_not_a_collection(tmp_path):
    content = sqlite_bytes(tmp_path, "CREATE TABLE other (x);", {"other": [(1,)]})
    assert refusal(zip_bytes({"collection.anki2": content})) == "The collection has no notes table."


def test_the_number_of_notes_read_is_capped(tmp_path, monkeypatch):
    monkeypatch.setattr(anki, "MAX_NOTES", 3)
    collection = legacy_collection(tmp_path, [(n, 100, "", f"Q{n}?\x1fA") for n in range(1, 10)])
    result = parse_apkg(collection, default_topic="Deck")
    assert [r.line for r in result.rows] == [1, 2, 3, 4]  # one more than the cap, for the report


# --- writing --------------------------------------------------------------------------------


def read_export(tmp_path, content: bytes, name: str):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.namelist() == ["collection.anki2", "media"]
        path = tmp_path / name
        path.write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(path)
    notes = connection.execute("SELECT guid, mid, flds, tags FROM notes ORDER BY id").fetchall()
    decks = json.loads(connection.execute("SELECT decks FROM col").fetchone()[0])
    connection.close()
    return notes, decks


@pytest.mark.django_db
def test_apkg_export_has_stable_guids_from_qids_and_a_stable_deck_id(tmp_path, user):
    deck = deck_create(owner=user, name="Anki export")
    questions = [
        question_create(
            owner=user,
            data=QuestionData(
                prompt="What is <b> in HTML?\nSecond line",
                model_answer="**Bold** text",
                key_points=[KeyPointData("Strong importance", 2), KeyPointData("Not just style")],
                tags=["html"],
            ),
        ),
        question_create(owner=user, data=QuestionData(prompt="What is a CSP?")),
    ]
    deck_add_questions(user=user, deck_id=deck.pk, qids=[q.qid for q in questions])

    first = export_deck(deck=deck, format="apkg")
    second = export_deck(deck=deck, format="apkg")

    assert first.content_type == "application/x-apkg"
    assert first.filename == "anki-export.apkg"
    notes1, decks1 = read_export(tmp_path, first.content, "one.anki2")
    notes2, decks2 = read_export(tmp_path, second.content, "two.anki2")
    assert [n[0] for n in notes1] == [genanki.guid_for(q.qid) for q in questions]
    assert [n[0] for n in notes2] == [n[0] for n in notes1]
    assert {n[1] for n in notes1} == {anki.MODEL_ID}
    deck_id = anki.deck_id_for(owner_id=user.pk, deck_id=deck.pk)
    assert str(deck_id) in decks1
    assert str(deck_id) in decks2
    assert decks1[str(deck_id)]["name"] == "Anki export"
    assert notes1[0][2].split("\x1f") == [
        "What is &lt;b&gt; in HTML?<br>Second line",
        "<p><strong>Bold</strong> text</p>",
        "<ul><li>Strong importance (weight 2)</li><li>Not just style</li></ul>",
        questions[0].qid,
    ]
    assert notes1[0][3].strip() == "html"


@pytest.mark.django_db
def test_the_deck_id_depends_on_the_deck_and_its_owner(user, other_user):
    ids = {
        anki.deck_id_for(owner_id=user.pk, deck_id=1),
        anki.deck_id_for(owner_id=user.pk, deck_id=2),
        anki.deck_id_for(owner_id=other_user.pk, deck_id=1),
    }
    assert len(ids) == 3
    assert all(1 << 30 <= i < 1 << 53 for i in ids)


@pytest.mark.django_db
def test_an_exported_package_imports_back(user):
    deck = deck_create(owner=user, name="Source")
    question = question_create(
        owner=user,
        data=QuestionData(
            prompt="What is a CDN?",
            model_answer="Servers near users.",
            key_points=[KeyPointData("Caches static files", 2)],
            tags=["web"],
        ),
    )
    deck_add_questions(user=user, deck_id=deck.pk, qids=[question.qid])

    parsed = parse_apkg(export_deck(deck=deck, format="apkg").content, default_topic="Copy")

    assert parsed.rejected == []
    assert [
        (r.data.prompt, r.data.model_answer, r.data.key_points, r.data.tags, r.data.topic)
        for r in parsed.rows
    ] == [
        (
            "What is a CDN?",
            "Servers near users.",
            [KeyPointData("Caches static files", 2)],
            ["web"],
            "Source",
        ),
    ]
    assert Question.objects.count() == 1
