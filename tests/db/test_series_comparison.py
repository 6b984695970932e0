"""The series comparison counts people (registrations, check-ins) apart from joined devices."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from db.models import Registration
from werkstatt.registration.applicant import Applicant
from werkstatt.registration.services import register
from werkstatt.results.conclusion import series_comparison
from werkstatt.series.store import get_workshop
from werkstatt.session.participants import join

NOW = datetime(2021, 6, 1, 9, 0, tzinfo=UTC)


def test_registrations_check_ins_and_live_joins_are_separate_columns(session_factory, bottrop) -> None:
    with session_factory.begin() as s:
        for i in range(3):
            register(s, applicant=Applicant(f"V{i}", f"N{i}", f"p{i}@beispiel.de", privacy_consent=True),
                     workshop_ids=[bottrop[1]], now=NOW)  # fmt: skip
        s.scalars(select(Registration)).first().checked_in_at = NOW  # type: ignore[union-attr]
        code = get_workshop(s, workshop_id=bottrop[1]).join_code
        for _ in range(5):  # five devices, e.g. phone and laptop of the same people
            join(s, code=code, now=datetime(2021, 6, 30, 8, 0, tzinfo=UTC))
        series_id = get_workshop(s, workshop_id=bottrop[1]).series_id
    with session_factory() as s:
        frame = series_comparison(s, series_id=series_id)
    first = frame[frame["Werkstatt"] == "Werkstatt 1"].iloc[0]
    assert (first["Angemeldet"], first["Eingecheckt"], first["Live beigetreten"]) == (3, 1, 5)
