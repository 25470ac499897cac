"""``backprep grading eval|calibrate``: measure the graders against the labelled set, or refit.

backprep grading eval [--grader lexical|semantic|llm] [--split train|heldout|all]
backprep grading calibrate [--grader lexical|semantic] [--cv K]
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from backprep.grading import evaluation
from backprep.grading.base import GraderError
from backprep.grading.registry import GRADERS, get_grader

LOCAL = ("lexical", "semantic")


class Command(BaseCommand):
    help = "Evaluate the answer graders against the labelled set, or recalibrate them."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        ev = sub.add_parser("eval", help="print Pearson/Spearman/RMSE and key-point P/R/F1")
        ev.add_argument("--grader", choices=GRADERS, default="lexical")
        ev.add_argument("--split", choices=("train", "heldout", "all"), default="all")
        ev.add_argument("--base-url", help="llm: an OpenAI-compatible endpoint (…/v1)")
        ev.add_argument("--model", help="llm: the model name")
        ev.add_argument("--timeout", type=float, help="llm: seconds per request")
        cal = sub.add_parser("calibrate", help="refit on the train split, write calibration.json")
        cal.add_argument("--grader", choices=LOCAL, default="lexical")
        cal.add_argument(
            "--cv",
            type=int,
            metavar="K",
            help="cross-validate instead: K folds by question on the train split; writes nothing",
        )
        for p in (ev, cal):
            p.add_argument("--evalset", default=str(evaluation.EVALSET_DIR), help="labelled set")
            p.add_argument(
                "--pack",
                default=str(Path(settings.BASE_DIR) / "content" / "core"),
                help="the content pack the labelled questions come from",
            )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        rubrics = evaluation.load_rubrics(Path(options["pack"]))
        try:
            items = evaluation.load_evalset(rubrics, Path(options["evalset"]))
        except evaluation.EvalSetError as exc:
            raise CommandError(str(exc)) from exc
        if not items:
            raise CommandError(f"no labelled answers under {options['evalset']}")
        if action == "eval":
            self._eval(items, rubrics, options)
        elif options.get("cv"):
            self._cross_validate(items, rubrics, options["grader"], options["cv"])
        else:
            self._calibrate(items, rubrics, options["grader"])

    def _grader(self, name: str, options: dict[str, Any]) -> Any:
        config: dict[str, Any] = {}
        if name == "llm":
            config = {k: options[k] for k in ("base_url", "model", "timeout") if options.get(k)}
        try:
            return get_grader(name, **config)
        except GraderError as exc:
            raise CommandError(str(exc)) from exc

    def _eval(
        self, items: list[evaluation.LabelledAnswer], rubrics: dict, options: dict[str, Any]
    ) -> None:
        grader = self._grader(options["grader"], options)
        chosen = evaluation.select(items, options["split"])
        started = time.perf_counter()
        predictions = evaluation.run(grader, chosen, rubrics)
        elapsed = time.perf_counter() - started
        splits = ["train", "heldout"] if options["split"] == "all" else [options["split"]]
        reports = [evaluation.report(predictions, s) for s in splits]
        if options["split"] == "all":
            reports.append(evaluation.report(predictions, "all"))
        self.stdout.write(evaluation.format_reports(options["grader"], reports))
        fallbacks = sum(1 for p in predictions if p.result.notes)
        self.stdout.write(
            f"\n{len(chosen)} answers in {elapsed:.1f}s"
            + (f"; {fallbacks} fell back to a local grader" if fallbacks else "")
        )

    def _cross_validate(
        self, items: list[evaluation.LabelledAnswer], rubrics: dict, grader_name: str, folds: int
    ) -> None:
        from backprep.grading.calibration import cross_validate

        grader = self._grader(grader_name, {})
        try:
            predictions = cross_validate(
                grader, items, rubrics, folds=folds, semantic=grader_name == "semantic"
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        report = evaluation.report(predictions, "train")
        self.stdout.write(
            evaluation.format_reports(f"{grader_name} (cross-validated, {folds} folds)", [report])
        )

    def _calibrate(
        self, items: list[evaluation.LabelledAnswer], rubrics: dict, grader_name: str
    ) -> None:
        from backprep.grading.calibration import fit, write_calibration

        grader = self._grader(grader_name, {})
        params, predictions = fit(grader, items, rubrics, semantic=grader_name == "semantic")
        write_calibration(grader_name, params, predictions)
        train = evaluation.report(predictions, "train")
        self.stdout.write(
            f"{grader_name}: fitted on {train.answers} train answers; train pearson "
            f"{train.pearson:.3f}, rmse {train.rmse:.3f}, key-point F1 {train.points.f1:.3f}. "
            "Wrote calibration.json; run `backprep grading eval --split heldout` to check it."
        )
