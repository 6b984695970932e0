"""Small helpers the /organisation tabs share: one service call per action, messages after the rerun."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import streamlit as st
from sqlalchemy.orm import Session

from werkstatt.clock import BERLIN
from werkstatt.errors import WerkstattError
from werkstatt.mail.worker import wake
from werkstatt.ui.actions import flash
from werkstatt.ui.db import transaction

FLASH = "orga_flash"  # the tabs' one-shot messages, shown at the top of /organisation
STATUS_DE = {"confirmed": "bestätigt", "waitlisted": "Warteliste", "cancelled": "storniert"}
MAIL_STATUS_DE = {"pending": "wartet", "sent": "gesendet", "failed": "fehlgeschlagen"}


def act(fn: Callable[[Session], Any], success: str | Callable[[Any], str]) -> None:
    """Run one service call in a transaction; show its German refusal, else flash success."""
    try:
        with transaction() as session:
            result = fn(session)
    except WerkstattError as err:
        st.error(err.message, icon="⚠️")
        return
    wake()  # mail may have been queued: the worker sends it now
    flash(FLASH, "success", success(result) if callable(success) else success, rerun=True)


def local(moment: datetime | None) -> str:
    return moment.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M") if moment else ""


def people(n: int) -> str:
    return "1 Person" if n == 1 else f"{n} Personen"


def mails(n: int) -> str:
    return "1 E-Mail" if n == 1 else f"{n} E-Mails"
