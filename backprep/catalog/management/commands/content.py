"""``backprep content check|load [PACK_DIR ...]``: validate or load content packs."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from backprep.catalog.content.reader import read_pack
from backprep.catalog.loading import PackInvalid, default_pack_roots, load_pack


class Command(BaseCommand):
    help = "Check or load the question packs under content/."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="validate packs (schema, ids, references, rubrics)")
        check.add_argument("packs", nargs="*", help="pack folders (default: every content/*)")
        check.add_argument("--strict", action="store_true", help="treat warnings as errors")
        check.add_argument("--counts", action="store_true", help="print questions per topic")
        load = sub.add_parser("load", help="upsert packs into the database by question id")
        load.add_argument("packs", nargs="*", help="pack folders (default: every content/*)")
        load.add_argument("--dry-run", action="store_true", help="report, then roll back")
        load.add_argument("-v2", dest="list_ids", action="store_true", help="list changed ids")

    def _roots(self, packs: list[str]) -> list[Path]:
        roots = [Path(p) for p in packs] or default_pack_roots(Path(settings.BASE_DIR))
        if not roots:
            raise CommandError("no content packs found under content/")
        return roots

    def handle(self, *args: Any, action: str, packs: list[str], **options: Any) -> None:
        if action == "check":
            self._check(self._roots(packs), strict=options["strict"], counts=options["counts"])
        else:
            self._load(self._roots(packs), dry_run=options["dry_run"], list_ids=options["list_ids"])

    def _check(self, roots: list[Path], *, strict: bool, counts: bool) -> None:
        failed = False
        for root in roots:
            contents = read_pack(root)
            for problem in contents.problems:
                self.stdout.write(str(problem))
            bad = contents.errors or (strict and contents.problems)
            failed = failed or bool(bad) or contents.pack is None
            self.stdout.write(
                f"{root}: {len(contents.questions)} questions, {len(contents.errors)} errors, "
                f"{len(contents.problems) - len(contents.errors)} warnings"
            )
            if counts:
                for topic, n in sorted(Counter(q.topic for q in contents.questions).items()):
                    self.stdout.write(f"  {topic:24} {n}")
        if failed:
            raise CommandError("content check failed")

    def _load(self, roots: list[Path], *, dry_run: bool, list_ids: bool) -> None:
        for root in roots:
            try:
                report = load_pack(root, dry_run=dry_run)
            except PackInvalid as exc:
                for problem in exc.contents.errors:
                    self.stderr.write(str(problem))
                raise CommandError(f"{root} is invalid; nothing was loaded") from exc
            self.stdout.write(report.summary() + (" (dry run, rolled back)" if dry_run else ""))
            if not dry_run:
                self._warm_embeddings()
            if list_ids:
                for label, ids in (
                    ("added", report.added),
                    ("changed", report.changed),
                    ("retired", report.retired),
                ):
                    for qid in ids:
                        self.stdout.write(f"  {label}: {qid}")

    def _warm_embeddings(self) -> None:
        """Store the semantic grader's rubric embeddings (when its extra is installed)."""
        from backprep.catalog.selectors import active_rubrics
        from backprep.grading.services import rubric_embeddings_warm

        shown = -1

        def progress(done: int, total: int) -> None:
            nonlocal shown
            if done * 10 // total != shown:  # about ten lines however large the bank
                shown = done * 10 // total
                self.stdout.write(f"  embedding rubric texts: {done}/{total}")

        report = rubric_embeddings_warm(rubrics=active_rubrics(), progress=progress)
        if report is None:
            self.stdout.write("rubric embeddings: skipped (the semantic grader is not installed)")
        else:
            self.stdout.write(
                f"rubric embeddings: {report.computed} computed, "
                f"{report.texts - report.computed} already stored"
            )
