"""The `send-mail` and `purge` subcommands and the placeholder warnings of `init` (wired in main.py)."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta

from sqlalchemy import Engine

from db.engine import make_sessionmaker
from werkstatt.clock import utc_now
from werkstatt.errors import WerkstattError
from werkstatt.legal import placeholders
from werkstatt.mail.delivery import deliver_pending
from werkstatt.mail.settings import placeholder_warnings
from werkstatt.privacy.persons import purge_past
from werkstatt.settings import Settings


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sub.add_parser("send-mail", help="wartende E-Mails per SMTP versenden (WERKSTATT_SMTP_*)")
    purge = sub.add_parser("purge", help="personenbezogene Daten vergangener Werkstätten löschen")
    purge.add_argument("--older-than", type=int, required=True, metavar="TAGE", help="Tage nach dem Ende")


def run(args: argparse.Namespace, engine: Engine, settings: Settings) -> None:
    factory = make_sessionmaker(engine)
    if args.command == "send-mail":
        if settings.smtp is None:
            raise WerkstattError("WERKSTATT_SMTP_HOST ist nicht gesetzt; die E-Mails bleiben im Postausgang.")
        report = deliver_pending(factory, smtp_settings=settings.smtp, now=utc_now())
        print(f"Gesendet: {report.sent}, fehlgeschlagen: {report.failed}.")
        for error in report.errors:
            print(f"  Fehler: {error}")
    elif args.command == "purge":
        if args.older_than < 0:
            raise WerkstattError("--older-than muss 0 oder größer sein.")
        with factory.begin() as session:
            result = purge_past(session, older_than=timedelta(days=args.older_than), now=utc_now())
        print(
            f"Gelöscht: {result.registrations} Anmeldungen und {result.persons} Personen aus "
            f"{result.workshops} Werkstätten, {result.contact_cards} Kontaktkarten; anonyme Zahlen bleiben erhalten."
        )


COMMANDS = ("send-mail", "purge")


def warn_placeholders(engine: Engine, settings: Settings) -> list[str]:
    """Print (and return) what still needs filling in before mails go out: sender, reply address, legal texts."""
    with make_sessionmaker(engine)() as session:
        warnings = placeholder_warnings(settings) + placeholders(session)
    for warning in warnings:
        print(f"  Hinweis: {warning}", file=sys.stderr)
    return warnings
