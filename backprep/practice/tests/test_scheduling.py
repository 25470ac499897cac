from __future__ import annotations

import datetime as dt

import pytest

from backprep.practice.models import CardState, PracticeSettings, Rating, ReviewCard
from backprep.practice.scheduling import apply_rating, retrievability, suggest_rating

NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("score", "gave_up", "expected"),
    [
        (0, False, Rating.AGAIN),
        (1.9, False, Rating.AGAIN),
        (2.0, False, Rating.HARD),
        (2.9, False, Rating.HARD),
        (3.0, False, Rating.GOOD),
        (4.4, False, Rating.GOOD),
        (4.5, False, Rating.EASY),
        (5, False, Rating.EASY),
        (5, True, Rating.AGAIN),
        (None, False, Rating.AGAIN),
    ],
)
def test_suggested_rating(score, gave_up, expected):
    assert suggest_rating(score, gave_up=gave_up) == expected


def test_fsrs_schedules_good_further_than_again():
    prefs = PracticeSettings(desired_retention=0.9)
    good = apply_rating(ReviewCard(due=NOW), Rating.GOOD, prefs=prefs, now=NOW)
    again = apply_rating(ReviewCard(due=NOW), Rating.AGAIN, prefs=prefs, now=NOW)
    assert good.due > again.due > NOW
    assert good.reps == 1 and good.stability and good.difficulty


def test_a_graduated_card_moves_to_review_and_lapses_count():
    prefs = PracticeSettings(desired_retention=0.9)
    card = ReviewCard(due=NOW)
    when = NOW
    for _ in range(3):
        card = apply_rating(card, Rating.GOOD, prefs=prefs, now=when)
        when = card.due
    assert card.state == CardState.REVIEW
    assert (card.due - when).days >= 0
    card = apply_rating(card, Rating.AGAIN, prefs=prefs, now=card.due)
    assert card.lapses == 1
    assert card.state == CardState.RELEARNING


def test_higher_retention_means_shorter_intervals():
    def interval(retention):
        prefs = PracticeSettings(desired_retention=retention)
        card = ReviewCard(due=NOW)
        when = NOW
        for _ in range(4):
            card = apply_rating(card, Rating.GOOD, prefs=prefs, now=when)
            when = card.due
        return card.due - card.last_review

    assert interval(0.95) < interval(0.8)


def test_retrievability():
    prefs = PracticeSettings(desired_retention=0.9)
    assert retrievability(ReviewCard(due=NOW), prefs, NOW) == 0.0
    card = apply_rating(ReviewCard(due=NOW), Rating.GOOD, prefs=prefs, now=NOW)
    assert retrievability(card, prefs, NOW) == pytest.approx(1.0)
    assert retrievability(card, prefs, NOW + dt.timedelta(days=30)) < 0.9


def test_recall_probability_matches_fsrs():
    import fsrs

    from backprep.practice.scheduling import recall_probability, to_fsrs

    prefs = PracticeSettings(desired_retention=0.9)
    card = apply_rating(ReviewCard(due=NOW), Rating.GOOD, prefs=prefs, now=NOW)
    later = NOW + dt.timedelta(days=12)
    expected = fsrs.Scheduler().get_card_retrievability(to_fsrs(card), later)
    assert recall_probability(card.stability, card.last_review, later) == pytest.approx(expected)
