"""Pacing as a crowd grows (werkstatt/live/pacing.py): list fetches and agenda switches."""

from werkstatt.live.pacing import feed_gap_s, feed_spread_s, switch_spread_s


def test_a_workshop_room_fetches_its_list_within_a_second() -> None:
    assert feed_gap_s(0) == feed_gap_s(20) == feed_gap_s(100) == 1.0


def test_the_fetch_gap_grows_with_the_crowd_so_one_process_serves_about_100_pages_a_second() -> None:
    assert feed_gap_s(200) == 2.0 and 200 / feed_gap_s(200) == 100
    assert feed_gap_s(300) < feed_gap_s(400)
    assert feed_gap_s(10_000) == 5.0  # never longer


def test_the_spread_stays_inside_the_gap() -> None:
    for joined in (1, 20, 200, 1000):
        gap = feed_gap_s(joined)
        assert 0 < feed_spread_s(gap) < gap


def test_an_agenda_switch_spreads_the_phones_page_runs_with_the_crowd_but_keeps_a_room_fast() -> None:
    # 20 seats: every phone within 0.2 s (the moderator action -> every screen goal is 1 s).
    assert switch_spread_s(20) == 0.2 and switch_spread_s(0) == 0.0
    assert switch_spread_s(200) == 2.0  # 200 phones: two seconds, not 200 page runs at once
    assert switch_spread_s(5000) == 3.0  # never longer than three seconds
