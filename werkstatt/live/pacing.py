"""How often one phone's contribution list may redraw: often in a workshop room, less in a crowd.

Every phone redraws its list after each change (werkstatt/ui/mitmachen_board.py). One server process
serves about 25 list redraws a second next to the posts and the shared screen (docs/performance.md,
"Round 4"); with 200 phones posting, a 1.5 s gap per phone asked for 130 a second and everything
queued behind them, posts and the shared screen included. So the gap grows with the number of
phones: a 20-seat room keeps 1.5 s, 200 phones get 8 s, and the server's time goes to posts first.
"""

from __future__ import annotations

ROOM_GAP_S = 1.5
LIST_REDRAWS_PER_S = 25.0  # what the lists of one workshop may take of one process
MAX_GAP_S = 15.0


def list_gap_s(joined: int) -> float:
    """Seconds between two redraws of one phone's list, for `joined` phones in the workshop."""
    return min(MAX_GAP_S, max(ROOM_GAP_S, joined / LIST_REDRAWS_PER_S))


def list_spread_s(gap_s: float) -> float:
    """Many phones redraw at random moments within most of the gap, not all at once."""
    return 0.8 * gap_s


PAGE_SWITCHES_PER_S = 100.0  # full page runs a moving agenda may ask of one process per second
MAX_SWITCH_SPREAD_S = 3.0


def switch_spread_s(joined: int) -> float:
    """When the agenda moves on, every phone redraws its whole page: spread them over joined/100 s
    (0.2 s in a 20-seat room, 2 s at 200 phones), so the server runs them one after another instead of
    200 at once, each of which would finish only at the end (docs/performance.md, "Round 5")."""
    return min(MAX_SWITCH_SPREAD_S, joined / PAGE_SWITCHES_PER_S)


FEED_ROOM_GAP_S = 1.0
FEED_FETCHES_PER_S = 100.0  # shared pages one process serves a second: each is a few KB from memory
FEED_MAX_GAP_S = 5.0


def feed_gap_s(joined: int) -> float:
    """Seconds between two fetches of one phone's list page (werkstatt/live/board_route.py): the page
    is read once per change for all phones, so this only spaces the small answers out."""
    return min(FEED_MAX_GAP_S, max(FEED_ROOM_GAP_S, joined / FEED_FETCHES_PER_S))


def feed_spread_s(gap_s: float) -> float:
    """Phones fetch at random moments within half the gap, not all in the same millisecond."""
    return 0.5 * gap_s
