"""Configuration, read once from the environment at start and passed in from there.

Every variable is documented in the README; defaults are safe for a local start
(SQLite file under data/, mails stay in the outbox, links point to localhost).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from db.engine import database_url
from werkstatt.mail.settings import DEFAULT_BASE_URL, SmtpSettings, sender_address, smtp_settings_from_env


@dataclass(frozen=True)
class Settings:
    database_url: str
    public_base_url: str  # empty: not configured (screens then use the page's own address)
    smtp: SmtpSettings | None  # None: mails stay in the outbox
    sender: str

    @property
    def mail_base_url(self) -> str:
        """Links in mails need an absolute address even when none is configured."""
        return self.public_base_url or DEFAULT_BASE_URL


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    return Settings(
        database_url=env.get("WERKSTATT_DATABASE_URL", "").strip() or database_url(),
        public_base_url=env.get("WERKSTATT_BASE_URL", "").strip().rstrip("/"),
        smtp=smtp_settings_from_env(dict(env)),
        sender=sender_address(dict(env)),
    )
