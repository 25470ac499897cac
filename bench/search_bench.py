"""Catalog search at scale: p50/p95 latency of ranked search with facets over N questions,
reported as a ratio to an indexed primary-key-style lookup measured in the same run.

    .venv/bin/python bench/search_bench.py                  # 100,000 questions on SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1/test .venv/bin/python bench/search_bench.py
    .venv/bin/python bench/search_bench.py --questions 20000 --queries 100

Questions are made by recombining sentences of the real bank, so word frequencies are realistic.
The database is a throwaway file under var/bench/ (SQLite) or a fresh schema (PostgreSQL).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, percentile, setup_django


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    setup_django("search")
    from django.db import connection, transaction

    from backprep.catalog import search_index
    from backprep.catalog.content.reader import read_pack
    from backprep.catalog.loading import load_pack
    from backprep.catalog.models import KeyPoint, Question, Tag, Topic
    from backprep.catalog.selectors import SearchFilters, search_questions

    load_pack(ROOT / "content" / "core")
    bank = read_pack(ROOT / "content" / "core").questions
    topics = {t.slug: t for t in Topic.objects.filter(owner__isnull=True)}
    tags = list(Tag.objects.all())
    rng = random.Random(args.seed)
    sentences = [
        s.strip()
        for q in bank
        for s in q.model_answer.replace("\n", " ").split(". ")
        if len(s) > 30
    ]

    started = time.perf_counter()
    to_make = args.questions - len(bank)
    batch = 5000
    made = 0
    while made < to_make:
        n = min(batch, to_make - made)
        with transaction.atomic():
            rows = []
            for i in range(n):
                seed = rng.choice(bank)
                rows.append(
                    Question(
                        qid=f"bench.q{made + i}",
                        topic=topics[seed.topic],
                        kind=seed.kind.value,
                        level=seed.level.value,
                        difficulty=seed.difficulty,
                        prompt=f"{seed.prompt} ({rng.choice(sentences)[:60]})",
                        model_answer=". ".join(rng.sample(sentences, 5)),
                        interviewer_intent=seed.interviewer_intent,
                    )
                )
            created = Question.objects.bulk_create(rows)
            KeyPoint.objects.bulk_create(
                KeyPoint(
                    question=q,
                    position=p,
                    text=rng.choice(sentences)[:200],
                    weight=1 + p % 3,
                    must_have=[],
                    paraphrases=[rng.choice(sentences)[:200]],
                )
                for q in created
                for p in range(3)
            )
            Question.tags.through.objects.bulk_create(
                Question.tags.through(question_id=q.pk, tag_id=t.pk)
                for q in created
                for t in rng.sample(tags, 2)
            )
            search_index.reindex(q.pk for q in created)
        made += n
        print(
            f"  generated {made + len(bank):,} / {args.questions:,} questions", end="\r", flush=True
        )
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO catalog_question_fts(catalog_question_fts) VALUES('optimize')"
            )
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"\nbuilt {Question.objects.count():,} questions in {time.perf_counter() - started:.0f}s "
        f"on {connection.vendor}"
    )

    words = [
        "cache",
        "index",
        "jwt",
        "transaction isolation",
        "idempotent",
        "n+1",
        "replica",
        "kafka",
        "rate limit",
        "deadlock",
        "oauth",
        "cors",
        "pagination",
        "sharding",
        "circuit breaker",
        "graphql",
        "docker",
        "mutex",
        "paginat",
        "retry backoff",
    ]
    levels = [None, None, "junior", "mid", "senior"]
    all_qids = list(Question.objects.values_list("qid", flat=True))

    def timed(**filters: object) -> float:
        t0 = time.perf_counter()
        with_facets = bool(filters.pop("with_facets", True))
        search_questions(user=None, filters=SearchFilters(**filters), with_facets=with_facets)  # type: ignore[arg-type]
        return time.perf_counter() - t0

    def lookup(qid: str) -> float:
        t0 = time.perf_counter()
        Question.objects.filter(qid=qid).first()
        return time.perf_counter() - t0

    for _ in range(10):  # warm caches
        timed(text=rng.choice(words))
    baseline, plain, faceted, browse = [], [], [], []
    for _ in range(args.queries):
        baseline.append(lookup(rng.choice(all_qids)))
        text, level = rng.choice(words), rng.choice(levels)
        plain.append(timed(text=text, level=level, with_facets=False))
        faceted.append(timed(text=text, level=level))
        browse.append(timed(topic=rng.choice(list(topics))))

    base50, base95 = percentile(baseline, 50), percentile(baseline, 95)
    print(f"\n{'operation':38} {'p50 ms':>8} {'p95 ms':>8} {'p50 x base':>11} {'p95 x base':>11}")
    for name, values in [
        ("indexed lookup by id (baseline)", baseline),
        ("ranked search, 1 page", plain),
        ("ranked search + 5 facet counts", faceted),
        ("browse a topic + facets (no text)", browse),
    ]:
        p50, p95 = percentile(values, 50), percentile(values, 95)
        ratios = f"{p50 / base50:11.1f} {p95 / base95:11.1f}"
        print(f"{name:38} {p50 * 1000:8.2f} {p95 * 1000:8.2f} {ratios}")
    mean = statistics.mean(faceted) * 1000
    print(f"\nmean of ranked search + facets: {mean:.1f} ms over {args.queries} queries")


if __name__ == "__main__":
    main()
