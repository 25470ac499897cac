"""What the grading app keeps in the database: rubric embeddings, so that no web process has to
run the model for a question's key points, paraphrases, mistakes and model answer."""

from __future__ import annotations

from django.db import models


class TextEmbedding(models.Model):
    """One rubric text's sentence embedding from one embedding model.

    ``model`` identifies everything the vector depends on (model file, tokenizer, settings; see
    ``semantic.Embedder.key``) and ``digest`` is the SHA-1 of the text, so an edited text or a
    new model simply misses and is embedded again; nothing is ever updated in place. Written by
    ``backprep content load`` (``services.rubric_embeddings_warm``) and on a miss while grading.
    """

    model = models.CharField(max_length=64)
    digest = models.CharField(max_length=40)
    vector = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model", "digest"], name="grading_embedding_unique")
        ]

    def __str__(self) -> str:
        return f"{self.model[:8]}:{self.digest[:12]}"
