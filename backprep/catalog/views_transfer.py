"""Web pages to import questions into a deck from a file and to download a deck as a file.

``urlpatterns`` is included by ``catalog/urls.py`` inside the ``catalog`` namespace.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import path

from backprep.accounts.models import User
from backprep.core.errors import DomainError, NotFound
from backprep.core.forms import add_domain_errors

from .models import Deck
from .selectors import deck_for_owner
from .transfer import EXPORT_FORMATS, MAX_UPLOAD_BYTES
from .transfer.exporter import attachment, export_deck
from .transfer.importer import import_file, too_large_message

FORMAT_CHOICES = [
    ("", "Guess from the file name"),
    ("markdown", "Markdown list (.md)"),
    ("csv", "CSV (.csv)"),
    ("json", "JSON (.json)"),
    ("apkg", "Anki package (.apkg)"),
]
EXPORT_LINKS = [
    ("csv", "CSV"),
    ("json", "JSON"),
    ("apkg", "Anki package"),
    ("markdown", "Markdown"),
]


class ImportForm(forms.Form):
    file = forms.FileField(
        label="File",
        help_text=(
            "A Markdown question list, a CSV or JSON file, or an Anki package, "
            f"up to {MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".md,.markdown,.txt,.csv,.tsv,.json,.apkg,.colpkg"}
        ),
    )
    format = forms.ChoiceField(label="Format", choices=FORMAT_CHOICES, required=False)
    all_or_nothing = forms.BooleanField(
        label="All or nothing: import nothing if any question is rejected", required=False
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(too_large_message(upload.size))
        return upload


def _own_deck(user: User, deck_id: int) -> Deck:
    try:
        return deck_for_owner(user=user, deck_id=deck_id)
    except NotFound as exc:
        raise Http404(exc.detail) from exc


@login_required
def deck_import(request: HttpRequest, deck_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    deck = _own_deck(user, deck_id)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = import_file(
                owner=user,
                deck=deck,
                file=form.cleaned_data["file"],
                format=form.cleaned_data["format"] or None,
                all_or_nothing=form.cleaned_data["all_or_nothing"],
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            deck = _own_deck(user, deck_id)  # its question count changed
    context = {"deck": deck, "form": form, "report": report, "export_links": EXPORT_LINKS}
    return render(request, "catalog/transfer/import.html", context)


@login_required
def deck_export(request: HttpRequest, deck_id: int) -> HttpResponse:
    deck = _own_deck(request.user, deck_id)  # type: ignore[arg-type]
    format = request.GET.get("format", "csv")
    if format not in EXPORT_FORMATS:
        return HttpResponseBadRequest(
            f"Unknown export format. Use one of: {', '.join(EXPORT_FORMATS)}.",
            content_type="text/plain; charset=utf-8",
        )
    return attachment(export_deck(deck=deck, format=format))


urlpatterns = [
    path("decks/<int:deck_id>/import/", deck_import, name="deck_import"),
    path("decks/<int:deck_id>/export/", deck_export, name="deck_export"),
]
