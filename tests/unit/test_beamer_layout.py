"""The shared screen pages long lists with the clock and says how much it does not show."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from werkstatt.ui.beamer_layout import more_label, rotate

T0 = datetime(2026, 11, 27, 9, 0, 0, tzinfo=UTC)  # a multiple of 12 s


def test_twelve_cards_turn_through_three_pages_and_come_back() -> None:
    seen = [rotate(12, 4, T0 + timedelta(seconds=12 * n)) for n in range(4)]
    assert [(p.start, p.stop, p.page) for p in seen] == [(0, 4, 1), (4, 8, 2), (8, 12, 3), (0, 4, 1)]
    assert seen[1].label == "Seite 2 von 3"


def test_a_short_list_is_one_page_without_a_page_label() -> None:
    paging = rotate(3, 4, T0 + timedelta(seconds=40))
    assert (paging.start, paging.stop, paging.pages, paging.label) == (0, 3, 1, "")
    assert rotate(0, 4, T0).pages == 1


def test_the_last_page_may_be_short() -> None:
    paging = rotate(10, 4, T0 + timedelta(seconds=24))
    assert (paging.start, paging.stop) == (8, 10)


def test_more_label_counts_what_is_not_shown() -> None:
    assert more_label(40, 4) == "+ 36 weitere"
    assert more_label(4, 4) == ""
