"""The daily practice queue of a user with 20,000 review cards: p50/p95 latency and query count,
as a ratio to a trivial indexed query (one user's row by primary key) measured in the same run.

    .venv/bin/python bench/queue_bench.py [--cards 20000] [--runs 50]
    DATABASE_URL=postgres://postgres@127.0.0.1/bench .venv/bin/python bench/queue_bench.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import percentile, setup_django


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cards", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    setup_django("queue")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from backprep.accounts.models import User
    from backprep.catalog.models import Question, Topic
    from backprep.practice.models import PracticeSettings, ReviewCard
    from backprep.practice.selectors import practice_queue

    topic = Topic.objects.create(slug="bench", name="Bench")
    questions = Question.objects.bulk_create(
        Question(qid=f"bench.q{i}", topic=topic, prompt=f"Question {i}?")
        for i in range(args.cards + 500)
    )
    user = User.objects.create_user("bench@example.com", "a long bench passphrase")
    PracticeSettings.objects.create(user=user)
    now = timezone.now()
    rng = random.Random(3)
    ReviewCard.objects.bulk_create(
        ReviewCard(
            user=user,
            question=q,
            state=2,
            stability=rng.uniform(1, 60),
            difficulty=rng.uniform(2, 8),
            last_review=now - dt.timedelta(days=rng.randint(1, 90)),
            due=now + dt.timedelta(hours=rng.randint(-500, 2000)),
            reps=rng.randint(1, 20),
        )
        for q in questions[: args.cards]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"{args.cards:,} cards and {len(questions):,} questions on {connection.vendor}")

    def timed(fn) -> float:
        t0 = time.perf_counter()
        fn()
        return time.perf_counter() - t0

    with CaptureQueriesContext(connection) as ctx:
        queue = practice_queue(user=user)
    queries = len(ctx.captured_queries)
    print(f"today's queue: {len(queue.items)} items, {queue.due_count:,} due, {queries} queries")
    baseline = [timed(lambda: User.objects.filter(pk=user.pk).first()) for _ in range(args.runs)]
    today = [timed(lambda: practice_queue(user=user)) for _ in range(args.runs)]
    weak = [
        timed(lambda: practice_queue(user=user, mode="weak")) for _ in range(max(5, args.runs // 5))
    ]
    base50, base95 = percentile(baseline, 50), percentile(baseline, 95)
    print(f"\n{'operation':34} {'p50 ms':>8} {'p95 ms':>8} {'p50 x base':>11} {'p95 x base':>11}")
    for name, values in [
        ("user by id (baseline)", baseline),
        ("today's queue (due + new)", today),
        (f"weak spots ({args.cards:,} cards scored)", weak),
    ]:
        p50, p95 = percentile(values, 50), percentile(values, 95)
        ratios = f"{p50 / base50:11.0f} {p95 / base95:11.0f}"
        print(f"{name:34} {p50 * 1000:8.2f} {p95 * 1000:8.2f} {ratios}")


if __name__ == "__main__":
    main()
