"""Text rules for contributions: what is kept literally, what is stripped, what is refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from werkstatt.errors import WerkstattError
from werkstatt.text.rules import MAX_CONTRIBUTION_CHARS, clean_contribution, clean_line, strip_controls


@pytest.mark.parametrize("raw", ["", "   ", "\n\n\t ", "\x00\x07\x1b", "\u202e\u2066"])
def test_empty_or_blank_text_is_refused_in_german(raw: str) -> None:
    with pytest.raises(WerkstattError, match="Bitte schreiben Sie einen Text"):
        clean_contribution(raw)


def test_over_500_characters_is_refused_with_the_count() -> None:
    with pytest.raises(WerkstattError, match="mit 501 Zeichen zu lang; erlaubt sind höchstens 500"):
        clean_contribution("a" * 501)
    assert clean_contribution("a" * MAX_CONTRIBUTION_CHARS) == "a" * 500


def test_surrounding_whitespace_does_not_count_towards_the_limit() -> None:
    assert clean_contribution("  " + "b" * 500 + "\n\n") == "b" * 500


@pytest.mark.parametrize(
    "raw",
    [
        "<script>alert('x')</script>",
        "<b>fett</b> <img src=x onerror=alert(1)>",
        "**fett** _kursiv_ [Link](http://example.org) # Titel",
        "=SUMME(A1:A3)",
    ],
)
def test_markup_is_kept_as_literal_text(raw: str) -> None:
    assert clean_contribution(raw) == raw


def test_control_characters_are_stripped_but_newlines_kept() -> None:
    assert clean_contribution("Zeile 1\x00\x08\r\nZeile\x1b 2\u202e") == "Zeile 1\nZeile 2"
    assert clean_contribution("a\tb") == "a b"


def test_emoji_are_accepted_including_joined_sequences() -> None:
    family = "👨\u200d👩\u200d👧"
    assert clean_contribution(f"Super Idee 🎉 {family} 👍🏽") == f"Super Idee 🎉 {family} 👍🏽"


def test_many_blank_lines_collapse_to_one_empty_line() -> None:
    assert clean_contribution("a\n\n\n\n\nb") == "a\n\nb"


def test_single_line_fields() -> None:
    assert clean_line("  Anna\n  B.\x07 ", max_len=40, field="Name") == "Anna B."
    assert clean_line("", max_len=40, field="Name", required=False) == ""
    with pytest.raises(WerkstattError, match="»Grund« aus"):
        clean_line("  ", max_len=200, field="Grund")
    with pytest.raises(WerkstattError, match="»Name« ist zu lang"):
        clean_line("x" * 41, max_len=40, field="Name")


@given(st.text(max_size=600))
def test_cleaned_text_never_contains_control_characters(raw: str) -> None:
    cleaned = strip_controls(raw)
    assert all(ch == "\n" or (ord(ch) >= 32 and not 0x7F <= ord(ch) < 0xA0) for ch in cleaned)
