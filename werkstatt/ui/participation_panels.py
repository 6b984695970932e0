"""Participation on the staff screens: the moderator's live list and the shared screen's wall.

User text is shown only through escape_md (never as HTML). Live parts are
fragments; actions are one service call each, refusals shown in German."""

from __future__ import annotations

import os
from collections.abc import Callable
from urllib.parse import urlsplit

import streamlit as st

from werkstatt.clock import fmt_time
from werkstatt.errors import WerkstattError
from werkstatt.live.retry import retrying
from werkstatt.session.views import (
    Item,
)
from werkstatt.text.markdown import escape_md
from werkstatt.ui.db import transaction

PARTICIPATION_CSS = """
<style>
  [class*="st-key-wallcard-"] {background: #fff; border-radius: 12px;}
  [class*="st-key-wallcard-"] p {font-size: 1.45rem; line-height: 1.35;}
  [class*="st-key-wallcard-"] [data-testid="stCaptionContainer"] p {font-size: 1.05rem;}
  .pp-colhead {font-size: 1.35rem; font-weight: 700; color: #123C5A; border-bottom: 3px solid #1F6F8B;
               padding-bottom: .25rem; margin-bottom: .4rem;}
  .pp-join {border: 2px solid #1F6F8B; border-radius: 14px; padding: .6rem .8rem; text-align: center;
            background: #F4F9FB;}
  .pp-join .lbl {font-size: .85rem; text-transform: uppercase; letter-spacing: .1em; color: #44546A;}
  .pp-join .code {font-size: 2.6rem; font-weight: 800; letter-spacing: .14em; color: #123C5A;
                  font-variant-numeric: tabular-nums; line-height: 1.1;}
  .pp-join .url {font-size: .95rem; color: #1F6F8B; word-break: break-all;}
  .pp-foot {font-size: 1.3rem; color: #44546A; margin-top: .8rem; border-top: 1px solid #D9E2EA;
            padding-top: .5rem;}
</style>
"""


def item_meta(item: Item, *, with_author: bool = True) -> str:
    """One caption line, Markdown-escaped: '#12 · Herausforderung · Reallabor · Gruppe 2 · Anna · 11:04 Uhr'."""
    parts = [f"#{item.id}", item.category_label, item.facet, item.stakeholder, item.group_name]
    if with_author:
        parts.append(item.author)
    parts.append(f"{fmt_time(item.created_at)} Uhr")
    return escape_md(" · ".join(p for p in parts if p))


def dots_label(n: int) -> str:
    return "1 Punkt" if n == 1 else f"{n} Punkte"


def run_action(action: Callable[..., object], success: str = "", **kw: object) -> bool:
    """One service call in one transaction; German refusal as st.error. True on success.

    While the database is briefly unreachable or locked the call is retried a few times
    (werkstatt.live.retry); then a German message says so, and form fields keep their values.
    """

    def once() -> None:
        with transaction() as session:
            action(session, **kw)

    try:
        retrying(once)
    except WerkstattError as err:
        st.error(err.message, icon="⚠️")
        return False
    if success:
        st.toast(success)
    return True


def public_base_url() -> str:
    """The address participants type: WERKSTATT_BASE_URL (as in mails), else where this page is served."""
    configured = os.environ.get("WERKSTATT_BASE_URL", "").strip().rstrip("/")
    if configured:
        return configured
    parts = urlsplit(st.context.url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


def join_link(code: str) -> str:
    return f"{public_base_url()}/mitmachen?code={code}"
