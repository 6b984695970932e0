"""The delivery worker: one background thread per server process sends the outbox by itself.

`start_delivery_worker(session_factory, settings)` starts it and returns `stop`.
It looks for due mail every `interval` seconds (mails queued by another process
go out within that time) and at once when `wake()` is called after a commit in
this process. Once a minute (and at start) it also queues due reminders. Errors
never end the thread: they are kept in the outbox (per mail) or retried on the
next round. Backoff per mail lives in werkstatt/mail/delivery.py.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from werkstatt.clock import utc_now
from werkstatt.mail.delivery import deliver_pending
from werkstatt.mail.reminders import queue_due_reminders
from werkstatt.mail.settings import SmtpSettings

log = logging.getLogger("werkstatt.mail")

POLL_SECONDS = 2.0
REMINDER_SECONDS = 60.0
_wakers: list[threading.Event] = []


def wake() -> None:
    """Tell this process' workers that new mail was committed (no-op without a worker)."""
    for event in list(_wakers):
        event.set()


def run_once(session_factory: sessionmaker[Session], settings: SmtpSettings, *, now: datetime, reminders: bool) -> int:
    """One round: queue due reminders (optional), then send what is due; returns the number sent."""
    if reminders:
        with session_factory.begin() as session:
            queue_due_reminders(session, now=now)
    sent = 0
    while True:  # drain in batches; stop when a batch sends nothing (all failed or none due)
        report = deliver_pending(session_factory, smtp_settings=settings, now=now, limit=50)
        sent += report.sent
        if report.sent == 0 or report.failed:
            return sent


def start_delivery_worker(
    session_factory: sessionmaker[Session],
    settings: SmtpSettings | None,
    *,
    interval: float = POLL_SECONDS,
    reminder_interval: float = REMINDER_SECONDS,
    clock: Callable[[], datetime] = utc_now,
) -> Callable[[], None]:
    """Start the worker thread; returns a function that stops it (and waits for it)."""
    if settings is None:
        return lambda: None  # no SMTP: mails stay in the outbox
    stop_event, wake_event = threading.Event(), threading.Event()
    _wakers.append(wake_event)

    def loop() -> None:
        last_reminders = float("-inf")
        while not stop_event.is_set():
            tick = time.monotonic()
            due_reminders = tick - last_reminders >= reminder_interval
            try:
                run_once(session_factory, settings, now=clock(), reminders=due_reminders)
                if due_reminders:
                    last_reminders = tick
            except (SQLAlchemyError, OSError) as err:  # database away for a moment: next round
                log.warning("Mail-Versand: %s", err)
            wake_event.wait(interval)
            wake_event.clear()

    thread = threading.Thread(target=loop, name="werkstatt-mail-worker", daemon=True)
    thread.start()

    def stop() -> None:
        stop_event.set()
        wake_event.set()
        thread.join(timeout=30)
        if wake_event in _wakers:
            _wakers.remove(wake_event)

    return stop
