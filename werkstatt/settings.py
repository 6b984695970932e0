"""Every setting of the server, read from the environment in one place (table in docs/deployment.md).

`Settings.from_env(env)` parses a mapping (tests pass a dict); `current()` is the one
read of the process environment. Entry points (serve.py, werkstatt/ui/db.py, the CLI)
take it and pass it on; the few helpers no parameter reaches (mail composition, the
key behind keyed hashes) call `current()` themselves.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from db.engine import database_url, sqlite_busy_ms

DEFAULT_BASE_URL = "http://localhost:8501"
DEFAULT_SENDER = "werkstatt@localhost"
YES = ("1", "true", "yes", "ja")
NO = ("0", "false", "no", "nein")


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    user: str = ""
    password: str = ""
    sender: str = DEFAULT_SENDER
    starttls: bool = True


def _one_line(text: str) -> str:
    return " ".join(text.split())  # a header value: line breaks never get through


@dataclass(frozen=True)
class Settings:
    database_url: str  # WERKSTATT_DATABASE_URL, else the SQLite file under data/
    sqlite_busy_ms: int = 30000  # WERKSTATT_SQLITE_BUSY_MS
    configured_base_url: str = ""  # WERKSTATT_BASE_URL without trailing "/"; "" when not set
    secret_key: str = ""  # WERKSTATT_SECRET_KEY
    secret_key_file: str = ""  # WERKSTATT_SECRET_KEY_FILE
    trusted_proxies: frozenset[str] = frozenset()  # WERKSTATT_TRUSTED_PROXIES, comma-separated
    cookie_secure_setting: str = ""  # WERKSTATT_COOKIE_SECURE; "" follows the base URL's scheme
    httponly_login: bool = True  # WERKSTATT_HTTPONLY_LOGIN; on unless false (and only where serve.py mounts the route)
    smtp_from: str = ""  # WERKSTATT_SMTP_FROM
    reply_to: str = ""  # WERKSTATT_MAIL_REPLY_TO; "" answers go to the sender
    smtp: SmtpSettings | None = None  # WERKSTATT_SMTP_*; None: outbox only
    a11y_contact: str = ""  # WERKSTATT_A11Y_CONTACT

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        def get(name: str, default: str = "") -> str:
            return env.get(name, default).strip()

        sender = _one_line(env.get("WERKSTATT_SMTP_FROM", ""))
        host = get("WERKSTATT_SMTP_HOST")
        smtp = None
        if host:
            smtp = SmtpSettings(
                host=host,
                port=int(env.get("WERKSTATT_SMTP_PORT", "587") or 587),
                user=env.get("WERKSTATT_SMTP_USER", ""),
                password=env.get("WERKSTATT_SMTP_PASSWORD", ""),
                sender=sender or DEFAULT_SENDER,
                starttls=get("WERKSTATT_SMTP_STARTTLS", "true").lower() not in NO,
            )
        return cls(
            database_url=database_url(env),
            sqlite_busy_ms=sqlite_busy_ms(env),
            configured_base_url=get("WERKSTATT_BASE_URL").rstrip("/"),
            secret_key=get("WERKSTATT_SECRET_KEY"),
            secret_key_file=get("WERKSTATT_SECRET_KEY_FILE"),
            trusted_proxies=frozenset(
                p.strip() for p in env.get("WERKSTATT_TRUSTED_PROXIES", "").split(",") if p.strip()
            ),
            cookie_secure_setting=get("WERKSTATT_COOKIE_SECURE").lower(),
            httponly_login=get("WERKSTATT_HTTPONLY_LOGIN").lower() not in NO,
            smtp_from=sender,
            reply_to=_one_line(env.get("WERKSTATT_MAIL_REPLY_TO", "")),
            smtp=smtp,
            a11y_contact=get("WERKSTATT_A11Y_CONTACT"),
        )

    @property
    def base_url(self) -> str:
        """Where links in mails point: WERKSTATT_BASE_URL, else the local default."""
        return self.configured_base_url or DEFAULT_BASE_URL

    @property
    def sender(self) -> str:
        return self.smtp_from or DEFAULT_SENDER

    @property
    def cookie_secure(self) -> bool:
        """Login cookies only over HTTPS: WERKSTATT_COOKIE_SECURE, else when the base URL is https."""
        if self.cookie_secure_setting:
            return self.cookie_secure_setting in YES
        return self.configured_base_url.lower().startswith("https://")


def current() -> Settings:
    """The settings of this process's environment (parsed again only when the environment changed)."""
    return _parsed(tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("WERKSTATT_"))))


@lru_cache(maxsize=8)
def _parsed(items: tuple[tuple[str, str], ...]) -> Settings:
    return Settings.from_env(dict(items))
