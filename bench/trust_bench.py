"""What the trust checks cost per request (figures, not a test).

- `resolve`: the session check every staff script run makes (one indexed lookup),
  against a baseline of the same query on a table without the check's join.
- `log_in`: a successful login (bcrypt dominates) and a throttled one (no bcrypt).
- `guarded_join`: a join with the throttle counters, against the plain `join`.

  .venv/bin/python -m bench.trust_bench --sessions 2000 --repeat 200
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from bench.timing import median_ms
from db.engine import make_engine, make_sessionmaker, read_sessionmaker
from db.models import User, Workshop
from werkstatt.accounts.login import log_in
from werkstatt.accounts.sessions import open_session, resolve
from werkstatt.accounts.users import add_user
from werkstatt.bootstrap import init_database
from werkstatt.session.join_guard import guarded_join
from werkstatt.session.participants import join

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="werkstatt-trust-") as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        init_database(engine)
        factory, reader = make_sessionmaker(engine), read_sessionmaker(engine)
        with factory.begin() as s:
            add_user(s, username="orga", role="organizer", password="orga-passwort-1")
            user = s.scalar(select(User).where(User.username == "orga"))
            tokens = [open_session(s, user=user, now=NOW) for _ in range(args.sessions)]
            code = s.scalar(select(Workshop.join_code))

        def check() -> None:
            with reader() as s:
                assert resolve(s, token=tokens[-1], now=NOW + timedelta(minutes=1)) is not None

        def baseline() -> None:
            with reader() as s:
                s.scalar(select(User.id).where(User.username == "orga"))

        def login_ok() -> None:
            with factory.begin() as s:
                log_in(s, username="orga", password="orga-passwort-1", client="bench", now=NOW)

        def plain_join() -> None:
            with factory.begin() as s:
                join(s, code=code, now=NOW)

        clients = iter(range(10**9))

        def throttled_join() -> None:
            with factory.begin() as s:
                guarded_join(s, code=code, client=f"c{next(clients)}", now=NOW)

        rows = [
            ("session check per run (resolve)", median_ms(check, args.repeat)),
            ("baseline: one indexed user lookup", median_ms(baseline, args.repeat)),
            ("login, right password (bcrypt)", median_ms(login_ok, 10)),
            ("join, plain", median_ms(plain_join, args.repeat)),
            ("join, with throttle counters", median_ms(throttled_join, args.repeat)),
        ]
        for _ in range(5):
            with factory.begin() as s:
                log_in(s, username="orga", password="falsch-falsch", client="guesser", now=NOW)

        def login_throttled() -> None:
            with factory.begin() as s:
                assert not log_in(s, username="orga", password="x", client="guesser", now=NOW).ok

        rows.append(("login refused by throttle (no bcrypt)", median_ms(login_throttled, args.repeat)))
        engine.dispose()
    print(f"SQLite, {args.sessions} live sessions, medians:")
    for label, ms in rows:
        print(f"  {label:<42} {ms:8.2f} ms")


if __name__ == "__main__":
    main()
