"""Background work for accounts: e-mail goes out from the worker, never inside a request."""

from __future__ import annotations

from django.core.mail import send_mail
from django.tasks import task

from backprep.core.metrics import TASKS


@task(queue_name="email")
def send_email(*, to: str, subject: str, body: str) -> None:
    try:
        send_mail(subject, body, None, [to], fail_silently=False)
    except Exception:
        TASKS.labels("send_email", "failed").inc()
        raise
    TASKS.labels("send_email", "succeeded").inc()
