from __future__ import annotations

from django import forms

from .models import TIME_ZONES, Level


class SignupForm(forms.Form):
    display_name = forms.CharField(label="Your name", max_length=80, required=False)
    email = forms.EmailField(label="E-mail address", max_length=254)
    password = forms.CharField(
        label="Password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 10 characters; not a common password.",
        max_length=200,
    )


class LoginForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address", max_length=254, widget=forms.EmailInput(attrs={"autofocus": True})
    )
    password = forms.CharField(
        label="Password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        max_length=200,
    )


class ProfileForm(forms.Form):
    display_name = forms.CharField(label="Name", max_length=80, required=False)
    target_role = forms.CharField(
        label="Target role",
        max_length=120,
        required=False,
        help_text="The job you are preparing for, e.g. Backend engineer (Python).",
    )
    level = forms.ChoiceField(label="Level", choices=Level.choices)
    target_interview_date = forms.DateField(
        label="Target interview date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    time_zone = forms.ChoiceField(label="Time zone", choices=[(tz, tz) for tz in TIME_ZONES])


class PasswordChangeForm(forms.Form):
    current_password = forms.CharField(
        label="Current password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        max_length=200,
    )
    new_password = forms.CharField(
        label="New password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=200,
        help_text="At least 10 characters; not a common password.",
    )


class PasswordResetForm(forms.Form):
    email = forms.EmailField(label="E-mail address", max_length=254)


class PasswordResetConfirmForm(forms.Form):
    new_password = forms.CharField(
        label="New password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=200,
    )


class PersonalTokenForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=80,
        help_text="Say where you will use it, e.g. 'laptop CLI'.",
    )
    expires_in_days = forms.TypedChoiceField(
        label="Expires",
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("30", "in 30 days"), ("90", "in 90 days"), ("365", "in a year"), ("", "never")],
        initial="90",
    )
