"""Legal texts of a series (Impressum, Datenschutzerklärung, Barrierefreiheitserklärung).

They come from the series file (`[series.legal]`), are stored per series and
shown on /impressum, /datenschutz and /barrierefreiheit; every public page and
every mail links them. `placeholders` lists what is still to be filled in, so
`init` can warn before the first invitation goes out.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Series
from db.models.operations import SeriesLegal

PLACEHOLDER = "BITTE ERGÄNZEN"
PAGES = {"impressum": "Impressum", "datenschutz": "Datenschutzerklärung", "barrierefreiheit": "Barrierefreiheit"}


@dataclass(frozen=True)
class LegalSpec:
    contact_email: str = ""
    impressum: str = ""
    privacy: str = ""
    accessibility: str = ""


def store_legal(session: Session, *, series: Series, spec: LegalSpec) -> bool:
    """Upsert the texts of one series; returns whether anything changed."""
    row = session.get(SeriesLegal, series.id)
    if row is None:
        row = SeriesLegal(series_id=series.id, contact_email="", impressum="", privacy="", accessibility="")
        session.add(row)
    wanted = {
        "contact_email": spec.contact_email,
        "impressum": spec.impressum,
        "privacy": spec.privacy,
        "accessibility": spec.accessibility,
    }
    changed = any(getattr(row, k) != v for k, v in wanted.items())
    for key, value in wanted.items():
        setattr(row, key, value)
    return changed


def legal_texts(session: Session) -> list[tuple[Series, SeriesLegal | None]]:
    series = session.scalars(select(Series).order_by(Series.id)).all()
    return [(s, session.get(SeriesLegal, s.id)) for s in series]


def placeholders(session: Session) -> list[str]:
    """German warnings for every legal text that is missing or still a placeholder."""
    warnings = []
    labels = {
        "contact_email": "Kontaktadresse",
        "impressum": "Impressum",
        "privacy": "Datenschutzerklärung",
        "accessibility": "Barrierefreiheitserklärung",
    }
    for series, row in legal_texts(session):
        for key, label in labels.items():
            value = getattr(row, key) if row is not None else ""
            if not value.strip() or PLACEHOLDER in value:
                warnings.append(f"Reihe „{series.title}“: {label} ist noch nicht ausgefüllt ([series.legal].{key}).")
    return warnings
