"""The shared screen's wall shows a new post at once, then turns its pages with the shared clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from werkstatt.session.views import Item
from werkstatt.ui.beamer_wall import column_paging

T0 = datetime(2026, 11, 27, 9, 0, 0, tzinfo=UTC)  # a multiple of 12 s (ROTATE_SECONDS)


def item(id_: int, posted: datetime, *, pinned: bool = False) -> Item:
    return Item(
        id=id_, category_key="challenge", category_label="Herausforderung", facet="", stakeholder="",
        group_name="", author="Anonym", text=f"Beitrag {id_}", created_at=posted, status="visible",
        hidden_reason="", merged_into_id=None, pinned=pinned, theme_id=None, theme_name="", votes=0,
    )  # fmt: skip


def column(newest_at: datetime, n: int = 12) -> list[Item]:
    """n cards as the wall orders them (newest first); the newest was posted at `newest_at`."""
    return [item(n - k, newest_at - timedelta(minutes=k)) for k in range(n)]


def test_a_new_post_is_shown_at_once_although_the_clock_is_on_another_page() -> None:
    cards = column(T0 - timedelta(hours=1))
    assert column_paging(cards, T0 + timedelta(seconds=13)).page == 2  # no new post: the clock's page
    cards = column(T0 + timedelta(seconds=12.5))  # a post arrives in the second turn
    assert column_paging(cards, T0 + timedelta(seconds=13)).page == 1


def test_a_new_post_stays_at_least_half_a_turn_then_the_pages_turn_in_order() -> None:
    late = column(T0 + timedelta(seconds=22))  # 2 s before the turn: kept over the next turn too
    assert [column_paging(late, T0 + timedelta(seconds=s)).page for s in (23, 30, 36, 48, 60)] == [1, 1, 2, 3, 1]
    early = column(T0 + timedelta(seconds=13))  # early in a turn: the page turns with the clock
    assert [column_paging(early, T0 + timedelta(seconds=s)).page for s in (14, 24, 36, 48)] == [1, 2, 3, 1]


def test_pinned_cards_first_the_page_with_the_newest_post_is_shown() -> None:
    pinned = [item(k, T0 - timedelta(hours=1), pinned=True) for k in range(1, 6)]  # 5 pinned, older
    cards = [*pinned, *column(T0 + timedelta(seconds=1), n=7)]  # the newest post is the 6th card
    paging = column_paging(cards, T0 + timedelta(seconds=2))
    assert (paging.page, paging.pages, paging.start, paging.stop) == (2, 3, 4, 8)


def test_one_page_does_not_turn() -> None:
    cards = column(T0, n=4)
    assert column_paging(cards, T0 + timedelta(seconds=30)).label == ""
