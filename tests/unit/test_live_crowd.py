"""A part shown on many phones redraws further apart; a part on one screen keeps its own pace."""

from __future__ import annotations

from werkstatt.live.crowd import REDRAWS_PER_S, Viewers, crowd_gap


def test_the_shared_screen_and_a_small_group_keep_their_own_gap() -> None:
    assert crowd_gap(0.0, 1) < 0.1  # the shared screen shows a new post at once
    assert crowd_gap(1.5, 20) == 1.5  # 20 phones: the list as before


def test_two_hundred_phones_redraw_their_list_at_most_fifteen_times_a_second_together() -> None:
    gap = crowd_gap(1.5, 200)
    assert 200 / gap <= REDRAWS_PER_S
    assert gap < 15  # a new post still reaches every phone within a quarter minute


def test_each_session_counts_once_per_part_and_workshop() -> None:
    viewers = Viewers()
    for _ in range(3):
        assert viewers.drawn("2:mm-board", "phone-a", now=10.0) == 1
    assert viewers.drawn("2:mm-board", "phone-b", now=11.0) == 2
    assert viewers.drawn("3:mm-board", "phone-c", now=11.0) == 1  # another workshop is another crowd
    assert viewers.drawn("2:beamer-board", "screen", now=11.0) == 1


def test_phones_that_left_long_ago_stop_counting() -> None:
    viewers = Viewers(forget_s=300)
    for n in range(50):
        viewers.drawn("2:mm-board", f"phone-{n}", now=0.0)
    assert viewers.drawn("2:mm-board", "late-phone", now=400.0) == 1
