"""Calibrated parameters of the local graders, read from ``calibration.json`` at import.

``backprep grading calibrate`` refits them on the train split of the labelled set (see
:mod:`backprep.grading.calibration`) and rewrites the file; the defaults below are only used for
a grader the file does not mention.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

CALIBRATION_FILE = Path(__file__).with_name("calibration.json")


@dataclass(frozen=True)
class Params:
    # a key point's score: must-have groups vs text overlap with the point and its paraphrases
    alpha: float = 0.55
    ovl_sat: float = 0.6
    global_factor: float = 0.7
    # semantic grader: cosine mapped to 0..1 between lo and hi, mixed in with weight beta
    beta: float = 0.0
    cos_lo: float = 0.3
    cos_hi: float = 0.7
    negation_factor: float = 0.35  # a match in a negated unit keeps this share of its cosine
    # a calibrated linear model of a key point's credit over its features (see
    # ``point_features`` of each grader); empty means the hand-set formula above
    point_bias: float = 0.0
    point_weights: dict[str, float] = field(default_factory=dict)
    # or boosted trees over the same features (see ``trees``); they win when present
    point_trees: dict[str, Any] = field(default_factory=dict)
    # verdict thresholds on a key point's score
    covered: float = 0.6
    partial: float = 0.3
    # the 0-5 score: intercept + weights of verdict coverage, continuous coverage, similarity
    b0: float = 0.0
    b_cov: float = 3.5
    b_cont: float = 1.5
    b_sim: float = 0.5
    b_sem: float = 0.0
    b_mis: float = 0.0
    b_smis: float = 0.0
    b_neg: float = 0.0
    # caps
    none_cap: float = 5.0  # no key point credited at all
    min_content: int = 3
    restate_ratio: float = 0.6
    restate_cap: float = 1.0
    stuff_stop: float = 0.2
    stuff_cap: float = 1.5
    stuff_downgrade: int = 2

    def with_(self, **changes: Any) -> Params:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Params:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


DEFAULTS: dict[str, Params] = {
    "lexical": Params(),
    "semantic": Params(alpha=0.45, beta=0.5, b_sem=0.5),
}


def read_calibration(path: Path = CALIBRATION_FILE) -> dict[str, Any]:
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def load_params(path: Path = CALIBRATION_FILE) -> dict[str, Params]:
    data = read_calibration(path)
    params = dict(DEFAULTS)
    for grader, entry in data.get("graders", {}).items():
        if isinstance(entry, dict) and isinstance(entry.get("params"), dict):
            params[grader] = Params.from_dict(entry["params"])
    return params


PARAMS: dict[str, Params] = load_params()


def params_for(grader: str) -> Params:
    return PARAMS.get(grader, DEFAULTS.get(grader, Params()))


def reload_params() -> None:
    """Re-read the calibration file (after ``grading calibrate`` rewrote it)."""
    PARAMS.clear()
    PARAMS.update(load_params())
