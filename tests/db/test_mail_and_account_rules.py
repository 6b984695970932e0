"""The mail retry cap, and the first admin password differing per database."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, update

from db.base import Base
from db.engine import make_engine, make_sessionmaker
from db.models import OutboxMail
from tests.db.test_mail_smtp import NOW, _free_port, anna, smtp_server  # noqa: F401  (fixture)
from werkstatt.accounts.users import add_user, ensure_admin
from werkstatt.mail.delivery import deliver_pending
from werkstatt.mail.outbox import MAX_ATTEMPTS, retry_now
from werkstatt.mail.settings import SmtpSettings
from werkstatt.registration.services import register

ORGA = "orga"


def test_a_mail_is_tried_at_most_max_attempts_times(session_factory, bottrop, smtp_server) -> None:  # noqa: F811
    inbox, good = smtp_server
    dead = SmtpSettings(host="127.0.0.1", port=_free_port(), starttls=False)
    with session_factory.begin() as s:
        add_user(s, username=ORGA, role="organizer", password="orga-passwort-1")
        register(s, applicant=anna(), workshop_ids=[bottrop[1]], now=NOW)
        s.execute(update(OutboxMail).values(attempts=MAX_ATTEMPTS - 1))
    assert deliver_pending(session_factory, smtp_settings=dead, now=NOW).failed == 1  # the last allowed try
    much_later = NOW + timedelta(days=2)
    assert deliver_pending(session_factory, smtp_settings=good, now=much_later).sent == 0  # capped: no more
    with session_factory() as s:
        row = s.scalar(select(OutboxMail))
        assert (row.status, row.attempts) == ("failed", MAX_ATTEMPTS)
    assert inbox.messages == []
    with session_factory.begin() as s:  # the organizer's "retry now" starts the count again
        assert retry_now(s, actor=ORGA, now=much_later) == 1
    assert deliver_pending(session_factory, smtp_settings=good, now=much_later).sent == 1
    assert len(inbox.messages) == 1


def test_one_attempt_below_the_cap_is_still_tried(session_factory, bottrop, smtp_server) -> None:  # noqa: F811
    _, good = smtp_server
    with session_factory.begin() as s:
        register(s, applicant=anna(), workshop_ids=[bottrop[1]], now=NOW)
        s.execute(update(OutboxMail).values(attempts=MAX_ATTEMPTS - 1, status="failed"))
    assert deliver_pending(session_factory, smtp_settings=good, now=NOW).sent == 1


def _fresh_admin_password(path: Path) -> str | None:
    engine = make_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)
    try:
        with make_sessionmaker(engine).begin() as s:
            return ensure_admin(s)
    finally:
        engine.dispose()


def test_two_fresh_databases_get_two_different_admin_passwords(session_factory, tmp_path) -> None:
    with session_factory.begin() as s:
        first = ensure_admin(s)
    others = [_fresh_admin_password(tmp_path / f"fresh{i}.db") for i in range(2)]
    passwords = [first, *others]
    assert all(p and len(p) >= 12 for p in passwords)
    assert len(set(passwords)) == 3
