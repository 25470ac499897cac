"""The first semantic grade of a question in a process: rubric embeddings from the database
(stored by ``backprep content load``) against running the model for them.

    .venv/bin/python bench/rubric_store.py [--questions 60]

Loads the question bank into a throwaway database (or DATABASE_URL), stores the rubric
embeddings, then for each question grades one answer three ways on one core: with the process's
embedding cache empty and no store (the model embeds every key point, paraphrase, mistake and
model-answer sentence), with the cache empty and the database store, and again with the cache
warm (the baseline: the answer alone goes through the model).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"
os.environ["BACKPREP_ONNX_THREADS"] = "1"

from _common import ROOT, percentile, setup_django  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=60)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    setup_django("rubric_store")

    from backprep.catalog.loading import load_pack
    from backprep.catalog.selectors import active_rubrics
    from backprep.grading.registry import semantic_installed

    if not semantic_installed():
        print("skipped: pip install 'backprep[semantic]'")
        return 0
    from backprep.grading.semantic import SemanticGrader, default_embedder
    from backprep.grading.services import rubric_embeddings_warm
    from backprep.grading.store import DatabaseVectorStore

    load_pack(ROOT / "content" / "core")
    rubrics = list(active_rubrics())[: args.questions]
    started = time.perf_counter()
    report = rubric_embeddings_warm(rubrics=rubrics)
    assert report is not None
    print(
        f"{len(rubrics)} questions, {report.texts} rubric texts stored in "
        f"{time.perf_counter() - started:.1f} s"
    )
    embedder = default_embedder()
    plain, stored = SemanticGrader(embedder=embedder), SemanticGrader(store=DatabaseVectorStore())
    timings: dict[str, list[float]] = {"no store": [], "database store": [], "warm (baseline)": []}
    for rubric in rubrics:
        answer = " ".join(rubric.model_answer.split()[:60])
        for name, grader in (("no store", plain), ("database store", stored)):
            embedder._cache.clear()  # a process that has not graded this question yet
            t = time.perf_counter()
            grader.grade(rubric, answer)
            timings[name].append(time.perf_counter() - t)
        t = time.perf_counter()
        plain.grade(rubric, answer)
        timings["warm (baseline)"].append(time.perf_counter() - t)
    base50 = percentile(timings["warm (baseline)"], 50)
    base95 = percentile(timings["warm (baseline)"], 95)
    print("first grade of a question in a process, one core")
    row = "{:16} {:>9} {:>9} {:>11} {:>11}"
    print(row.format("", "p50 ms", "p95 ms", "p50 / base", "p95 / base"))
    for name, values in timings.items():
        p50, p95 = percentile(values, 50), percentile(values, 95)
        print(
            row.format(
                name,
                f"{p50 * 1e3:.1f}",
                f"{p95 * 1e3:.1f}",
                f"{p50 / base50:.1f}",
                f"{p95 / base95:.1f}",
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
