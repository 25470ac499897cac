"""Read a content pack from disk and check it as a whole.

``read_pack`` never raises for a bad question file: every problem becomes a ``PackProblem`` so a
caller can report all of them at once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from .schema import PackDoc, QuestionDoc


@dataclass(frozen=True)
class PackProblem:
    path: str
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        return f"{self.severity}: {self.path}: {self.message}"


@dataclass
class PackContents:
    root: Path
    pack: PackDoc | None
    questions: list[QuestionDoc] = field(default_factory=list)
    problems: list[PackProblem] = field(default_factory=list)

    @property
    def errors(self) -> list[PackProblem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return self.pack is not None and not self.errors


def _format_validation_error(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(x) for x in err["loc"]) or "(file)"
        parts.append(f"{loc}: {err['msg']}")
    return "; ".join(parts)


def _load_yaml(path: Path, problems: list[PackProblem], rel: str) -> object | None:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        problems.append(PackProblem(rel, f"not valid YAML: {exc}"))
        return None


def read_pack(root: Path | str) -> PackContents:
    root = Path(root)
    contents = PackContents(root=root, pack=None)
    problems = contents.problems
    manifest = root / "pack.yaml"
    if not manifest.is_file():
        problems.append(PackProblem(str(manifest), "pack.yaml is missing"))
        return contents
    raw = _load_yaml(manifest, problems, "pack.yaml")
    if raw is None:
        return contents
    try:
        contents.pack = PackDoc.model_validate(raw)
    except ValidationError as exc:
        problems.append(PackProblem("pack.yaml", _format_validation_error(exc)))
        return contents

    topics_by_area = {a.slug: {t.slug for t in a.topics} for a in contents.pack.areas}
    for path in sorted(root.glob("*/*.yaml")):
        rel = str(path.relative_to(root))
        area, slug = path.parent.name, path.stem
        if area not in topics_by_area:
            problems.append(PackProblem(rel, f"folder {area!r} is not an area in pack.yaml"))
            continue
        data = _load_yaml(path, problems, rel)
        if data is None:
            continue
        if not isinstance(data, dict):
            problems.append(PackProblem(rel, "a question file must be a mapping"))
            continue
        try:
            question = QuestionDoc.model_validate(data)
        except ValidationError as exc:
            problems.append(PackProblem(rel, _format_validation_error(exc)))
            continue
        if question.id != f"{area}.{slug}":
            problems.append(PackProblem(rel, f"id {question.id!r} must be '{area}.{slug}'"))
            continue
        if question.topic not in topics_by_area[area]:
            problems.append(PackProblem(rel, f"topic {question.topic!r} is not in area {area!r}"))
            continue
        contents.questions.append(question)

    _check_whole_pack(contents)
    return contents


def _check_whole_pack(contents: PackContents) -> None:
    assert contents.pack is not None
    ids = {q.id for q in contents.questions}
    prompts = Counter(q.prompt.strip().lower() for q in contents.questions)
    for q in contents.questions:
        rel = f"{q.area}/{q.id.split('.', 1)[1]}.yaml"
        for other in q.related:
            if other not in ids:
                contents.problems.append(
                    PackProblem(rel, f"related question {other!r} does not exist")
                )
        if prompts[q.prompt.strip().lower()] > 1:
            contents.problems.append(PackProblem(rel, "another question has the same prompt"))
        if not any(kp.must_have for kp in q.key_points):
            contents.problems.append(PackProblem(rel, "no key point has must_have terms"))
    per_topic = Counter(q.topic for q in contents.questions)
    for area in contents.pack.areas:
        for topic in area.topics:
            if per_topic[topic.slug] < topic.min_questions:
                contents.problems.append(
                    PackProblem(
                        f"{area.slug}/",
                        f"topic {topic.slug!r} has {per_topic[topic.slug]} questions; "
                        f"the pack promises at least {topic.min_questions}",
                        severity="warning",
                    )
                )
