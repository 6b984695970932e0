"""Loading series into SQLite and PostgreSQL: idempotent, complete, atomic."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from db.models import AgendaItem, Series, Workshop
from werkstatt.clock import fmt_time
from werkstatt.series.file import BUNDLED_SERIES, parse_series, parse_series_file
from werkstatt.series.store import JOIN_CODE_ALPHABET, list_workshops, store_series, workshop_by_join_code

ROOT = Path(__file__).resolve().parents[2]


def test_bottrop_is_stored_with_utc_times_across_dst(session_factory, bottrop) -> None:
    with session_factory() as s:
        w1, w2, w3 = list_workshops(s)
        # 10:00 Berlin is 08:00 UTC in summer (W1, W2) and 09:00 UTC in winter (W3).
        assert w1.starts_at == datetime(2021, 6, 30, 8, 0, tzinfo=UTC)
        assert w2.starts_at == datetime(2021, 9, 14, 8, 0, tzinfo=UTC)
        assert w3.starts_at == datetime(2021, 11, 9, 9, 0, tzinfo=UTC)
        assert fmt_time(w3.ends_at) == "12:00"
        assert [fmt_time(a.planned_start) for a in w3.agenda][-1] == "11:40"
        assert len({w.join_code for w in (w1, w2, w3)}) == 3
        assert all(set(w.join_code) <= set(JOIN_CODE_ALPHABET) for w in (w1, w2, w3))
        assert workshop_by_join_code(s, code=w2.join_code.lower()).number == 2


def test_loading_twice_changes_nothing(session_factory, bottrop) -> None:
    with session_factory() as s:
        codes = {w.number: w.join_code for w in list_workshops(s)}
    with session_factory.begin() as s:
        _, changed = store_series(s, spec=parse_series_file(BUNDLED_SERIES))
    assert changed is False
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Series)) == 1
        assert s.scalar(select(func.count()).select_from(Workshop)) == 3
        assert s.scalar(select(func.count()).select_from(AgendaItem)) == 24
        assert {w.number: w.join_code for w in list_workshops(s)} == codes


def test_another_city_loads_beside_bottrop(session_factory, bottrop) -> None:
    raw = tomllib.loads(BUNDLED_SERIES.read_text(encoding="utf-8"))
    raw["series"].update(slug="gelsenkirchen-2027", title="Gelsenkirchen 2027")
    raw["workshops"] = raw["workshops"][:1]
    with session_factory.begin() as s:
        store_series(s, spec=parse_series(raw, "gelsenkirchen.toml"))
    with session_factory() as s:
        assert [x.title for x in s.scalars(select(Series).order_by(Series.id))] == [
            "Bottrop 2018+", "Gelsenkirchen 2027",
        ]  # fmt: skip
        assert s.scalar(select(func.count()).select_from(Workshop)) == 4


def _cli(db_url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "werkstatt", *args],
        cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=120,
        env={"WERKSTATT_DATABASE_URL": db_url, "PATH": "/usr/bin:/bin"},
    )  # fmt: skip


def test_cli_init_twice_load_bad_file_and_add_user(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    first = _cli(url, "init")
    assert first.returncode == 0, first.stderr
    assert "Reihe geladen" in first.stdout
    second = _cli(url, "init")
    assert "keine Änderung" in second.stdout

    bad = tmp_path / "stadt.toml"
    text = BUNDLED_SERIES.read_text(encoding="utf-8").replace('slug = "bottrop-2018"', 'slug = "stadt"')
    bad.write_text(text.replace('start = "11:30"', 'start = "11:3O"', 1), encoding="utf-8")
    refused = _cli(url, "load-series", str(bad))
    assert refused.returncode == 2
    assert "stadt.toml" in refused.stderr and "workshops[0].agenda[6].start" in refused.stderr
    assert "keine Uhrzeit" in refused.stderr

    ok = _cli(url, "user", "add", "Anna", "--role", "moderator", "--password-stdin", stdin="geheim-genug-1\n")
    assert ok.returncode == 0, ok.stderr
    short = _cli(url, "user", "add", "bert", "--role", "organizer", "--password-stdin", stdin="kurz\n")
    assert short.returncode == 2 and "mindestens 10 Zeichen" in short.stderr
    dup = _cli(url, "user", "add", "anna", "--role", "organizer", "--password-stdin", stdin="geheim-genug-2\n")
    assert dup.returncode == 2 and "gibt es schon" in dup.stderr

    from db.engine import make_engine, make_sessionmaker
    from db.models import User

    engine = make_engine(url)
    with make_sessionmaker(engine)() as s:
        series = list(s.scalars(select(Series)))
        assert [x.slug for x in series] == ["bottrop-2018"]  # nothing of the bad file was written
        user = s.scalar(select(User).where(User.username == "anna"))
        assert user.role == "moderator" and user.password_hash.startswith("$2")
    engine.dispose()
