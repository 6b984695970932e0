"""Move the bundled series into the future, for tests that drive the app with the wall clock.

The Bottrop dates lie in 2021; the app reads the wall clock, so a page or browser
test that registers or cancels needs workshops still ahead. The shift is whole
weeks (same weekday and local time).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from db.engine import make_engine, make_sessionmaker
from db.models import Workshop


def shift_workshops_into_future(url: str, *, days_ahead: int = 30) -> timedelta:
    """Shift so that the first workshop starts at least `days_ahead` days from now; returns the shift."""
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine)() as s:
            first = s.scalar(select(Workshop.starts_at).order_by(Workshop.starts_at).limit(1))
    finally:
        engine.dispose()
    assert first is not None
    weeks = (datetime.now(UTC) + timedelta(days=days_ahead) - first).days // 7 + 1
    delta = timedelta(weeks=max(weeks, 0))
    shift_workshops_by(url, delta)
    return delta


def shift_workshops_by(url: str, delta: timedelta) -> None:
    """Move every workshop (and its agenda) by `delta`, e.g. back after a test."""
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine).begin() as s:
            for w in s.scalars(select(Workshop)):
                w.starts_at, w.ends_at = w.starts_at + delta, w.ends_at + delta
                for item in w.agenda:
                    item.planned_start = item.planned_start + delta
    finally:
        engine.dispose()
