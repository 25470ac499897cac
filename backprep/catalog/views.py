"""Catalog pages: search and browse, a question, the user's own questions and decks."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from backprep.accounts.models import User
from backprep.core.errors import DomainError, NotFound, ValidationFailed
from backprep.core.forms import add_domain_errors
from backprep.core.permissions import Role, has_role

from . import selectors, services
from .forms import DeckForm, QuestionForm
from .selectors import SearchFilters

PAGE = 20


def _user(request: HttpRequest) -> User | None:
    return request.user if request.user.is_authenticated else None


def _filters(request: HttpRequest) -> SearchFilters:
    get = request.GET
    difficulty = get.get("difficulty", "")
    deck = get.get("deck", "")
    return SearchFilters(
        text=get.get("q", "")[:200],
        area=get.get("area") or None,
        topic=get.get("topic") or None,
        kind=get.get("kind") or None,
        level=get.get("level") or None,
        difficulty=int(difficulty) if difficulty.isdigit() else None,
        tags=tuple(t for t in get.getlist("tag") if t)[:5],
        deck=int(deck) if deck.isdigit() else None,
        mine=get.get("mine") == "1",
    )


def catalog_home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    filters = _filters(request)
    page = request.GET.get("page", "1")
    offset = (int(page) - 1) * PAGE if page.isdigit() and int(page) > 0 else 0
    result: selectors.SearchResult | None = None
    error: str | None = None
    try:
        result = selectors.search_questions(user=user, filters=filters, limit=PAGE, offset=offset)
    except ValidationFailed as exc:
        error = exc.detail
    params = request.GET.copy()
    params.pop("page", None)
    context: dict[str, object] = {
        "filters": filters,
        "result": result,
        "error": error,
        "query_string": params.urlencode(),
        "page_number": offset // PAGE + 1,
        "searching": any(
            [
                filters.text,
                filters.topic,
                filters.kind,
                filters.level,
                filters.difficulty,
                filters.tags,
                filters.deck,
                filters.mine,
                filters.area,
            ]
        ),
        "decks": list(selectors.user_decks(user)) if user else [],
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "catalog/_results.html", context)
    context["areas"] = selectors.areas_with_counts(user)
    return render(request, "catalog/home.html", context)


def question_detail(request: HttpRequest, qid: str) -> HttpResponse:
    user = _user(request)
    try:
        question = selectors.question_detail(user=user, qid=qid)
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    decks = list(selectors.user_decks(user)) if user else []
    return render(
        request,
        "catalog/question.html",
        {
            "question": question,
            "decks": decks,
            "can_edit": user is not None and question.owner_id == user.pk,
        },
    )


@login_required
def question_new(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = QuestionForm(request.POST or None, initial={"topic": request.GET.get("topic", "")})
    if not has_role(user, Role.COACH):
        del form.fields["shared"]
    if request.method == "POST" and form.is_valid():
        try:
            question = services.question_create(
                owner=user, data=form.to_data(), shared=form.cleaned_data.get("shared", False)
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, "Question saved.")
            return redirect("catalog:question", qid=question.qid)
    return render(request, "catalog/question_form.html", {"form": form, "editing": False})


@login_required
def question_edit(request: HttpRequest, qid: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    try:
        question = selectors.question_detail(user=user, qid=qid)
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    if question.owner_id != user.pk:
        raise Http404("No such question.")
    initial = {
        "prompt": question.prompt,
        "topic": question.topic.slug if question.topic.owner_id is None else question.topic.name,
        "kind": question.kind,
        "level": question.level,
        "difficulty": question.difficulty,
        "model_answer": question.model_answer,
        "interviewer_intent": question.interviewer_intent,
        "key_points": "\n".join(
            f"{kp.text} | {kp.weight} | {', '.join(g[0] for g in kp.must_have)}".rstrip(" |")
            for kp in question.key_points.all()
        ),
        "tags": ", ".join(t.slug for t in question.tags.all()),
        "shared": question.is_shared,
    }
    form = QuestionForm(request.POST or None, initial=initial)
    if not has_role(user, Role.COACH):
        del form.fields["shared"]
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(
                user=user,
                qid=qid,
                data=form.to_data(),
                shared=form.cleaned_data.get("shared") if "shared" in form.fields else None,
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, "Question updated.")
            return redirect("catalog:question", qid=qid)
    return render(
        request, "catalog/question_form.html", {"form": form, "editing": True, "question": question}
    )


@login_required
@require_POST
def question_delete(request: HttpRequest, qid: str) -> HttpResponse:
    try:
        services.question_delete(user=request.user, qid=qid)  # type: ignore[arg-type]
    except DomainError as exc:
        raise Http404(exc.detail) from exc
    messages.info(request, "Question deleted.")
    return redirect(f"/catalog/?{urlencode({'mine': 1})}")


@login_required
def deck_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = DeckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            deck = services.deck_create(
                owner=user,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, f"Deck “{deck.name}” created.")
            return redirect("catalog:deck", deck_id=deck.pk)
    return render(
        request, "catalog/decks.html", {"form": form, "decks": selectors.user_decks(user)}
    )


@login_required
def deck_detail(request: HttpRequest, deck_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    try:
        deck = selectors.deck_for_owner(user=user, deck_id=deck_id)
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    questions = selectors.with_listing_data(deck.questions.order_by("deck_items__position"))
    return render(request, "catalog/deck.html", {"deck": deck, "questions": questions})


@login_required
@require_POST
def deck_add(request: HttpRequest) -> HttpResponse:
    qid = request.POST.get("qid", "")
    deck_id = int(request.POST["deck_id"]) if request.POST.get("deck_id", "").isdigit() else 0
    try:
        added = services.deck_add_questions(user=request.user, deck_id=deck_id, qids=[qid])  # type: ignore[arg-type]
    except DomainError as exc:
        raise Http404(exc.detail) from exc
    text = "Added to the deck." if added else "Already in the deck."
    if request.htmx:  # type: ignore[attr-defined]
        return HttpResponse(f'<p class="help" role="status">{text}</p>')
    messages.success(request, text)
    return redirect("catalog:question", qid=qid)


@login_required
@require_POST
def deck_remove(request: HttpRequest, deck_id: int) -> HttpResponse:
    try:
        services.deck_remove_question(
            user=request.user,  # type: ignore[arg-type]
            deck_id=deck_id,
            qid=request.POST.get("qid", ""),
        )
    except DomainError as exc:
        raise Http404(exc.detail) from exc
    if request.htmx:  # type: ignore[attr-defined]
        return HttpResponse("")
    return redirect("catalog:deck", deck_id=deck_id)


@login_required
@require_POST
def deck_delete(request: HttpRequest, deck_id: int) -> HttpResponse:
    try:
        services.deck_delete(user=request.user, deck_id=deck_id)  # type: ignore[arg-type]
    except DomainError as exc:
        raise Http404(exc.detail) from exc
    messages.info(request, "Deck deleted.")
    return redirect("catalog:decks")
