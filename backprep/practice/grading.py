"""How practice asks the grading app for a grade: which grader, with which configuration."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from backprep.catalog.models import Question
from backprep.grading.registry import available_graders, get_grader

__all__ = ["available_graders", "grade", "grader_config", "grader_name"]
from backprep.grading.rubric import Rubric

from .models import PracticeSettings

BACKGROUND_GRADERS = {"llm"}


def grader_name(prefs: PracticeSettings) -> str:
    name = prefs.grader or settings.GRADING_DEFAULT
    return name if name in available_graders() else "lexical"


def grader_config(name: str) -> dict[str, Any]:
    if name == "llm":
        return {
            "base_url": settings.GRADING_LLM_URL,
            "model": settings.GRADING_LLM_MODEL,
            "api_key": settings.GRADING_LLM_API_KEY,
            "timeout": settings.GRADING_LLM_TIMEOUT,
        }
    if name == "semantic":
        from backprep.grading.store import DatabaseVectorStore

        return {"store": DatabaseVectorStore()}  # rubric embeddings stored by `content load`
    return {}


def grade(question: Question, answer: str, *, name: str) -> dict[str, Any]:
    """Grade an answer; the GradeResult as a dict (score, points, feedback, grader, notes)."""
    rubric = Rubric.from_question(question)
    result = get_grader(name, **grader_config(name)).grade(rubric, answer)
    return result.to_dict()
