"""The ``backprep`` command: a thin front to Django's management commands.

backprep serve [--prod] [--host H] [--port P] [--workers N]
backprep worker [db_worker options]
backprep migrate | createsuperuser | content ... | grading ...
backprep manage <any management command>
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from collections.abc import Sequence

SHORTCUTS = {
    "migrate": "migrate",
    "createsuperuser": "createsuperuser",
    "content": "content",
    "grading": "grading",
    "shell": "shell",
    "check": "check",
}


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")


def _manage(argv: Sequence[str]) -> int:
    _django_setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["backprep", *argv])
    return 0


def _serve(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="backprep serve", description="Run the web server.")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument(
        "--prod", action="store_true", help="gunicorn with several workers (production)"
    )
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "0")))
    parser.add_argument(
        "--no-worker", action="store_true", help="do not start a task worker beside the server"
    )
    args = parser.parse_args(argv)
    if not args.prod:
        worker = None
        if not args.no_worker:
            # One command on a laptop: background tasks (e-mail, LLM grading) need a worker.
            worker = subprocess.Popen(
                [sys.executable, "-m", "backprep.cli", "worker"], start_new_session=True
            )
        print(f"backprep is running at http://{args.host}:{args.port}/  (Ctrl+C to stop)")
        # Stop the worker on SIGTERM too, not only on Ctrl+C.
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
        try:
            return _manage(["runserver", f"{args.host}:{args.port}", "--noreload"])
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
    _django_setup()
    os.environ.setdefault("BACKPREP_ENV", "production")
    _manage(["collectstatic", "--no-input", "-v", "0"])
    workers = args.workers or (2 * (os.cpu_count() or 1) + 1)
    gunicorn_argv = [
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        f"{args.host}:{args.port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        "4",
        "--access-logfile",
        "-",
        "--forwarded-allow-ips",
        os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        "--graceful-timeout",
        "30",
    ]
    os.execvp(gunicorn_argv[0], gunicorn_argv)  # noqa: S606
    return 0  # pragma: no cover


def _worker(argv: Sequence[str]) -> int:
    args = list(argv)
    if "--no-reload" not in args and "--reload" not in args:
        args.append("--no-reload")
    if not any(a.startswith("--queue-name") for a in args):
        args += ["--queue-name", "*"]
    return _manage(["db_worker", *args])


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(__doc__)
        return 0
    command, rest = argv[0], argv[1:]
    if command == "serve":
        return _serve(rest)
    if command == "worker":
        return _worker(rest)
    if command == "manage":
        return _manage(rest)
    if command in SHORTCUTS:
        return _manage([SHORTCUTS[command], *rest])
    print(f"backprep: unknown command {command!r}\n{__doc__}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
