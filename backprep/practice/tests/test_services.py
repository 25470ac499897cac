from __future__ import annotations

import pytest

from backprep.catalog.services import QuestionData, question_create
from backprep.core.errors import Conflict, NotFound, ValidationFailed
from backprep.practice import services
from backprep.practice.models import GradeStatus, Rating, Review, ReviewCard

from .conftest import N_PLUS_ONE_ANSWER

pytestmark = pytest.mark.django_db
QID = "databases.n-plus-one"


def test_a_good_answer_is_graded_point_by_point(user, practice_bank):
    review = services.answer_submit(user=user, qid=QID, answer=N_PLUS_ONE_ANSWER, duration_ms=61000)
    assert review.grade_status == GradeStatus.GRADED
    assert review.grader == "lexical"
    assert review.score >= 4.0
    assert [p["verdict"] for p in review.grading["points"]] == ["covered", "covered", "covered"]
    first = review.grading["points"][0]["evidence"][0]
    assert N_PLUS_ONE_ANSWER[first["start"] : first["end"]] == first["text"]
    assert review.suggested_rating in (Rating.GOOD, Rating.EASY)
    assert review.card.reps == 0  # nothing is scheduled until the learner rates
    assert review.card_before["reps"] == 0
    assert review.question_qid == QID and review.duration_ms == 61000


def test_i_dont_know_scores_zero_and_suggests_again(user, practice_bank):
    review = services.answer_submit(user=user, qid=QID, answer="something", gave_up=True)
    assert review.score == 0
    assert review.answer == ""
    assert review.suggested_rating == Rating.AGAIN
    assert all(p["verdict"] == "missed" for p in review.grading["points"])


def test_a_wrong_answer_scores_low(user, practice_bank):
    review = services.answer_submit(
        user=user, qid=QID, answer="It is when the server has N+1 CPU cores and one is idle."
    )
    assert review.score < 2
    assert review.suggested_rating == Rating.AGAIN


def test_rating_schedules_the_card_once(user, practice_bank):
    review = services.answer_submit(user=user, qid=QID, answer=N_PLUS_ONE_ANSWER)
    rated = services.review_rate(user=user, review_id=review.pk, rating=Rating.GOOD)
    card = ReviewCard.objects.get(pk=review.card_id)
    assert card.reps == 1
    assert card.due > review.created_at
    assert rated.card_after["reps"] == 1
    assert services.review_rate(user=user, review_id=review.pk, rating=Rating.GOOD).pk == review.pk
    with pytest.raises(Conflict):
        services.review_rate(user=user, review_id=review.pk, rating=Rating.EASY)
    assert ReviewCard.objects.get(pk=card.pk).reps == 1


def test_cram_never_touches_the_schedule(user, practice_bank):
    review = services.answer_submit(user=user, qid=QID, answer=N_PLUS_ONE_ANSWER, mode="cram")
    services.review_rate(user=user, review_id=review.pk, rating=Rating.AGAIN)
    assert review.card is None
    assert ReviewCard.objects.count() == 0
    assert Review.objects.get(pk=review.pk).rating == Rating.AGAIN


def test_other_users_reviews_and_private_questions_are_invisible(user, other_user, practice_bank):
    review = services.answer_submit(user=user, qid=QID, answer="x")
    with pytest.raises(NotFound):
        services.review_rate(user=other_user, review_id=review.pk, rating=3)
    private = question_create(owner=user, data=QuestionData(prompt="Mine"))
    with pytest.raises(NotFound):
        services.answer_submit(user=other_user, qid=private.qid, answer="x")
    assert Review.objects.filter(user=other_user).count() == 0


@pytest.mark.parametrize(
    "kwargs",
    [
        {"answer": "x" * 10_001},
        {"answer": "x", "mode": "speedrun"},
        {"answer": "x", "duration_ms": -1},
    ],
)
def test_bad_input_changes_nothing(user, practice_bank, kwargs):
    with pytest.raises(ValidationFailed):
        services.answer_submit(user=user, qid=QID, **kwargs)
    assert Review.objects.count() == 0 and ReviewCard.objects.count() == 0


def test_bad_rating(user, practice_bank):
    review = services.answer_submit(user=user, qid=QID, answer="x")
    with pytest.raises(ValidationFailed):
        services.review_rate(user=user, review_id=review.pk, rating=5)


def test_llm_grading_runs_in_a_task_and_falls_back_when_unreachable(
    user, practice_bank, settings, django_capture_on_commit_callbacks
):
    settings.GRADING_DEFAULT = "llm"
    settings.GRADING_LLM_URL = "http://127.0.0.1:9/v1"  # nothing listens there
    settings.GRADING_LLM_MODEL = "test"
    settings.GRADING_LLM_TIMEOUT = 2
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        review = services.answer_submit(user=user, qid=QID, answer=N_PLUS_ONE_ANSWER)
    assert review.grade_status == GradeStatus.PENDING
    assert review.score is None
    assert len(callbacks) == 1
    callbacks[0]()
    review.refresh_from_db()
    assert review.grade_status == GradeStatus.GRADED
    assert review.score >= 4.0
    assert review.grading["notes"]


def test_settings_update(user):
    prefs = services.practice_settings_update(
        user=user, changes=services.SettingsChanges(desired_retention=0.85, new_per_day=5)
    )
    assert (prefs.desired_retention, prefs.new_per_day) == (0.85, 5)
    for bad in (
        services.SettingsChanges(desired_retention=0.99),
        services.SettingsChanges(grader="magic"),
        services.SettingsChanges(new_per_day=500),
    ):
        with pytest.raises(ValidationFailed):
            services.practice_settings_update(user=user, changes=bad)
    prefs.refresh_from_db()
    assert prefs.desired_retention == 0.85


def test_a_review_is_marked_failed_when_every_grader_fails(
    user, practice_bank, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.GRADING_DEFAULT = "llm"
    settings.GRADING_LLM_URL = "http://127.0.0.1:9/v1"
    settings.GRADING_LLM_MODEL = "test"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        review = services.answer_submit(user=user, qid=QID, answer="anything")

    def broken(*args, **kwargs):
        raise RuntimeError("grader down")

    monkeypatch.setattr(services.grading, "grade", broken)
    callbacks[0]()
    review.refresh_from_db()
    assert review.grade_status == GradeStatus.FAILED
    assert review.score is None
