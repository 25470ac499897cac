from __future__ import annotations

from django import forms

from .models import Kind, Level
from .services import KeyPointData, QuestionData


class QuestionForm(forms.Form):
    prompt = forms.CharField(
        label="Question", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    topic = forms.CharField(
        label="Topic",
        max_length=200,
        required=False,
        help_text="A topic slug from the catalog (e.g. caching) or a name for your own topic.",
    )
    kind = forms.ChoiceField(label="Kind", choices=Kind.choices, initial=Kind.CONCEPT)
    level = forms.ChoiceField(label="Level", choices=Level.choices, initial=Level.JUNIOR)
    difficulty = forms.TypedChoiceField(
        label="Difficulty", coerce=int, choices=[(i, str(i)) for i in range(1, 6)], initial=2
    )
    model_answer = forms.CharField(
        label="Model answer (Markdown)",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    interviewer_intent = forms.CharField(
        label="What the interviewer is looking for",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    key_points = forms.CharField(
        label="Key points",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=(
            "One per line. Optionally add a weight and must-have terms: "
            "'Fix with eager loading | 2 | join, prefetch'."
        ),
    )
    tags = forms.CharField(
        label="Tags", required=False, max_length=300, help_text="Comma-separated."
    )
    shared = forms.BooleanField(
        label="Share with everyone (coaches and admins)",
        required=False,
    )

    def to_data(self) -> QuestionData:
        data = self.cleaned_data
        points = []
        for line in data["key_points"].splitlines():
            if not line.strip():
                continue
            text, _, rest = line.partition("|")
            weight_text, _, terms = rest.partition("|")
            weight = int(weight_text.strip()) if weight_text.strip().isdigit() else 1
            groups = [[t.strip()] for t in terms.split(",") if t.strip()]
            points.append(KeyPointData(text=text.strip(), weight=weight, must_have=groups))
        return QuestionData(
            prompt=data["prompt"],
            topic=data["topic"],
            model_answer=data["model_answer"],
            interviewer_intent=data["interviewer_intent"],
            kind=data["kind"],
            level=data["level"],
            difficulty=data["difficulty"],
            key_points=points,
            tags=[t.strip() for t in data["tags"].split(",") if t.strip()],
        )


class DeckForm(forms.Form):
    name = forms.CharField(label="Deck name", max_length=120)
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
