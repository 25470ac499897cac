"""Write small content packs to disk for tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ANSWER = (
    "A model answer long enough to pass the schema check. It explains the idea in plain words, "
    "names the trade-offs, gives one concrete example from a real backend, and ends with how you "
    "would verify the result in production with metrics and tests so the interviewer hears both "
    "the concept and the practice behind it. It stays between eighty and two hundred and fifty "
    "words as the pack schema requires for every model answer in the bank, always and without "
    "exception for each question."
)


def question_doc(qid: str, topic: str, prompt: str, **extra: Any) -> dict[str, Any]:
    doc = {
        "id": qid,
        "topic": topic,
        "kind": "concept",
        "level": "junior",
        "difficulty": 2,
        "prompt": prompt,
        "interviewer_intent": "Whether the candidate understands the idea.",
        "model_answer": ANSWER,
        "key_points": [
            {
                "text": f"Point {i}",
                "weight": 1 + i % 3,
                "must_have": [[f"term{i}"]],
                "paraphrases": [f"Another way to say point {i}."],
            }
            for i in range(3)
        ],
        "common_mistakes": ["A mistake."],
        "follow_ups": ["A follow-up?"],
        "references": [{"title": "RFC 9110", "url": "https://www.rfc-editor.org/rfc/rfc9110"}],
        "tags": ["sample"],
    }
    doc.update(extra)
    return doc


def write_pack(root: Path, questions: list[dict[str, Any]], *, version: str = "1") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "pack.yaml").write_text(
        yaml.safe_dump(
            {
                "slug": "test",
                "name": "Test pack",
                "version": version,
                "description": "For tests.",
                "areas": [
                    {
                        "slug": "web",
                        "name": "Web",
                        "description": "Web things.",
                        "topics": [
                            {"slug": "http", "name": "HTTP", "description": "HTTP."},
                            {"slug": "rest-api", "name": "REST", "description": "REST."},
                        ],
                    },
                    {
                        "slug": "databases",
                        "name": "Databases",
                        "description": "DB things.",
                        "topics": [
                            {
                                "slug": "sql",
                                "name": "SQL",
                                "description": "SQL.",
                                "min_questions": 1,
                            }
                        ],
                    },
                ],
            }
        )
    )
    for old in root.glob("*/*.yaml"):
        old.unlink()
    for doc in questions:
        area, slug = doc["id"].split(".", 1)
        (root / area).mkdir(exist_ok=True)
        (root / area / f"{slug}.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
    return root


STANDARD = [
    (
        "web.http-idempotency",
        "http",
        "Which HTTP methods are idempotent and why does it matter?",
        {"tags": ["http", "idempotency"], "level": "fresher"},
    ),
    (
        "web.rest-pagination",
        "rest-api",
        "How do you paginate a REST collection: offset or cursor?",
        {"tags": ["pagination", "rest"], "level": "mid", "difficulty": 3},
    ),
    (
        "web.http-caching",
        "http",
        "Explain Cache-Control and ETag headers for HTTP caching.",
        {"tags": ["http", "caching"], "level": "junior"},
    ),
    (
        "databases.sql-joins",
        "sql",
        "Explain inner and left joins with an example.",
        {"tags": ["sql", "joins"], "level": "fresher", "difficulty": 1},
    ),
    (
        "databases.sql-window",
        "sql",
        "What are window functions and when do you use them?",
        {"tags": ["sql"], "level": "senior", "difficulty": 4, "kind": "concept"},
    ),
]


def standard_pack(root: Path) -> Path:
    return write_pack(root, [question_doc(q, t, p, **extra) for q, t, p, extra in STANDARD])
