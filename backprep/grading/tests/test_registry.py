import importlib.util

import pytest

from backprep.grading import registry
from backprep.grading.base import GraderError
from backprep.grading.lexical import LexicalGrader


def test_lexical_is_the_default():
    assert isinstance(registry.get_grader(), LexicalGrader)
    assert isinstance(registry.get_grader("lexical"), LexicalGrader)
    assert registry.available_graders()[0] == "lexical"


def test_unknown_grader_is_a_clear_error():
    with pytest.raises(GraderError, match="unknown grader 'magic'; choose one of lexical"):
        registry.get_grader("magic")


def test_semantic_without_its_packages_says_how_to_install_them(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "onnxruntime" else real(name, *a),
    )
    assert "semantic" not in registry.available_graders()
    with pytest.raises(GraderError, match=r"pip install 'backprep\[semantic\]'"):
        registry.get_grader("semantic")


def test_llm_needs_an_endpoint(monkeypatch):
    monkeypatch.delenv("GRADING_LLM_URL", raising=False)
    monkeypatch.delenv("GRADING_LLM_MODEL", raising=False)
    with pytest.raises(GraderError, match="base_url"):
        registry.get_grader("llm")
    monkeypatch.setenv("GRADING_LLM_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("GRADING_LLM_MODEL", "m")
    grader = registry.get_grader("llm", timeout=3)
    assert grader.name == "llm"
