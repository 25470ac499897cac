import re

from backprep.grading.base import PointResult, Verdict, compose_feedback, round_score


def _point(i, text, verdict, weight=1):
    return PointResult(i, text, weight, verdict, verdict.credit)


def _sentences(text):
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def test_feedback_says_what_was_covered_and_names_what_was_missed():
    points = [
        _point(0, "One query per row.", Verdict.COVERED),
        _point(1, "Detect it with logs.", Verdict.PARTIAL),
        _point(2, "Fix with a join.", Verdict.MISSED),
        _point(3, "Add a query-count test.", Verdict.MISSED),
    ]
    feedback = compose_feedback(points, hints=["A hint.", "Another hint.", "One too many."])

    assert feedback.startswith("You covered 1 of 4 key points: one query per row.")
    assert "detect it with logs" in feedback
    assert "You missed: fix with a join; and add a query-count test." in feedback
    assert 2 <= len(_sentences(feedback)) <= 4
    assert "One too many." not in feedback


def test_feedback_when_everything_is_covered():
    points = [_point(0, "JWT is signed.", Verdict.COVERED), _point(1, "B.", Verdict.COVERED)]
    feedback = compose_feedback(points)

    assert feedback == "You covered all 2 key points. Nothing on the rubric is missing."


def test_many_covered_points_are_counted_and_an_acronym_keeps_its_case():
    points = [_point(i, f"Point {i}.", Verdict.COVERED) for i in range(3)]
    points.append(_point(3, "JWT is signed.", Verdict.MISSED))
    feedback = compose_feedback(points)

    assert feedback == "You covered 3 of 4 key points. You missed: JWT is signed."


def test_round_score_clamps():
    assert round_score(-1) == 0.0
    assert round_score(7.2) == 5.0
    assert round_score(3.14159) == 3.1
