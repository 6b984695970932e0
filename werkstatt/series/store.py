"""Write a parsed series into the database (idempotent upsert) and read it back."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.models import AgendaItem, Category, Series, Workshop
from werkstatt.clock import local_to_utc
from werkstatt.errors import NotFound
from werkstatt.legal import store_legal
from werkstatt.registration.window import apply_file_schedule
from werkstatt.series.file import SeriesSpec, WorkshopSpec
from werkstatt.session.prompts import sync_prompts

# No 0/O, 1/I/L, 5/S, 2/Z: codes are read aloud in calls and typed on phones.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789"
JOIN_CODE_LENGTH = 6


def new_join_code(session: Session) -> str:
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if session.scalar(select(Workshop.id).where(Workshop.join_code == code)) is None:
            return code


def store_series(session: Session, *, spec: SeriesSpec) -> tuple[Series, bool]:
    """Insert or update the series from its file. Returns (series, changed).

    Join codes, meeting links and capacity changes made in the app survive a
    reload unless the file itself changes the capacity.
    """
    series = session.scalar(select(Series).where(Series.slug == spec.slug))
    created = series is None
    if series is None:
        series = Series(slug=spec.slug)
        session.add(series)
    changed = created | _assign(
        series,
        title=spec.title,
        headline=spec.headline,
        subtitle=spec.subtitle,
        organizers=list(spec.organizers),
        timezone=spec.timezone,
        invitation=spec.invitation,
        registration_note=spec.registration_note,
        join_note=spec.join_note,
    )
    session.flush()
    existing = {w.number: w for w in series.workshops}
    for ws in spec.workshops:
        workshop = existing.get(ws.number)
        if workshop is None:
            workshop = Workshop(series=series, number=ws.number, join_code=new_join_code(session))
            session.add(workshop)
            changed = True
        changed |= _store_workshop(session, workshop, ws, spec)
        session.flush()
        changed |= apply_file_schedule(
            session,
            workshop_id=workshop.id,
            opens_at=ws.registration_opens,
            closes_at=ws.registration_closes,
            reminder_minutes=ws.reminder_minutes,
        )
    changed |= store_legal(session, series=series, spec=spec.legal)
    session.flush()
    return series, changed


def _store_workshop(session: Session, w: Workshop, ws: WorkshopSpec, spec: SeriesSpec) -> bool:
    tz = spec.tz
    changed = _assign(
        w,
        title=ws.title,
        subtitle=ws.subtitle,
        topic=ws.topic,
        guiding_questions=list(ws.guiding_questions),
        description=ws.description,
        starts_at=local_to_utc(ws.day, ws.start, tz),
        ends_at=local_to_utc(ws.day, ws.end, tz),
        capacity=ws.capacity,
        format=ws.format,
        external_registration_url=ws.external_registration_url,
        discussion_prompt=ws.discussion_prompt,
        facet_label=ws.facet_label,
        facet_options=list(ws.facet_options),
    )
    wanted = [(local_to_utc(ws.day, a.start, tz), a.kind, a.title, a.activity) for a in ws.agenda]
    current = [(a.planned_start, a.kind, a.title, a.activity) for a in w.agenda]
    if wanted != current and len(wanted) == len(current):
        # Same number of items: change them in place, so questions asked to a talk stay attached to it.
        for item, (start, kind, title, activity) in zip(w.agenda, wanted, strict=True):
            _assign(item, planned_start=start, kind=kind, title=title, activity=activity)
        changed = True
    elif wanted != current:
        w.agenda.clear()
        session.flush()
        w.agenda.extend(
            AgendaItem(position=i, planned_start=start, kind=kind, title=title, activity=activity)
            for i, (start, kind, title, activity) in enumerate(wanted)
        )
        changed = True
    by_key = {c.key: c for c in w.categories}
    for pos, cs in enumerate(ws.categories):
        cat = by_key.get(cs.key)
        if cat is None:
            w.categories.append(Category(key=cs.key, label=cs.label, hint=cs.hint, position=pos))
            changed = True
        else:
            changed |= _assign(cat, label=cs.label, hint=cs.hint, position=pos)
    session.flush()
    changed |= sync_prompts(session, workshop_id=w.id, texts=list(ws.prompts or (ws.discussion_prompt,)))
    return changed


def _assign(obj: object, **values: object) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def list_series(session: Session) -> list[Series]:
    stmt = (
        select(Series)
        .order_by(Series.id)
        .options(
            selectinload(Series.workshops).selectinload(Workshop.agenda),
            selectinload(Series.workshops).selectinload(Workshop.categories),
        )
    )
    return list(session.scalars(stmt))


def list_workshops(session: Session) -> list[Workshop]:
    stmt = (
        select(Workshop)
        .join(Series)
        .order_by(Series.id, Workshop.number)
        .options(
            selectinload(Workshop.agenda),
            selectinload(Workshop.categories),
            selectinload(Workshop.series),
        )
    )
    return list(session.scalars(stmt))


def get_workshop(session: Session, *, workshop_id: int) -> Workshop:
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise NotFound("Diese Werkstatt gibt es nicht (mehr).")
    return workshop


def workshop_by_join_code(session: Session, *, code: str) -> Workshop:
    normalized = "".join(ch for ch in code.upper() if ch.isalnum())
    workshop = session.scalar(select(Workshop).where(Workshop.join_code == normalized))
    if workshop is None:
        raise NotFound("Zu diesem Code gibt es keine Werkstatt. Bitte prüfen Sie die Eingabe.")
    return workshop


def series_title(session: Session) -> str:
    """The title of the first series ("Bottrop 2018+"), or "" before one is loaded."""
    return session.scalar(select(Series.title).order_by(Series.id).limit(1)) or ""
