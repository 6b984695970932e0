"""A phone's list redraws every 1.5 s in a workshop room and less often in a crowd (werkstatt/live/pacing.py)."""

from werkstatt.live.pacing import list_gap_s, list_spread_s, switch_spread_s


def test_a_workshop_room_keeps_the_short_gap() -> None:
    assert list_gap_s(0) == list_gap_s(20) == list_gap_s(37) == 1.5


def test_the_gap_grows_with_the_crowd_so_one_process_serves_about_25_lists_a_second() -> None:
    assert list_gap_s(200) == 8.0
    assert 200 / list_gap_s(200) == 25
    assert list_gap_s(100) < list_gap_s(200) < list_gap_s(300)


def test_the_gap_has_a_ceiling() -> None:
    assert list_gap_s(10_000) == 15.0


def test_the_spread_stays_inside_the_gap() -> None:
    for joined in (1, 20, 200, 1000):
        gap = list_gap_s(joined)
        assert 0 < list_spread_s(gap) < gap


def test_an_agenda_switch_spreads_the_phones_page_runs_with_the_crowd_but_keeps_a_room_fast() -> None:
    # 20 seats: every phone within 0.2 s (the moderator action -> every screen goal is 1 s).
    assert switch_spread_s(20) == 0.2 and switch_spread_s(0) == 0.0
    assert switch_spread_s(200) == 2.0  # 200 phones: two seconds, not 200 page runs at once
    assert switch_spread_s(5000) == 3.0  # never longer than three seconds
