"""Participation on the staff screens: the moderator's live list and the shared screen's wall.

User text is shown only through escape_md (never as HTML). Live parts are
fragments; actions are one service call each, refusals shown in German."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import streamlit as st

from werkstatt.errors import WerkstattError
from werkstatt.live.retry import retrying
from werkstatt.palette import ACCENT, HAIRLINE, MUTED, NAVY, TINT, WHITE
from werkstatt.session.board_feed import meta_line
from werkstatt.session.views import Item
from werkstatt.text.markdown import escape_md
from werkstatt.ui.db import settings, transaction

PARTICIPATION_CSS = f"""
<style>
  [class*="st-key-wallcard-"] {{background: {WHITE}; border-radius: 12px; padding: .55rem .85rem !important;
      gap: .2rem !important;}}
  /* Sized by the screen height: four cards per column fit 768 px and 1080 px without scrolling. */
  [class*="st-key-wallcard-"] [data-testid="stMarkdownContainer"] p {{font-size: clamp(1rem, 2.3vh, 1.7rem);
      line-height: 1.3; display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical;
      overflow: hidden;}}
  [class*="st-key-wallcard-"] [data-testid="stCaptionContainer"] p {{font-size: clamp(.9rem, 1.6vh, 1.2rem);
      display: block;}}
  @media (max-height: 860px) {{[class*="st-key-wallcard-"] [data-testid="stMarkdownContainer"] p {{
      -webkit-line-clamp: 2;}}}}
  h2.pp-colhead {{font-size: clamp(1.15rem, 2.4vh, 1.7rem); font-weight: 700; color: {NAVY};
                 border-bottom: 3px solid {ACCENT}; padding: 0 0 .25rem 0; margin: 0 0 .4rem 0;}}
  .pp-more {{font-size: clamp(1rem, 2vh, 1.4rem); font-weight: 700; color: {NAVY}; margin: 0;}}
  .pp-join {{border: 2px solid {ACCENT}; border-radius: 14px; padding: .6rem .8rem; text-align: center;
            background: {TINT};}}
  .pp-join h2.lbl {{font-size: .95rem; font-weight: 700; text-transform: uppercase; letter-spacing: .1em;
                   color: {MUTED}; padding: 0; margin: 0;}}
  .pp-join .code {{font-size: clamp(1.6rem, 4.2vh, 2.8rem); font-weight: 800; letter-spacing: .1em; color: {NAVY};
                  font-variant-numeric: tabular-nums; line-height: 1.1; overflow-wrap: anywhere;}}
  .pp-join-url {{border: none; background: none; padding: 0;}}
  .pp-join .url {{font-size: clamp(1rem, 2.1vh, 1.5rem); font-weight: 600; color: {ACCENT};
                 overflow-wrap: anywhere;}}
  .pp-foot {{font-size: clamp(1rem, 2vh, 1.3rem); color: {MUTED}; margin-top: .4rem;
            border-top: 1px solid {HAIRLINE}; padding-top: .4rem;}}
</style>
"""


def item_meta(item: Item, *, with_author: bool = True) -> str:
    """One caption line, Markdown-escaped: '#12 · Herausforderung · Reallabor · Gruppe 2 · Anna · 11:04 Uhr'."""
    return escape_md(meta_line(item, with_author=with_author))


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
    configured = settings().configured_base_url  # the same setting the mails use
    if configured:
        return configured
    parts = urlsplit(st.context.url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


def join_link(code: str) -> str:
    return f"{public_base_url()}/mitmachen?code={code}"
