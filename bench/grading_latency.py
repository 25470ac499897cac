"""Per-answer grading latency on one core: lexical and semantic (warm rubric cache).

    .venv/bin/python bench/grading_latency.py [--repeat 3] [--graders lexical,semantic]

Grades every answer of the labelled set (backprep/grading/evalset) and prints p50/p95 per
grader, each also as a ratio to a trivial baseline measured in the same run on the same
answers (``answer.lower().split()``), so numbers from different machines can be compared.
The semantic grader is warmed first (its rubric embeddings are cached; answers never are).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

# One core: set before onnxruntime / numpy start their thread pools.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"
os.environ["BACKPREP_ONNX_THREADS"] = "1"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from backprep.grading import evaluation  # noqa: E402
from backprep.grading.registry import get_grader, semantic_installed  # noqa: E402

BUCKETS = ((0, 50), (51, 100), (101, 150), (151, 10**6))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def timings(fn: Callable[[int], object], n: int, repeat: int) -> list[float]:
    """Per-item seconds: the best of ``repeat`` runs for each item."""
    best = [float("inf")] * n
    for _ in range(repeat):
        for i in range(n):
            started = time.perf_counter()
            fn(i)
            best[i] = min(best[i], time.perf_counter() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--graders", default="lexical,semantic")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    rubrics = evaluation.load_rubrics()
    items = evaluation.load_evalset(rubrics)
    answers = [(rubrics[i.question_id], i.text) for i in items]
    n = len(answers)
    baseline = timings(lambda i: answers[i][1].lower().split(), n, args.repeat)
    base50, base95 = percentile(baseline, 50), percentile(baseline, 95)
    print(f"{n} answers, one core, best of {args.repeat} runs per answer")
    row = "{:10} {:>9} {:>9} {:>15} {:>15}"
    print(row.format("grader", "p50 ms", "p95 ms", "p50 / baseline", "p95 / baseline"))
    print(row.format("baseline", f"{base50 * 1e3:.4f}", f"{base95 * 1e3:.4f}", 1, 1))
    results: dict[str, list[float]] = {}
    for name in args.graders.split(","):
        if name == "semantic" and not semantic_installed():
            print(f"{name:10} skipped: pip install 'backprep[semantic]'")
            continue
        grader = get_grader(name)
        for rubric, answer in answers:  # warm-up: rubric embeddings, compiled rubrics
            grader.grade(rubric, answer)
        per = timings(lambda i, g=grader: g.grade(*answers[i]), n, args.repeat)
        p50, p95 = percentile(per, 50), percentile(per, 95)
        ratios = f"{p50 / base50:.0f}", f"{p95 / base95:.0f}"
        print(row.format(name, f"{p50 * 1e3:.2f}", f"{p95 * 1e3:.2f}", *ratios))
        results[name] = per
    print("\nby answer length (words): n, p50 ms, p95 ms per grader")
    for low, high in BUCKETS:
        chosen = [i for i in range(n) if low <= len(answers[i][1].split()) <= high]
        if not chosen:
            continue
        cells = [
            f"{name} {percentile([per[i] for i in chosen], 50) * 1e3:6.2f} "
            f"{percentile([per[i] for i in chosen], 95) * 1e3:6.2f}"
            for name, per in results.items()
        ]
        label = f"{low}-{high}" if high < 10**6 else f"> {low - 1}"
        print(f"  {label:>8} n={len(chosen):<4}", "   ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
