"""How many screens may ask the server for something at once, and how often, as a crowd grows.

An agenda switch redraws every phone's page (spread over `switch_spread_s`); a post makes every
phone fetch its list's shared page (werkstatt/live/board_route.py), spaced by `feed_gap_s`. Until
round 9 each phone's list was a script run per change, paced by a gap of up to 15 s at 200 phones
(docs/performance.md, "Round 4" and "Round 9").
"""

from __future__ import annotations

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
