"""Command line: `python -m werkstatt init | load-series FILE | user add NAME --role R`."""

from __future__ import annotations

import argparse
import getpass
import sys

from sqlalchemy.orm import Session, sessionmaker

from db.engine import make_engine, make_sessionmaker
from werkstatt.accounts.admin import disable_cli, set_password_cli
from werkstatt.accounts.users import ROLES, add_user, ensure_admin
from werkstatt.bootstrap import init_database
from werkstatt.cli import operations as registration_cli
from werkstatt.clock import utc_now
from werkstatt.errors import WerkstattError
from werkstatt.series.file import parse_series_file
from werkstatt.series.store import store_series
from werkstatt.settings import current


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m werkstatt", description="Werkstatt verwalten")
    sub = parser.add_subparsers(dest="command", required=True)
    init = sub.add_parser("init", help="Datenbank anlegen/migrieren und Bottrop-Reihe laden")
    init.add_argument(
        "--ensure-admin",
        action="store_true",
        help="ohne vorhandene Konten: Organisator „admin“ mit Zufallspasswort anlegen",
    )
    load = sub.add_parser("load-series", help="eine Veranstaltungsreihe aus einer TOML-Datei laden")
    load.add_argument("file")
    user = sub.add_parser("user", help="Konten verwalten")
    user_sub = user.add_subparsers(dest="user_command", required=True)
    add = user_sub.add_parser("add", help="Konto anlegen")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=sorted(ROLES))
    add.add_argument("--display-name", default="")
    add.add_argument("--password-stdin", action="store_true", help="Passwort von stdin lesen")
    passwd = user_sub.add_parser("passwd", help="Passwort setzen (beendet alle Anmeldungen des Kontos)")
    passwd.add_argument("name")
    passwd.add_argument("--password-stdin", action="store_true", help="Passwort von stdin lesen")
    for command, text in (("disable", "Konto sperren (beendet alle Anmeldungen)"), ("enable", "Konto entsperren")):
        user_sub.add_parser(command, help=text).add_argument("name")
    registration_cli.add_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = current()  # read once; passed to whatever needs it
    engine = make_engine(settings.database_url, busy_ms=settings.sqlite_busy_ms)
    try:
        if args.command == "init":
            result = init_database(engine, settings=settings)
            for note in result.notes:
                print(note)
            print("Datenbank bereit;", "Reihe geladen." if result.series_changed else "keine Änderung.")
            registration_cli.warn_placeholders(engine, settings)
            if args.ensure_admin:
                with make_sessionmaker(engine).begin() as session:
                    password = ensure_admin(session)
                if password:
                    print("\n  Erstes Konto angelegt: Benutzer „admin“ (Organisation)")
                    print(f"  Vorläufiges Passwort (wird nur jetzt angezeigt): {password}")
                    print("  Bei der ersten Anmeldung legen Sie ein eigenes Passwort fest.\n")
        elif args.command == "load-series":
            spec = parse_series_file(args.file)
            init_database(engine, settings=settings)
            with make_sessionmaker(engine).begin() as session:
                _, changed = store_series(session, spec=spec)
            print(f"Reihe „{spec.title}“ {'geladen' if changed else 'unverändert'}.")
        elif args.command in registration_cli.COMMANDS:
            registration_cli.run(args, engine, settings)
        elif args.command == "user":
            _user_command(args, make_sessionmaker(engine))
    except WerkstattError as err:
        print(f"Fehler: {err}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    return 0


def _user_command(args: argparse.Namespace, factory: sessionmaker[Session]) -> None:
    name = args.name.strip().lower()
    if args.user_command in ("add", "passwd"):
        password = _read_password(args.password_stdin)
        with factory.begin() as session:
            if args.user_command == "add":
                add_user(session, username=name, role=args.role, password=password, name=args.display_name)
            else:
                set_password_cli(session, username=name, password=password, now=utc_now())
        done = f"({ROLES[args.role]}) angelegt" if args.user_command == "add" else "hat ein neues Passwort"
        print(f"Konto „{name}“ {done}." + (" Alle Anmeldungen sind beendet." if args.user_command == "passwd" else ""))
        return
    disabled = args.user_command == "disable"
    with factory.begin() as session:
        disable_cli(session, username=name, disabled=disabled, now=utc_now())
    print(f"Konto „{name}“ ist {'gesperrt; alle Anmeldungen sind beendet' if disabled else 'entsperrt'}.")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Passwort: ")
    if first != getpass.getpass("Passwort wiederholen: "):
        raise WerkstattError("Die Passwörter stimmen nicht überein.")
    return first
