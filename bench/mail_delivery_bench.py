"""How long a queued mail takes to reach a real SMTP server (aiosmtpd on loopback).

Two cases, medians over N registrations each: the worker is woken by the committing
process (same process, `wake()`), and the mail was queued by another process (the
worker finds it on its next poll). Prints figures; not a test.

    .venv/bin/python -m bench.mail_delivery_bench --n 20
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from aiosmtpd.controller import Controller

from db.engine import make_engine, make_sessionmaker
from tests.db.smtp_sink import Sink, free_port
from werkstatt.bootstrap import init_database
from werkstatt.mail.settings import SmtpSettings
from werkstatt.mail.worker import POLL_SECONDS, start_delivery_worker, wake
from werkstatt.registration.applicant import Applicant
from werkstatt.registration.services import register
from werkstatt.series.store import list_workshops

BEFORE_SERIES = datetime(2021, 6, 1, 9, 0, tzinfo=UTC)


def measure(n: int, *, woken: bool, factory, sink: Sink, workshop_id: int, offset: int) -> list[float]:
    times = []
    rng = random.Random(offset)
    for i in range(offset, offset + n):
        time.sleep(rng.uniform(0, POLL_SECONDS))  # commit at a random moment of the worker's cycle
        expected = len(sink.messages) + 1
        with factory.begin() as s:
            applicant = Applicant("Test", f"P{i}", f"p{i}@beispiel.de", privacy_consent=True)
            register(s, applicant=applicant, workshop_ids=[workshop_id], now=BEFORE_SERIES)
        started = time.perf_counter()
        if woken:
            wake()
        while len(sink.messages) < expected:
            time.sleep(0.005)
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20)
    args = ap.parse_args()
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        init_database(engine)
        factory = make_sessionmaker(engine)
        with factory() as s:
            wid = list_workshops(s)[2].id
        settings = SmtpSettings(host="127.0.0.1", port=controller.port, starttls=False, sender="b@example.org")
        stop = start_delivery_worker(factory, settings)
        try:
            time.sleep(0.5)
            woken = measure(args.n, woken=True, factory=factory, sink=sink, workshop_id=wid, offset=0)
            polled = measure(args.n, woken=False, factory=factory, sink=sink, workshop_id=wid, offset=1000)
        finally:
            stop()
            controller.stop()
            engine.dispose()
    print(f"commit -> mail at the SMTP server, SQLite, {args.n} mails each (poll every {POLL_SECONDS} s):")
    print(f"  same process (woken):   median {statistics.median(woken):7.1f} ms, max {max(woken):7.1f} ms")
    print(f"  other process (polled): median {statistics.median(polled):7.1f} ms, max {max(polled):7.1f} ms")


if __name__ == "__main__":
    main()
