"""The term chart reads like German: inflections merged, usual capitalisation, no filler verbs."""

from __future__ import annotations

from werkstatt.results.terms import merge_spellings, terms_of, texts_with_term, top_terms

SENTENCES = [
    "Die Betriebe bringen sich kaum in die Wirtschaftsförderung ein.",
    "Mit den Betrieben reden, nicht über sie – das fühlen viele Unternehmen.",
    "Jeder Betrieb hat wenig Zeit für Beteiligung.",
    "Offene Formate wie Hackathons haben wir geschrieben.",
    "Ein Hackathon bringt Unternehmen und Verwaltung zusammen.",
]


def test_inflections_merge_into_one_term_with_its_usual_capitalisation() -> None:
    terms = dict(top_terms(SENTENCES))
    assert terms["Betrieb"] == 3
    assert terms["Hackathon"] == 2 and terms["Unternehmen"] == 2
    assert not {"Betriebe", "Betrieben", "betriebe", "betrieb", "Hackathons"} & set(terms)


def test_stop_words_and_very_common_verbs_are_dropped() -> None:
    terms = {t.casefold() for t, _ in top_terms(SENTENCES, limit=50)}
    assert not {"bringen", "fühlen", "schreiben", "geschrieben", "haben", "die", "mit", "wir"} & terms


def test_an_adjective_at_the_start_of_a_sentence_is_not_taken_for_a_noun() -> None:
    assert "offen" in terms_of("Offene Formate helfen.")
    assert "Format" in terms_of("Offene Formate helfen.")


def test_a_term_leads_back_to_the_texts_behind_it() -> None:
    assert texts_with_term(list(enumerate(SENTENCES)), "betrieb") == [0, 1, 2]


def test_short_answers_merge_case_and_inflection() -> None:
    from collections import Counter

    ranked = merge_spellings(Counter({"Netzwerke": 1, "Netzwerk": 2, "bottrop": 1}), lemmatize=True)
    assert ranked == [("Netzwerk", 3), ("bottrop", 1)]
