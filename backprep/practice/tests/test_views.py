from __future__ import annotations

import pytest

from backprep.practice.models import Review, ReviewCard

from .conftest import N_PLUS_ONE_ANSWER

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


def test_practice_pages_need_login(client, db):
    assert client.get("/practice/")["Location"].startswith("/accounts/login/")


def test_answer_feedback_rate_next(client, user, practice_bank):
    client.force_login(user)
    home = client.get("/practice/").content.decode()
    assert "Start today&#x27;s queue" in home or "Start today's queue" in home
    session = client.get("/practice/session/?mode=topic&topic=sql").content.decode()
    assert "Submit answer" in session
    feedback = client.post(
        "/practice/answer/",
        {
            "qid": "databases.n-plus-one",
            "answer": N_PLUS_ONE_ANSWER + " <script>x</script>",
            "mode": "topic",
            "topic": "sql",
            "duration_ms": "4000",
        },
        headers=HX,
    )
    html = feedback.content.decode()
    assert "✓ covered" in html and "<mark>" in html
    assert "Graded by the lexical grader." in html
    assert "<script>x</script>" not in html and "&lt;script&gt;" in html
    review = Review.objects.get()
    assert review.duration_ms == 4000
    nxt = client.post(
        f"/practice/reviews/{review.pk}/rate/",
        {"rating": "3", "mode": "topic", "topic": "sql"},
        headers=HX,
    )
    assert "Submit answer" in nxt.content.decode()
    assert ReviewCard.objects.get().reps == 1


def test_i_dont_know(client, user, practice_bank):
    client.force_login(user)
    html = client.post(
        "/practice/answer/",
        {"qid": "web.http-q0", "answer": "", "gave_up": "1", "mode": "today"},
        headers=HX,
    ).content.decode()
    assert "You chose “I don't know”." in html or "You chose “I don&#x27;t know”." in html
    assert Review.objects.get().suggested_rating == 1


def test_cannot_rate_someone_elses_review(client, user, other_user, practice_bank):
    client.force_login(user)
    client.post(
        "/practice/answer/", {"qid": "web.http-q0", "answer": "x", "mode": "today"}, headers=HX
    )
    client.force_login(other_user)
    review = Review.objects.get()
    assert client.post(f"/practice/reviews/{review.pk}/rate/", {"rating": "3"}).status_code == 404
    assert client.get(f"/practice/reviews/{review.pk}/").status_code == 404


def test_settings_page(client, user):
    client.force_login(user)
    response = client.post(
        "/practice/settings/",
        {
            "desired_retention": "0.85",
            "new_per_day": "5",
            "reviews_per_day": "50",
            "timer_seconds": "90",
            "grader": "",
        },
    )
    assert response.status_code == 302
    assert user.practice_settings.timer_seconds == 90
    bad = client.post(
        "/practice/settings/",
        {
            "desired_retention": "3",
            "new_per_day": "5",
            "reviews_per_day": "50",
            "timer_seconds": "0",
        },
    )
    assert bad.status_code == 200


def test_dashboard_shows_what_is_due(client, user, practice_bank, django_assert_max_num_queries):
    from django.utils import timezone

    from backprep.catalog.models import Question

    ReviewCard.objects.create(
        user=user, question=Question.objects.get(qid="web.http-q0"), due=timezone.now()
    )
    client.force_login(user)
    with django_assert_max_num_queries(12):
        html = client.get("/dashboard/").content.decode()
    assert '<strong data-testid="dashboard-due">1</strong> card due' in html
    assert "Readiness by area" in html
