"""The rubric a grader works from, independent of where the question came from.

No Django imports at module level: the evaluation harness and the graders run without a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backprep.catalog.content.schema import QuestionDoc


@dataclass(frozen=True)
class RubricPoint:
    """One key point: what a good answer states, how much it counts and how to spot it.

    ``must_have`` is a tuple of term groups; a group is present when any one of its spellings is.
    """

    text: str
    weight: int
    must_have: tuple[tuple[str, ...], ...]
    paraphrases: tuple[str, ...]


@dataclass(frozen=True)
class Rubric:
    question_id: str
    prompt: str
    model_answer: str
    key_points: tuple[RubricPoint, ...]
    #: Misconceptions the question lists; an answer that asserts one is penalised.
    common_mistakes: tuple[str, ...] = ()

    @property
    def total_weight(self) -> int:
        return sum(point.weight for point in self.key_points)

    @classmethod
    def from_doc(cls, doc: QuestionDoc) -> Rubric:
        """From a question read out of a content pack."""
        return cls(
            question_id=doc.id,
            prompt=doc.prompt,
            model_answer=doc.model_answer,
            key_points=tuple(
                RubricPoint(
                    text=kp.text,
                    weight=kp.weight,
                    must_have=tuple(tuple(group) for group in kp.must_have),
                    paraphrases=tuple(kp.paraphrases),
                )
                for kp in doc.key_points
            ),
            common_mistakes=tuple(doc.common_mistakes),
        )

    @classmethod
    def from_question(cls, question: Any) -> Rubric:
        """From a ``catalog.Question`` row; its key points are read in ``position`` order."""
        points = sorted(question.key_points.all(), key=lambda kp: kp.position)
        return cls(
            question_id=question.qid,
            prompt=question.prompt,
            model_answer=question.model_answer,
            key_points=tuple(
                RubricPoint(
                    text=kp.text,
                    weight=int(kp.weight),
                    must_have=tuple(tuple(str(t) for t in group) for group in kp.must_have or ()),
                    paraphrases=tuple(str(p) for p in kp.paraphrases or ()),
                )
                for kp in points
            ),
            common_mistakes=tuple(str(m) for m in question.common_mistakes or ()),
        )
