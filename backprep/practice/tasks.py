"""Background grading for slow graders (the LLM). Idempotent: a graded review is left alone."""

from __future__ import annotations

from django.tasks import task

from backprep.core.metrics import TASKS


@task(queue_name="grading")
def grade_review(*, review_id: int) -> None:
    from .services import review_grade_pending

    try:
        review_grade_pending(review_id=review_id)
    except Exception:
        TASKS.labels("grade_review", "failed").inc()
        raise
    TASKS.labels("grade_review", "succeeded").inc()
