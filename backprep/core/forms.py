"""Helpers for Django forms that call services."""

from __future__ import annotations

from django import forms

from .errors import DomainError


def add_domain_errors(form: forms.Form, exc: DomainError) -> None:
    """Put a service's field errors on the form's fields (or the form itself)."""
    if not exc.errors:
        form.add_error(None, exc.detail)
        return
    for error in exc.errors:
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)
