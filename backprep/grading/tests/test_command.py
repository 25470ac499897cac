from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test.utils import modify_settings

from .conftest import FIXTURES


@pytest.fixture(autouse=True)
def _grading_installed():
    with modify_settings(INSTALLED_APPS={"append": "backprep.grading"}):
        yield


def test_eval_prints_the_table_per_split():
    out = StringIO()
    call_command("grading", "eval", "--evalset", str(FIXTURES / "evalset"), stdout=out)
    text = out.getvalue()

    assert "grader: lexical" in text
    assert "covered=1, partial=0.5" in text
    for split in ("train", "heldout", "all"):
        assert f"\n{split} " in text
    assert "7 answers in" in text


def test_eval_one_split():
    out = StringIO()
    call_command(
        "grading", "eval", "--split", "heldout", "--evalset", str(FIXTURES / "evalset"), stdout=out
    )
    assert "\nheldout " in out.getvalue()
    assert "\ntrain " not in out.getvalue()


def test_eval_llm_without_an_endpoint_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("GRADING_LLM_URL", raising=False)
    with pytest.raises(CommandError, match="base_url"):
        call_command("grading", "eval", "--grader", "llm", "--evalset", str(FIXTURES / "evalset"))


def test_an_empty_labelled_set_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="no labelled answers"):
        call_command("grading", "eval", "--evalset", str(tmp_path))


def test_cross_validation_predicts_each_question_from_the_others(tmp_path):
    import yaml

    from backprep.grading.evaluation import EVALSET_DIR

    for name in ("databases.n-plus-one", "web.rest-put-vs-patch"):
        data = yaml.safe_load((EVALSET_DIR / f"{name}.yaml").read_text())
        data["split"] = "train"
        data["answers"] = data["answers"][:5]
        (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump(data))
    out = StringIO()
    call_command("grading", "calibrate", "--cv", "2", "--evalset", str(tmp_path), stdout=out)
    text = out.getvalue()

    assert "lexical (cross-validated, 2 folds)" in text
    assert "\ntrain      10 " in text


def test_cross_validation_needs_two_questions():
    with pytest.raises(CommandError, match="at least two train questions"):
        call_command("grading", "calibrate", "--cv", "5", "--evalset", str(FIXTURES / "evalset"))
