"""German mails about a registration, the outbox, and SMTP delivery.

Mails are written to the outbox in the same transaction as the registration;
`deliver_pending` sends them later (or right away, best effort). A failed send
stays in the outbox with its error and is retried; the registration is never
touched by delivery.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from urllib.parse import quote

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from db.models import OutboxMail, Registration, Workshop
from werkstatt.clock import fmt_span
from werkstatt.mail.ics import one_line, workshop_event_ics

DEFAULT_BASE_URL = "http://localhost:8501"
DEFAULT_SENDER = "werkstatt@localhost"
MAX_ATTEMPTS = 8
CLAIM_TIMEOUT = timedelta(minutes=10)
SMTP_TIMEOUT = 15

KINDS = {
    "confirmed": "Anmeldebestätigung",
    "waitlisted": "Warteliste",
    "promoted": "Platz frei – Sie sind dabei",
    "cancelled": "Abmeldung bestätigt",
    "joinlink": "Ihr Zugang",
}


def base_url() -> str:
    return (os.environ.get("WERKSTATT_BASE_URL", "").strip() or DEFAULT_BASE_URL).rstrip("/")


def join_link(workshop: Workshop, base: str | None = None) -> str:
    return f"{base or base_url()}/mitmachen?code={quote(workshop.join_code)}"


def cancel_link(registration: Registration, base: str | None = None) -> str:
    return f"{base or base_url()}/anmeldung?storno={quote(registration.cancel_token)}"


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    user: str = ""
    password: str = ""
    sender: str = DEFAULT_SENDER
    starttls: bool = True


def smtp_settings_from_env(env: dict[str, str] | None = None) -> SmtpSettings | None:
    """SMTP settings from WERKSTATT_SMTP_*; None when no host is configured (outbox only)."""
    env = os.environ if env is None else env
    host = env.get("WERKSTATT_SMTP_HOST", "").strip()
    if not host:
        return None
    return SmtpSettings(
        host=host,
        port=int(env.get("WERKSTATT_SMTP_PORT", "587") or 587),
        user=env.get("WERKSTATT_SMTP_USER", ""),
        password=env.get("WERKSTATT_SMTP_PASSWORD", ""),
        sender=sender_address(env),
        starttls=env.get("WERKSTATT_SMTP_STARTTLS", "true").strip().lower() not in ("0", "false", "no", "nein"),
    )


def sender_address(env: dict[str, str] | None = None) -> str:
    env = os.environ if env is None else env
    return one_line(env.get("WERKSTATT_SMTP_FROM", "")) or DEFAULT_SENDER


# --- composing (pure apart from reading the ORM objects) ----------------------------------


def _body(kind: str, reg: Registration, *, base: str, position: int | None) -> str:
    w, person = reg.workshop, reg.person
    when = fmt_span(w.starts_at, w.ends_at)
    lines = [f"Guten Tag {one_line(person.full_name)},", ""]
    head = {
        "confirmed": f"vielen Dank für Ihre Anmeldung. Ihr Platz in der {w.label} ist bestätigt.",
        "waitlisted": (
            f"die {w.label} ist derzeit ausgebucht. Sie stehen auf der Warteliste (Platz {position}). "
            "Wird ein Platz frei, rücken Sie automatisch nach und erhalten sofort eine E-Mail."
        ),
        "promoted": f"gute Nachricht: In der {w.label} ist ein Platz frei geworden. Ihr Platz ist bestätigt.",
        "cancelled": f"Ihre Anmeldung für die {w.label} ist storniert. Schade, dass Sie nicht dabei sind.",
        "joinlink": f"hier noch einmal Ihre Zugangsdaten für die {w.label}.",
    }[kind]
    lines += [head, "", f"Veranstaltungsreihe: {w.series.title}", f"Termin: {when} (Zeitzone Europe/Berlin)"]
    if kind in ("confirmed", "promoted", "joinlink"):
        lines += ["", "So nehmen Sie teil:"]
        if w.meeting_url:
            lines.append(f"• Videokonferenz: {w.meeting_url}")
        else:
            lines.append("• Den Link zur Videokonferenz senden wir Ihnen rechtzeitig vor dem Termin.")
        lines.append(f"• Mitmachen während der Werkstatt (Beiträge, Abstimmungen): {join_link(w, base)}")
        lines.append(f"  Code zum Eintippen: {w.join_code}")
        lines += ["", "Den Termin finden Sie als Kalenderdatei (.ics) im Anhang."]
    if kind != "cancelled":
        ask = (
            "Sie möchten nicht mehr nachrücken? Dann tragen Sie sich bitte hier aus:"
            if kind == "waitlisted"
            else "Sie können nicht teilnehmen? Bitte geben Sie Ihren Platz frei:"
        )
        lines += [
            "",
            ask,
            cancel_link(reg, base),
            "(Der Link öffnet eine Seite, auf der Sie die Abmeldung noch einmal bestätigen.)",
        ]
    lines += ["", "Mit freundlichen Grüßen", f"Ihr Team von „{w.series.title}“", ""]
    return "\n".join(lines)


def build_message(
    kind: str, reg: Registration, *, now: datetime, position: int | None = None, base: str | None = None
) -> EmailMessage:
    """One complete mail; every header value is a single cleaned line."""
    base = base or base_url()
    w, person = reg.workshop, reg.person
    msg = EmailMessage()
    msg["Subject"] = one_line(f"{KINDS[kind]}: Werkstatt {w.number} – {w.title}")
    sender = sender_address()
    msg["From"] = Address(display_name=one_line(w.series.title)[:80], addr_spec=sender)
    msg["To"] = Address(display_name=one_line(person.full_name), addr_spec=person.email)
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    msg.set_content(_body(kind, reg, base=base, position=position), cte="quoted-printable")
    if kind in ("confirmed", "promoted", "joinlink", "cancelled"):
        ics = workshop_event_ics(
            uid=f"werkstatt-{w.id}-{reg.id}@{base.split('//')[-1].split('/')[0] or 'werkstatt'}",
            summary=w.label,
            description=f"{w.series.title}\nMitmachen: {join_link(w, base)}",
            start=w.starts_at,
            end=w.ends_at,
            url=w.meeting_url,
            now=now,
            cancelled=kind == "cancelled",
        )
        msg.add_attachment(ics, maintype="text", subtype="calendar", filename=f"werkstatt-{w.number}.ics")
    return msg


def queue_registration_mail(
    session: Session, *, kind: str, registration: Registration, now: datetime, position: int | None = None
) -> OutboxMail:
    """Put a mail into the outbox (same transaction as the change it reports)."""
    msg = build_message(kind, registration, now=now, position=position)
    row = OutboxMail(
        person_id=registration.person_id,
        workshop_id=registration.workshop_id,
        kind=kind,
        to_address=registration.person.email,
        subject=str(msg["Subject"]),
        message=msg.as_string(),
        status="pending",
        attempts=0,
        last_error="",
        created_at=now,
        next_attempt_at=now,
    )
    session.add(row)
    return row


def resend_join_link(session: Session, *, workshop_id: int, now: datetime) -> int:
    """Queue the access mail again for every confirmed attendee; returns how many."""
    regs = session.scalars(
        select(Registration).where(Registration.workshop_id == workshop_id, Registration.status == "confirmed")
    ).all()
    for reg in regs:
        queue_registration_mail(session, kind="joinlink", registration=reg, now=now)
    return len(regs)


def outbox(session: Session, *, statuses: Sequence[str] = ("pending", "failed", "sent"), limit: int = 500):
    return list(
        session.scalars(
            select(OutboxMail).where(OutboxMail.status.in_(statuses)).order_by(OutboxMail.id.desc()).limit(limit)
        )
    )


def retry_now(session: Session, *, mail_id: int | None = None, now: datetime) -> int:
    """Make failed mails due again (one, or all); the attempt counter restarts."""
    stmt = update(OutboxMail).where(OutboxMail.status == "failed")
    if mail_id is not None:
        stmt = stmt.where(OutboxMail.id == mail_id)
    result = session.execute(stmt.values(status="pending", next_attempt_at=now, attempts=0))
    return result.rowcount or 0


# --- delivery -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DeliveryReport:
    sent: int
    failed: int
    errors: tuple[str, ...] = ()


def _claim(session_factory: sessionmaker[Session], mail_id: int, now: datetime) -> OutboxMail | None:
    """Conditionally mark one mail as taken; a concurrent deliverer gets rowcount 0."""
    with session_factory.begin() as s:
        result = s.execute(
            update(OutboxMail)
            .where(
                OutboxMail.id == mail_id,
                OutboxMail.status.in_(("pending", "failed")),
                or_(OutboxMail.claimed_at.is_(None), OutboxMail.claimed_at < now - CLAIM_TIMEOUT),
            )
            .values(claimed_at=now)
        )
        if result.rowcount != 1:
            return None
        row = s.get(OutboxMail, mail_id)
        s.expunge(row)
        return row


def _finish(session_factory, mail_id: int, now: datetime, error: str | None) -> None:
    with session_factory.begin() as s:
        row = s.get(OutboxMail, mail_id)
        if row is None:  # deleted meanwhile (person deleted)
            return
        row.attempts += 1
        row.claimed_at = None
        if error is None:
            row.status, row.sent_at, row.last_error = "sent", now, ""
        else:
            row.status, row.last_error = "failed", error[:2000]
            # Back off: 1, 2, 4 ... minutes, at most an hour.
            row.next_attempt_at = now + timedelta(minutes=min(2 ** (row.attempts - 1), 60))


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    if settings.port == 465:
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=SMTP_TIMEOUT, context=ssl.create_default_context()
        )
    else:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT)
        if settings.starttls:
            smtp.starttls(context=ssl.create_default_context())
    if settings.user:
        smtp.login(settings.user, settings.password)
    return smtp


def deliver_pending(
    session_factory: sessionmaker[Session],
    *,
    smtp_settings: SmtpSettings | None,
    now: datetime,
    only_ids: Sequence[int] | None = None,
    limit: int = 100,
) -> DeliveryReport:
    """Send due mails by SMTP. Without settings nothing happens (mails stay in the outbox)."""
    if smtp_settings is None:
        return DeliveryReport(0, 0)
    with session_factory() as s:
        stmt = (
            select(OutboxMail.id)
            .where(
                OutboxMail.status.in_(("pending", "failed")),
                OutboxMail.attempts < MAX_ATTEMPTS,
                OutboxMail.next_attempt_at <= now,
            )
            .order_by(OutboxMail.id)
            .limit(limit)
        )
        if only_ids is not None:
            stmt = stmt.where(OutboxMail.id.in_(list(only_ids)))
        due = list(s.scalars(stmt))
    if not due:
        return DeliveryReport(0, 0)
    sent, failed, errors = 0, 0, []
    smtp: smtplib.SMTP | None = None
    try:
        for mail_id in due:
            row = _claim(session_factory, mail_id, now)
            if row is None:
                continue
            try:
                smtp = smtp or _connect(smtp_settings)
                smtp.sendmail(smtp_settings.sender, [row.to_address], row.message)
            except (OSError, smtplib.SMTPException) as err:
                error = f"{type(err).__name__}: {err}"
                _finish(session_factory, mail_id, now, error)
                failed += 1
                errors.append(error)
                if smtp is None or isinstance(err, smtplib.SMTPServerDisconnected | OSError):
                    break  # server unreachable: the rest waits for the next run
                continue
            _finish(session_factory, mail_id, now, None)
            sent += 1
    finally:
        if smtp is not None:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass
    return DeliveryReport(sent, failed, tuple(errors))
