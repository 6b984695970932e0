"""The database and the key file are owner-only; `init` repairs wider modes and says so."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from db.models import AppSetting
from werkstatt.cli.main import main


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    monkeypatch.setenv("WERKSTATT_DATABASE_URL", f"sqlite:///{data / 'werkstatt.db'}")
    monkeypatch.delenv("WERKSTATT_SECRET_KEY", raising=False)
    monkeypatch.delenv("WERKSTATT_SECRET_KEY_FILE", raising=False)
    return data


def test_fresh_database_directory_and_key_are_owner_only(data_dir: Path, capsys) -> None:
    assert main(["init"]) == 0
    assert mode(data_dir) == 0o700
    assert mode(data_dir / "werkstatt.db") == 0o600
    assert mode(data_dir / "secret.key") == 0o600
    assert len((data_dir / "secret.key").read_text().strip()) >= 32
    assert "korrigiert" not in capsys.readouterr().out


def test_init_repairs_0644_and_says_so(data_dir: Path, capsys) -> None:
    main(["init"])
    capsys.readouterr()
    (data_dir / "werkstatt.db").chmod(0o644)
    (data_dir / "secret.key").chmod(0o644)
    data_dir.chmod(0o755)
    assert main(["init"]) == 0
    out = capsys.readouterr().out
    assert mode(data_dir / "werkstatt.db") == 0o600
    assert mode(data_dir / "secret.key") == 0o600
    assert mode(data_dir) == 0o700
    assert f"Zugriffsrechte von {data_dir / 'werkstatt.db'} von 0644 auf 0600 korrigiert." in out


def test_init_removes_the_old_cookie_key_from_the_database(data_dir: Path, capsys) -> None:
    from db.engine import make_engine, make_sessionmaker

    main(["init"])
    engine = make_engine()
    with make_sessionmaker(engine).begin() as s:
        s.add(AppSetting(key="cookie_key", value="alter-schluessel-aus-der-db"))
    main(["init"])
    with make_sessionmaker(engine)() as s:
        assert s.get(AppSetting, "cookie_key") is None
    engine.dispose()
    assert "Alten Cookie-Schlüssel aus der Datenbank entfernt" in capsys.readouterr().out


def test_cli_passwd_and_disable(data_dir: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    main(["init"])
    monkeypatch.setattr("sys.stdin", io.StringIO("erstes-passwort-1\n"))
    assert main(["user", "add", "anna", "--role", "moderator", "--password-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("zweites-passwort-2\n"))
    assert main(["user", "passwd", "anna", "--password-stdin"]) == 0
    assert main(["user", "disable", "anna"]) == 0
    assert main(["user", "disable", "niemand"]) == 2
    out, err = capsys.readouterr()
    assert "Konto „anna“ hat ein neues Passwort. Alle Anmeldungen sind beendet." in out
    assert "Konto „anna“ ist gesperrt" in out
    assert "Das Konto „niemand“ gibt es nicht." in err
