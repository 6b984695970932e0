"""SMTP delivery of the outbox: claim a row, send, record the result; failures are retried later.

The registration is never touched by delivery.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from db.models import OutboxMail
from werkstatt.mail.outbox import CLAIM_TIMEOUT, MAX_ATTEMPTS
from werkstatt.mail.settings import SMTP_TIMEOUT, SmtpSettings


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
