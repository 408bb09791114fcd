"""Groeperen: similar Dutch notes are suggested as groups (canvas.grouping), never merged."""

from __future__ import annotations

import json
from pathlib import Path

from canvas.blocks import Question
from canvas.grouping import THRESHOLD, Scope, cell_scope, normalise, similarity, suggest_groups
from stakeholders.roles import Role
from tests.test_merge import note

DEMO = json.loads((Path(__file__).resolve().parents[1] / "demo" / "workshops.json").read_text("utf-8"))
DEMO_TEXTS = [t for w in DEMO["workshops"] for p in w["participants"] for ts in p["notes"].values() for t in ts]


def sim(a: str, b: str) -> float:
    return similarity(a, b, corpus=DEMO_TEXTS)


def test_compounds_with_and_without_hyphen_meet():
    assert normalise("Zij-instromers in de techniek") == "zijinstromers techniek"
    assert sim("zij-instromers opleiden", "zij-instroom") >= THRESHOLD
    assert sim("Meer zij-instromers in de techniek", "Zij-instroom in de techniek vergroten") >= THRESHOLD
    assert sim("zij instroom", "zijinstroom") >= THRESHOLD


def test_inflections_and_derived_words_meet():
    assert sim("Subsidie van de gemeente", "Gemeentelijke subsidie") >= THRESHOLD
    assert sim("Wij betalen mee aan de RIF-aanvraag", "School betaalt mee aan de RIF-aanvraag") >= THRESHOLD


def test_near_duplicates_from_the_demo_data_pass_the_threshold():
    pairs = [
        ("Wij betalen als bedrijven mee aan de RIF-aanvraag", "School betaalt mee aan de RIF-aanvraag"),
        ("De nieuwkomer die bij ons zijn loopbaan herstart", "Deelnemers die hun loopbaan herstarten"),
        (
            "Zeven kandidaten aan de slag na BBL; we willen weten wie er na twee jaar nog werkt",
            "Zeven kandidaten na een BBL-opleiding aan het werk",
        ),
        ("Loopbaanoriëntatie en open dagen op scholen", "Voorlichting op vmbo-scholen en open dagen"),
    ]
    for a, b in pairs:
        assert a in DEMO_TEXTS and b in DEMO_TEXTS
        assert sim(a, b) >= THRESHOLD, (a, b)


def test_unrelated_notes_stay_apart_even_with_shared_function_words():
    assert sim("Kosten van de BBL-opleiding", "Gemeente betaalt de startsubsidie") < THRESHOLD
    assert sim("Tekort aan monteurs in de regio", "Korte lijn met de school in de regio") < THRESHOLD
    assert sim("Taaldocenten en BBL-trajecten", "De taaldocent sluit aan bij het eerste gesprek met de deelnemer") < (
        THRESHOLD
    )


def test_suggestions_stay_within_a_cell_and_leave_deleted_notes_out():
    notes = [
        note(1, "kosten", Role.ONDERNEMER, "Wij betalen mee aan de RIF-aanvraag"),
        note(2, "financiering", Role.ONDERNEMER, "Bedrijven betalen mee in de RIF-aanvraag"),
        # Same words, other stakeholder: another cell of the table.
        note(3, "kosten", Role.ONDERWIJS, "School betaalt mee aan de RIF-aanvraag"),
        note(4, "kosten", Role.ONDERNEMER, "Wij betalen mee aan de RIF aanvraag", deleted=True),
        note(5, "kosten", Role.ONDERNEMER, "Uren van leermeesters"),
    ]
    (group,) = suggest_groups(notes)
    assert group.note_ids == (1, 2)
    assert group.scope == cell_scope(Role.ONDERNEMER, Question.FINANCIERING)
    assert group.score >= THRESHOLD


def test_block_scope_groups_across_stakeholders():
    notes = [
        note(1, "kosten", Role.ONDERNEMER, "Wij betalen mee aan de RIF-aanvraag"),
        note(3, "kosten", Role.ONDERWIJS, "School betaalt mee aan de RIF-aanvraag"),
        note(6, "financiering", Role.ONDERWIJS, "School betaalt mee aan de RIF-aanvraag"),
    ]
    (group,) = suggest_groups(notes, scope=Scope.BLOCK)
    assert group.scope == "blok:kosten" and group.note_ids == (1, 3)


def test_average_linkage_does_not_chain_loosely_related_notes_into_one_group():
    notes = [
        note(1, "kernactiviteiten", Role.ONDERNEMER, "Speeddates met kandidaten"),
        note(2, "kernactiviteiten", Role.ONDERNEMER, "Speeddates en bedrijfsbezoeken"),
        note(3, "kernactiviteiten", Role.ONDERNEMER, "Bedrijfsbezoeken voor scholieren"),
        note(4, "kernactiviteiten", Role.ONDERNEMER, "Scholieren op open dagen"),
    ]
    texts = [n.text for n in notes]
    # Each neighbour in the row is similar enough: single linkage would make one group of all four.
    assert all(similarity(a, b, corpus=texts) >= THRESHOLD for a, b in zip(texts, texts[1:], strict=False))
    assert similarity(texts[0], texts[3], corpus=texts) < THRESHOLD
    groups = suggest_groups(notes)
    assert [g.note_ids for g in groups] == [(2, 3)]


def test_text_without_letters_gives_no_suggestion_and_no_error():
    notes = [note(1, "kosten", Role.ONDERNEMER, "..."), note(2, "kosten", Role.ONDERNEMER, "😀 😀")]
    assert suggest_groups(notes) == []
    assert suggest_groups([note(1, "kosten", Role.ONDERNEMER, "de en het")]) == []


def test_identical_notes_are_one_group_with_full_score():
    notes = [note(i, "kosten", Role.OVERHEID, "Startsubsidie van de gemeente") for i in (1, 2, 3)]
    (group,) = suggest_groups(notes)
    assert group.note_ids == (1, 2, 3) and group.score > 0.99


def test_the_word_by_word_vectors_are_scikit_learns_char_wb_tfidf():
    """canvas.grouping sums n-grams per distinct word for speed; the numbers must be TfidfVectorizer's own."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from canvas.grouping import _vectors

    texts = [*DEMO_TEXTS, "Zij-instromers", "zij instroom", "...", "de en het", "Wij  betalen\tmee"]
    reference = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), preprocessor=normalise, sublinear_tf=True
    ).fit_transform(texts)
    ours = _vectors(texts)
    assert ours.shape[0] == len(texts)
    assert np.allclose((ours @ ours.T).toarray(), (reference @ reference.T).toarray(), atol=1e-5)
