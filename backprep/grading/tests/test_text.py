from backprep.grading.text import analyse_text, fold, normalise, tokenize


def test_aliases_map_spellings_to_one_form():
    assert normalise("N+1") == normalise("n plus one") == normalise("n + 1") == "nplus1"
    assert normalise("JWTs") == normalise("JSON Web Token") == "jwt"
    assert normalise("k8s") == normalise("Kubernetes")
    assert normalise("the DB") == normalise("the database")


def test_folding_handles_case_accents_apostrophes_and_british_spelling():
    assert fold("Café") == "cafe"
    assert fold("isn\u2019t") == "isn't"
    assert fold("Django's") == "django"
    assert normalise("normalisation") == normalise("normalization")


def test_tokens_keep_their_span_in_the_original_text():
    text = "Use  select_related (a JOIN)."
    tokens = tokenize(text)
    assert [text[t.start : t.end] for t in tokens] == ["Use", "select_related", "a", "JOIN"]
    assert [t.norm for t in tokens] == ["use", "select_related", "a", "join"]


def test_negation_reaches_the_predicate_and_the_subject_but_not_the_next_clause():
    doc = analyse_text("It is not caused by lazy loading, but by the loop.")
    negated = {t.norm for t, n in zip(doc.tokens, doc.negated, strict=True) if n}
    assert {"caused", "lazy", "loading", "it"} <= negated
    assert "loop" not in negated


def test_a_line_break_inside_a_sentence_is_not_a_clause_boundary():
    doc = analyse_text("a per-user salt\ndoesn't add anything")
    negated = {t.norm for t, n in zip(doc.tokens, doc.negated, strict=True) if n}
    assert "salt" in negated


def test_sentences_bullets_and_abbreviations():
    text = "First, e.g. this one. Second one!\n- third item\n- fourth item"
    doc = analyse_text(text)
    assert [doc.span_text(s) for s in doc.sentences] == [
        "First, e.g. this one.",
        "Second one!",
        "third item",
        "fourth item",
    ]
