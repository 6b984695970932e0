"""Where mail goes and what links in it point to, from the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from werkstatt.mail.ics import one_line

DEFAULT_BASE_URL = "http://localhost:8501"


DEFAULT_SENDER = "werkstatt@localhost"


SMTP_TIMEOUT = 15


def _env(env: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if env is None else env


def base_url() -> str:
    return (os.environ.get("WERKSTATT_BASE_URL", "").strip() or DEFAULT_BASE_URL).rstrip("/")


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    user: str = ""
    password: str = ""
    sender: str = DEFAULT_SENDER
    starttls: bool = True


def smtp_settings_from_env(env: Mapping[str, str] | None = None) -> SmtpSettings | None:
    """SMTP settings from WERKSTATT_SMTP_*; None when no host is configured (outbox only)."""
    env = _env(env)
    host = env.get("WERKSTATT_SMTP_HOST", "").strip()
    if not host:
        return None
    return SmtpSettings(
        host=host,
        port=int(env.get("WERKSTATT_SMTP_PORT", "587") or 587),
        user=env.get("WERKSTATT_SMTP_USER", ""),
        password=env.get("WERKSTATT_SMTP_PASSWORD", ""),
        sender=sender_address(env),
        starttls=env.get("WERKSTATT_SMTP_STARTTLS", "true").strip().lower() not in ("0", "false", "no", "nein"),
    )


def reply_to_address(env: Mapping[str, str] | None = None) -> str:
    """Where answers go (WERKSTATT_MAIL_REPLY_TO); empty: to the sender."""
    env = _env(env)
    return one_line(env.get("WERKSTATT_MAIL_REPLY_TO", ""))


def placeholder_warnings(env: Mapping[str, str] | None = None) -> list[str]:
    """German warnings for `init` while sender, reply address or base URL are still the defaults."""
    env = _env(env)
    warnings = []
    if sender_address(env) == DEFAULT_SENDER:
        warnings.append(f"WERKSTATT_SMTP_FROM ist nicht gesetzt: E-Mails gehen von „{DEFAULT_SENDER}“ aus.")
    if not reply_to_address(env):
        warnings.append("WERKSTATT_MAIL_REPLY_TO ist nicht gesetzt: Antworten gehen an den Absender.")
    if not env.get("WERKSTATT_BASE_URL", "").strip():
        warnings.append(f"WERKSTATT_BASE_URL ist nicht gesetzt: Links in E-Mails zeigen auf {DEFAULT_BASE_URL}.")
    return warnings


def sender_address(env: Mapping[str, str] | None = None) -> str:
    env = _env(env)
    return one_line(env.get("WERKSTATT_SMTP_FROM", "")) or DEFAULT_SENDER
