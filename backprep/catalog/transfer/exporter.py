"""A deck's questions written out as CSV, JSON, Markdown or an Anki package.

CSV and JSON have the shapes the importer reads, so an export imports back as the same questions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from backprep.catalog.models import Deck, KeyPoint, Question, Topic
from backprep.catalog.selectors import visible_questions

from . import EXPORT_FORMATS, anki
from .csv_json import key_point_to_text, write_csv, write_json

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "markdown": "text/markdown; charset=utf-8",
    # What Anki registers for .apkg on the desktop; a zip type would make Safari unpack it.
    "apkg": "application/x-apkg",
}
EXTENSIONS = {"csv": "csv", "json": "json", "markdown": "md", "apkg": "apkg"}


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    filename: str


def attachment(export: ExportFile) -> HttpResponse:
    """The file as a download (``Content-Disposition: attachment``)."""
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = content_disposition_header(True, export.filename) or ""
    response["Cache-Control"] = "private, no-store"
    return response


def deck_questions(deck: Deck) -> list[Question]:
    """The deck's active, visible questions in deck order, with topic, key points and tags."""
    return list(
        visible_questions(deck.owner)
        .filter(deck_items__deck=deck)
        .select_related("topic")
        .prefetch_related(
            Prefetch("key_points", queryset=KeyPoint.objects.order_by("position")), "tags"
        )
        .order_by("deck_items__position", "deck_items__id")
    )


def topic_value(topic: Topic) -> str:
    """A shared topic by its slug, a private one by its name: both import back to the same topic."""
    return topic.slug if topic.owner_id is None else topic.name


def question_record(question: Question) -> dict[str, Any]:
    return {
        "id": question.qid,
        "prompt": question.prompt,
        "model_answer": question.model_answer,
        "topic": topic_value(question.topic),
        "kind": question.kind,
        "level": question.level,
        "difficulty": question.difficulty,
        "tags": [tag.slug for tag in question.tags.all()],
        "key_points": [
            {
                "text": kp.text,
                "weight": kp.weight,
                "must_have": kp.must_have,
                "paraphrases": kp.paraphrases,
            }
            for kp in question.key_points.all()
        ],
        "interviewer_intent": question.interviewer_intent,
        "common_mistakes": question.common_mistakes,
        "follow_ups": question.follow_ups,
    }


def _indented(text: str, prefix: str = "  ") -> list[str]:
    return [prefix + line if line.strip() else "" for line in text.strip().split("\n")]


def write_markdown(deck: Deck, questions: list[Question]) -> bytes:
    """A readable list: the deck as the title, one section per topic, answers under each item."""
    lines = [f"# {deck.name}", ""]
    if deck.description.strip():
        lines += [deck.description.strip(), ""]
    by_topic: dict[str, list[Question]] = {}
    for question in questions:
        by_topic.setdefault(question.topic.name, []).append(question)
    for topic, items in by_topic.items():
        lines += [f"## {topic}", ""]
        for question in items:
            lines.append("- " + " ".join(question.prompt.split()))
            if question.model_answer.strip():
                lines += ["", *_indented(question.model_answer)]
            points = list(question.key_points.all())
            if points:
                lines += ["", "  **Key points**", ""]
                lines += [f"  - {key_point_to_text(kp.text, kp.weight)}" for kp in points]
            lines.append("")
    return "\n".join(lines).rstrip("\n").encode("utf-8") + b"\n"


def _anki_notes(questions: list[Question]) -> list[anki.AnkiNote]:
    return [
        anki.AnkiNote(
            qid=q.qid,
            prompt=q.prompt,
            answer_html=q.model_answer_html,
            key_points=[(kp.text, kp.weight) for kp in q.key_points.all()],
            tags=[tag.slug for tag in q.tags.all()],
        )
        for q in questions
    ]


def export_deck(*, deck: Deck, format: str) -> ExportFile:
    if format not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {format!r}")
    questions = deck_questions(deck)
    if format == "csv":
        content = write_csv([question_record(q) for q in questions])
    elif format == "json":
        content = write_json([question_record(q) for q in questions])
    elif format == "markdown":
        content = write_markdown(deck, questions)
    else:
        content = anki.write_apkg(
            deck_id=anki.deck_id_for(owner_id=deck.owner_id, deck_id=deck.pk),
            name=deck.name,
            description=deck.description,
            notes=_anki_notes(questions),
        )
    filename = f"{slugify(deck.name) or 'deck'}.{EXTENSIONS[format]}"
    return ExportFile(content=content, content_type=CONTENT_TYPES[format], filename=filename)
