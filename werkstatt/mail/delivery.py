"""SMTP delivery of the outbox: claim due rows, compose, send, record the result; failures retry later.

Several processes share one outbox safely: a batch is claimed with one UPDATE whose
subquery takes the rows `FOR UPDATE SKIP LOCKED` on PostgreSQL (two deliverers never
wait for or take the same row); on SQLite the same single UPDATE runs inside
BEGIN IMMEDIATE, so it is atomic. A claim older than CLAIM_TIMEOUT (a crashed
deliverer) may be taken again. The registration is never touched by delivery.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from db.locking import for_update
from db.models import OutboxMail
from werkstatt.mail.outbox import CLAIM_TIMEOUT, MAX_ATTEMPTS, render_for_send
from werkstatt.mail.settings import SMTP_TIMEOUT, SmtpSettings, base_url


@dataclass(frozen=True)
class DeliveryReport:
    sent: int
    failed: int
    errors: tuple[str, ...] = ()


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes after the n-th failure, at most an hour."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


def claim_due(
    session_factory: sessionmaker[Session], *, now: datetime, limit: int, only_ids: Sequence[int] | None = None
) -> list[int]:
    """Mark up to `limit` due mails as taken by this deliverer, in one statement; returns their ids."""
    due = for_update(
        select(OutboxMail.id)
        .where(
            OutboxMail.status.in_(("pending", "failed")),
            OutboxMail.attempts < MAX_ATTEMPTS,
            OutboxMail.next_attempt_at <= now,
            or_(OutboxMail.claimed_at.is_(None), OutboxMail.claimed_at < now - CLAIM_TIMEOUT),
        )
        .order_by(OutboxMail.id)
        .limit(limit),
        skip_locked=True,
    )
    if only_ids is not None:
        due = due.where(OutboxMail.id.in_(list(only_ids)))
    with session_factory.begin() as s:
        claimed = s.scalars(
            update(OutboxMail)
            .where(OutboxMail.id.in_(due.scalar_subquery()))
            .values(claimed_at=now)
            .returning(OutboxMail.id)
            .execution_options(synchronize_session=False)
        ).all()
    return sorted(claimed)


def _compose(session_factory: sessionmaker[Session], mail_id: int, now: datetime) -> tuple[str, str] | None:
    """(recipient, message text) as it goes out now; None when the mail was deleted meanwhile."""
    with session_factory.begin() as s:
        row = s.get(OutboxMail, mail_id)
        if row is None:
            return None
        msg = render_for_send(s, row, base=base_url(), now=now)
        if msg is not None:
            row.message, row.subject = msg.as_string(), str(msg["Subject"])
        return row.to_address, row.message


def _finish(session_factory: sessionmaker[Session], mail_id: int, now: datetime, error: str | None) -> None:
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
            row.next_attempt_at = now + backoff(row.attempts)


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


def _send(smtp: smtplib.SMTP, settings: SmtpSettings, to_address: str, message: str) -> None:
    # Internationalised addresses (umlauts before the @) need the server's SMTPUTF8.
    if to_address.isascii() and message.isascii():
        smtp.sendmail(settings.sender, [to_address], message)
        return
    data = re.sub(r"\r\n|\n|\r", "\r\n", message).encode("utf-8")  # bytes are sent as they are: fix line ends
    smtp.sendmail(settings.sender, [to_address], data, mail_options=["SMTPUTF8"])


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
    claimed = claim_due(session_factory, now=now, limit=limit, only_ids=only_ids)
    sent, failed, errors = 0, 0, []
    smtp: smtplib.SMTP | None = None
    try:
        for index, mail_id in enumerate(claimed):
            composed = _compose(session_factory, mail_id, now)
            if composed is None:
                continue
            try:
                smtp = smtp or _connect(smtp_settings)
                _send(smtp, smtp_settings, *composed)
            except (OSError, smtplib.SMTPException) as err:
                error = f"{type(err).__name__}: {err}"
                _finish(session_factory, mail_id, now, error)
                failed += 1
                errors.append(error)
                if smtp is None or isinstance(err, smtplib.SMTPServerDisconnected | OSError):
                    _release(session_factory, claimed[index + 1 :])  # server unreachable: the rest waits
                    break
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


def _release(session_factory: sessionmaker[Session], mail_ids: Sequence[int]) -> None:
    if mail_ids:
        with session_factory.begin() as s:
            s.execute(update(OutboxMail).where(OutboxMail.id.in_(list(mail_ids))).values(claimed_at=None))
