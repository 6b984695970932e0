"""Mitmachen: who this browser is (token in URL, session and cookie), the join screen.

The pseudonymous identity is the token in the URL (?p=...); the cookie lets a new tab
keep the same voter. Split from pages/mitmachen.py (docs/architecture.md).
"""

from __future__ import annotations

import re

import streamlit as st

from werkstatt.clock import utc_now
from werkstatt.errors import WerkstattError
from werkstatt.series.store import get_workshop
from werkstatt.session.join_guard import guarded_join
from werkstatt.session.participants import participant_by_token
from werkstatt.ui.auth import this_client
from werkstatt.ui.db import read_only, transaction
from werkstatt.ui.live_parts import set_cookie

TOKEN = "mm_token"
COOKIE = "werkstatt_teilnahme"
COOKIE_MAX_AGE_S = 172800  # two days: the morning of the workshop and a look at the results after
TOKEN_CHARS = re.compile(r"[A-Za-z0-9_-]{10,100}")
FLASH = "mm_flash"  # key of the phone screens' one-shot messages (werkstatt/ui/actions.py)
TEXT = "mm_text"
LAST_CONTEXT = "mm_last_context"


def forget_identity() -> None:
    st.session_state.pop(TOKEN, None)
    st.query_params.pop("p", None)


def remembered_token(code: str) -> str | None:
    """The token this browser stored earlier, if it is valid and (when a code is given) for that workshop.

    Opening the join link or QR code again in a new tab then keeps the same voter.
    """
    token = st.context.cookies.get(COOKIE)
    if not isinstance(token, str) or not TOKEN_CHARS.fullmatch(token):
        return None
    try:
        with read_only() as session:
            me = participant_by_token(session, token=token)
            workshop_code = get_workshop(session, workshop_id=me.workshop_id).join_code
    except WerkstattError:
        return None
    return token if code_matches(code, workshop_code) else None


def code_matches(code: str, workshop_code: str) -> bool:
    """No code in the link, or the link's code is this workshop's."""
    wanted = "".join(ch for ch in code.upper() if ch.isalnum())
    return not wanted or wanted == workshop_code


def remember(token: str) -> None:
    """Store the token in a first-party cookie (once per browser session); no user text goes in."""
    if st.session_state.get("mm_cookie_set") == token or st.context.cookies.get(COOKIE) == token:
        return
    if not TOKEN_CHARS.fullmatch(token):  # tokens are URL-safe base64; never put anything else into JS
        return
    st.session_state["mm_cookie_set"] = token
    set_cookie(COOKIE, token, max_age_s=COOKIE_MAX_AGE_S)


def join_screen() -> None:
    st.title("Mitmachen")
    st.markdown(
        "Geben Sie den **Code** ein, den die Moderation im Video-Call zeigt. "
        "Sie brauchen kein Konto und bleiben anonym, wenn Sie möchten."
    )
    with st.form("mm_join"):
        code = st.text_input(
            "Code der Werkstatt", value=st.query_params.get("code", ""), max_chars=12, placeholder="z. B. K7M4QX"
        )
        submitted = st.form_submit_button("Mitmachen", type="primary", width="stretch")
    if submitted:
        try:
            with transaction() as session:
                outcome = guarded_join(
                    session, code=code, client=this_client(), now=utc_now(),
                    browser_token=st.context.cookies.get(COOKIE),
                )  # fmt: skip
        except WerkstattError as err:  # e.g. the workshop is over (werkstatt/registration/window.py)
            st.error(err.message, icon="⚠️")
            return
        if outcome.token is None:
            st.error(outcome.message, icon="⚠️")
            return
        token = outcome.token
        st.session_state[TOKEN] = token
        st.query_params.clear()
        st.query_params["p"] = token
        st.rerun()
