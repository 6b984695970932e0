"""Free-text mail from the organizer to the confirmed, waitlisted or checked-in people of a workshop."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.models import Registration, Series, User
from werkstatt import audit
from werkstatt.errors import WerkstattError
from werkstatt.mail.compose import envelope, footer, series_contact
from werkstatt.mail.ics import one_line
from werkstatt.mail.outbox import add_pending, queue_free_text
from werkstatt.mail.settings import base_url
from werkstatt.series.store import get_workshop
from werkstatt.text.rules import strip_controls

AUDIENCES = {"confirmed": "Bestätigte", "waitlisted": "Warteliste", "checked_in": "Eingecheckte"}
MAX_SUBJECT = 200
MAX_BODY = 10_000


def _clean(subject: str, body: str) -> tuple[str, str]:
    subject, body = one_line(strip_controls(subject or "")), strip_controls(body or "").strip()
    if not subject or not body:
        raise WerkstattError("Bitte Betreff und Text ausfüllen.")
    if len(subject) > MAX_SUBJECT or len(body) > MAX_BODY:
        raise WerkstattError(f"Betreff höchstens {MAX_SUBJECT}, Text höchstens {MAX_BODY} Zeichen.")
    return subject, body


def recipients(session: Session, *, workshop_id: int, audience: str) -> list[Registration]:
    stmt = select(Registration).where(Registration.workshop_id == workshop_id)
    if audience == "checked_in":
        stmt = stmt.where(Registration.status == "confirmed", Registration.checked_in_at.is_not(None))
    elif audience in ("confirmed", "waitlisted"):
        stmt = stmt.where(Registration.status == audience)
    else:
        raise WerkstattError("Bitte wählen Sie, an wen die E-Mail geht.")
    return list(session.scalars(stmt.options(selectinload(Registration.person)).order_by(Registration.id)))


def preview_free_text(session: Session, *, workshop_id: int, subject: str, body: str) -> str:
    subject, body = _clean(subject, body)
    get_workshop(session, workshop_id=workshop_id)
    return "\n".join([f"Betreff: {subject}", "", "Guten Tag Vorname Nachname,", "", body, *footer(base_url())])


def mail_people(
    session: Session, *, workshop_id: int, audience: str, subject: str, body: str, actor: str, now: datetime
) -> int:
    """Queue one mail per person of the audience ("test": only to the acting account); returns how many."""
    user = audit.authorize(session, actor=actor, needs=audit.ORGANIZER, doing="E-Mails an Teilnehmende senden")
    subject, body = _clean(subject, body)
    workshop = get_workshop(session, workshop_id=workshop_id)
    if audience == "test":
        if not user.email:
            raise WerkstattError("Für Ihr Konto ist keine E-Mail-Adresse hinterlegt; die Testmail geht nicht.")
        _queue_test(session, user, workshop.series, workshop_id, subject, body, now)
        count = 1
    else:
        regs = recipients(session, workshop_id=workshop_id, audience=audience)
        if not regs:
            raise WerkstattError(f"In dieser Gruppe ({AUDIENCES[audience]}) ist niemand.")
        for reg in regs:
            queue_free_text(session, registration=reg, subject=subject, body=body, now=now)
        count = len(regs)
    audit.on_workshop(
        session,
        actor=user,
        action="mail_people",
        workshop_id=workshop_id,
        now=now,
        detail=f"{audience}: {count} · {subject}",
    )
    return count


def _queue_test(
    session: Session, user: User, series: Series, workshop_id: int, subject: str, body: str, now: datetime
) -> None:
    msg = envelope(
        subject=f"[Test] {subject}",
        to_name=user.name,
        to_addr=user.email,
        series_title=series.title,
        now=now,
        contact=series_contact(series),
    )
    text = "\n".join(["Guten Tag Vorname Nachname,", "", body, *footer(base_url()), ""])
    msg.set_content(text, cte="quoted-printable")
    add_pending(  # not about a person: sent exactly as stored
        session, person_id=None, workshop_id=workshop_id, kind="test", to_address=user.email, msg=msg, now=now,
        body=body,
    )  # fmt: skip
