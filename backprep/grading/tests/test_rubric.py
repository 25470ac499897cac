from types import SimpleNamespace

from backprep.grading.rubric import Rubric, RubricPoint


class _Manager:
    def __init__(self, rows):
        self._rows = rows

    def all(self):
        return list(self._rows)


def test_from_doc_keeps_the_key_points_in_order(n_plus_one):
    assert n_plus_one.question_id == "databases.n-plus-one"
    assert n_plus_one.prompt.startswith("What is the N+1 query problem")
    assert [p.weight for p in n_plus_one.key_points] == [3, 1, 2, 2, 1]
    assert n_plus_one.key_points[0].must_have[0][0] == "N+1"
    assert n_plus_one.common_mistakes
    hash(n_plus_one)  # rubrics are cache keys


def test_from_question_reads_the_rows_by_position():
    rows = [
        SimpleNamespace(
            position=1, text="Second.", weight=1, must_have=[["b"]], paraphrases=["B."]
        ),
        SimpleNamespace(
            position=0, text="First.", weight=3, must_have=[["a", "aa"]], paraphrases=[]
        ),
    ]
    question = SimpleNamespace(
        qid="x.y",
        prompt="Why?",
        model_answer="Because.",
        key_points=_Manager(rows),
        common_mistakes=["Wrong."],
    )
    rubric = Rubric.from_question(question)

    assert rubric == Rubric(
        question_id="x.y",
        prompt="Why?",
        model_answer="Because.",
        key_points=(
            RubricPoint("First.", 3, (("a", "aa"),), ()),
            RubricPoint("Second.", 1, (("b",),), ("B.",)),
        ),
        common_mistakes=("Wrong.",),
    )
