"""Choices shared by several apps."""

from django.db import models


class Level(models.TextChoices):
    """Seniority: of a user's target job, and of the questions that fit it."""

    FRESHER = "fresher", "Fresher"
    JUNIOR = "junior", "Junior"
    MID = "mid", "Mid-level"
    SENIOR = "senior", "Senior"
