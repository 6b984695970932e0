"""Where mail goes and what links in it point to: the mail part of werkstatt/settings.py."""

from __future__ import annotations

from werkstatt.settings import DEFAULT_BASE_URL as DEFAULT_BASE_URL
from werkstatt.settings import DEFAULT_SENDER as DEFAULT_SENDER
from werkstatt.settings import Settings, current
from werkstatt.settings import SmtpSettings as SmtpSettings

SMTP_TIMEOUT = 15


def base_url() -> str:
    """Where links in mails point (WERKSTATT_BASE_URL, else the local default)."""
    return current().base_url


def reply_to_address() -> str:
    """Where answers go (WERKSTATT_MAIL_REPLY_TO); empty: to the sender."""
    return current().reply_to


def sender_address() -> str:
    return current().sender


def placeholder_warnings(settings: Settings) -> list[str]:
    """German warnings for `init` while sender, reply address or base URL are still the defaults."""
    warnings = []
    if settings.sender == DEFAULT_SENDER:
        warnings.append(f"WERKSTATT_SMTP_FROM ist nicht gesetzt: E-Mails gehen von „{DEFAULT_SENDER}“ aus.")
    if not settings.reply_to:
        warnings.append(
            "WERKSTATT_MAIL_REPLY_TO ist nicht gesetzt: Antworten gehen an die Kontaktadresse der Reihe "
            "([series.legal] contact_email), fehlt diese, an den Absender."
        )
    if not settings.configured_base_url:
        warnings.append(f"WERKSTATT_BASE_URL ist nicht gesetzt: Links in E-Mails zeigen auf {DEFAULT_BASE_URL}.")
    return warnings
