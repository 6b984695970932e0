"""How much the shared screen shows at once, and which page of it (pure; no streamlit).

The shared screen never scrolls: nobody in a video call can scroll it. Longer lists
are shown a page at a time; the page turns with the clock and says how much is left.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

WALL_CARDS_PER_PAGE = 4  # cards per category column that fit 1366x768 and 1920x1080 (tests/e2e)
ROTATE_SECONDS = 12  # long enough to read a card aloud
FAZIT_PANELS = 2  # overview (numbers, categories, most dots) | terms, groups, timeline
FAZIT_TOP_PER_CATEGORY = 2


@dataclass(frozen=True)
class Paging:
    start: int  # index of the first shown item
    stop: int  # one past the last shown item
    page: int  # 1-based
    pages: int

    @property
    def label(self) -> str:
        return f"Seite {self.page} von {self.pages}" if self.pages > 1 else ""


def rotate(count: int, per_page: int, now: datetime, seconds: int = ROTATE_SECONDS) -> Paging:
    """The page of `count` items shown at `now`; every screen shows the same page at the same time."""
    pages = max(1, -(-count // per_page))
    page = int(now.timestamp() // seconds) % pages
    start = page * per_page
    return Paging(start=start, stop=min(count, start + per_page), page=page + 1, pages=pages)


def more_label(total: int, shown: int) -> str:
    """'+ 8 weitere' for what the screen does not show right now ('' when all are shown)."""
    rest = total - shown
    return f"+ {rest} weitere" if rest > 0 else ""
