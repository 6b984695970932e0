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
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine).begin() as s:
            workshops = list(s.scalars(select(Workshop).order_by(Workshop.starts_at)))
            first = workshops[0].starts_at
            weeks = (datetime.now(UTC) + timedelta(days=days_ahead) - first).days // 7 + 1
            delta = timedelta(weeks=max(weeks, 0))
            for w in workshops:
                w.starts_at, w.ends_at = w.starts_at + delta, w.ends_at + delta
                for item in w.agenda:
                    item.planned_start = item.planned_start + delta
        return delta
    finally:
        engine.dispose()
