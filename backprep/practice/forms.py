from __future__ import annotations

from django import forms


class SettingsForm(forms.Form):
    desired_retention = forms.FloatField(
        label="Desired retention",
        min_value=0.7,
        max_value=0.97,
        help_text="How likely you want to be to remember a card when it comes back (0.70-0.97). "
        "Higher means more reviews.",
        widget=forms.NumberInput(attrs={"step": "0.01"}),
    )
    new_per_day = forms.IntegerField(label="New questions per day", min_value=0, max_value=200)
    reviews_per_day = forms.IntegerField(label="Reviews per day", min_value=0, max_value=2000)
    learn_ahead = forms.BooleanField(
        label="Learn ahead when nothing is due",
        required=False,
    )
    timer_seconds = forms.IntegerField(
        label="Answer timer (seconds)",
        min_value=0,
        max_value=1800,
        help_text="0 turns the timer off. Interviews allow about 2-3 minutes per concept question.",
    )
    grader = forms.ChoiceField(label="Grader", required=False)

    def __init__(self, *args: object, graders: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        labels = {
            "lexical": "Lexical (fast, no model)",
            "semantic": "Semantic (embedding model)",
            "llm": "LLM (your configured endpoint)",
        }
        self.fields["grader"].choices = [("", "Site default")] + [  # type: ignore[attr-defined]
            (g, labels.get(g, g)) for g in graders
        ]
