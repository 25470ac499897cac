"""Write (or with --check, compare) the OpenAPI and GraphQL schema snapshots in docs/api/."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backprep.core.schemas_snapshot import snapshots


class Command(BaseCommand):
    help = "Update docs/api/openapi.json and docs/api/schema.graphql from the code."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="fail if a snapshot is stale")

    def handle(self, *args: Any, check: bool = False, **options: Any) -> None:
        stale = []
        for path, text in snapshots().items():
            existing = path.read_text() if path.exists() else None
            if existing == text:
                continue
            if check:
                stale.append(path.name)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text)
                self.stdout.write(f"updated {path}")
        if stale:
            raise CommandError(
                f"stale API snapshots: {', '.join(stale)}. If the change is intended, run "
                "`backprep manage export_schemas` and commit the result."
            )
        self.stdout.write("API snapshots are up to date.")
