"""``backprep content load``: upsert a pack's questions by their stable id.

Idempotent: a second run with the same files changes nothing. A question that disappears from
the pack is retired, never deleted, so users' history on it survives.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from backprep.core.markdown import render_markdown

from . import search_index
from .content.reader import PackContents, read_pack
from .content.schema import PackDoc, QuestionDoc
from .models import Area, ContentPack, KeyPoint, Question, Status, Tag, Topic


class PackInvalid(Exception):
    def __init__(self, contents: PackContents) -> None:
        super().__init__(f"{contents.root}: {len(contents.errors)} errors")
        self.contents = contents


@dataclass
class LoadReport:
    pack: str
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    retired: list[str] = field(default_factory=list)
    revived: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.pack}: {len(self.added)} added, {len(self.changed)} changed, "
            f"{self.unchanged} unchanged, {len(self.retired)} retired"
            + (f", {len(self.revived)} back in use" if self.revived else "")
        )


def _hash(doc: QuestionDoc, version: str) -> str:
    payload = json.dumps(doc.model_dump(mode="json"), sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def _sync_structure(pack: PackDoc) -> tuple[ContentPack, dict[str, Topic]]:
    pack_row, _ = ContentPack.objects.update_or_create(
        slug=pack.slug,
        defaults={
            "name": pack.name,
            "description": pack.description,
            "version": pack.version,
            "loaded_at": timezone.now(),
        },
    )
    topics: dict[str, Topic] = {}
    for a_pos, area_doc in enumerate(pack.areas):
        area, _ = Area.objects.update_or_create(
            slug=area_doc.slug,
            defaults={
                "name": area_doc.name,
                "description": area_doc.description,
                "position": a_pos,
            },
        )
        for t_pos, topic_doc in enumerate(area_doc.topics):
            topic, _ = Topic.objects.update_or_create(
                slug=topic_doc.slug,
                owner=None,
                defaults={
                    "area": area,
                    "name": topic_doc.name,
                    "description": topic_doc.description,
                    "position": a_pos * 100 + t_pos,
                    "min_questions": topic_doc.min_questions,
                },
            )
            topics[topic.slug] = topic
    return pack_row, topics


def _write_question(
    doc: QuestionDoc,
    *,
    existing: Question | None,
    pack: ContentPack,
    topic: Topic,
    tags: dict[str, Tag],
    digest: str,
) -> Question:
    question = existing or Question(qid=doc.id)
    question.topic = topic
    question.pack = pack
    question.owner = None
    question.is_shared = False
    question.kind = doc.kind.value
    question.level = doc.level.value
    question.difficulty = doc.difficulty
    question.prompt = doc.prompt
    question.interviewer_intent = doc.interviewer_intent
    question.model_answer = doc.model_answer
    question.model_answer_html = render_markdown(doc.model_answer)
    question.common_mistakes = list(doc.common_mistakes)
    question.follow_ups = list(doc.follow_ups)
    question.references = [{"title": r.title, "url": str(r.url)} for r in doc.references]
    question.related = list(doc.related)
    question.status = Status.ACTIVE
    question.content_version = pack.version
    question.content_hash = digest
    question.updated_at = timezone.now()
    question.save()
    question.key_points.all().delete()
    KeyPoint.objects.bulk_create(
        KeyPoint(
            question=question,
            position=i,
            text=kp.text,
            weight=kp.weight,
            must_have=[list(group) for group in kp.must_have],
            paraphrases=list(kp.paraphrases),
        )
        for i, kp in enumerate(doc.key_points)
    )
    question.tags.set([tags[slug] for slug in doc.tags])
    return question


def load_pack(root: Path | str, *, dry_run: bool = False) -> LoadReport:
    contents = read_pack(root)
    if not contents.ok or contents.pack is None:
        raise PackInvalid(contents)
    pack_doc = contents.pack
    report = LoadReport(pack=pack_doc.slug)
    with transaction.atomic():
        pack, topics = _sync_structure(pack_doc)
        existing = {
            q.qid: q for q in Question.objects.filter(qid__in=[d.id for d in contents.questions])
        }
        all_tags = {slug for doc in contents.questions for slug in doc.tags}
        Tag.objects.bulk_create([Tag(slug=s) for s in all_tags], ignore_conflicts=True)
        tags = {t.slug: t for t in Tag.objects.filter(slug__in=all_tags)}
        touched: list[int] = []
        for doc in contents.questions:
            digest = _hash(doc, pack_doc.version)
            row = existing.get(doc.id)
            if row is not None and row.pack_id not in (None, pack.pk):
                raise PackInvalid(contents)  # an id owned by another pack
            if row is not None and row.content_hash == digest and row.status == Status.ACTIVE:
                report.unchanged += 1
                continue
            if row is None:
                report.added.append(doc.id)
            elif row.status == Status.RETIRED:
                report.revived.append(doc.id)
            else:
                report.changed.append(doc.id)
            question = _write_question(
                doc, existing=row, pack=pack, topic=topics[doc.topic], tags=tags, digest=digest
            )
            touched.append(question.pk)
        gone = Question.objects.filter(pack=pack, status=Status.ACTIVE).exclude(
            qid__in=[d.id for d in contents.questions]
        )
        report.retired = sorted(gone.values_list("qid", flat=True))
        gone.update(status=Status.RETIRED, updated_at=timezone.now())
        search_index.reindex(touched)
        search_index.prune()
        if dry_run:
            transaction.set_rollback(True)
    return report


def default_pack_roots(base: Path) -> list[Path]:
    content = base / "content"
    return sorted(p for p in content.iterdir() if (p / "pack.yaml").is_file())
