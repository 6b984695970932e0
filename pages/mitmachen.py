"""Mitmachen (public): join a running workshop by code, post contributions, give dots. Phone first.

The pseudonymous identity is the token in the URL (?p=...): a reload keeps it,
so reloading never creates a new voter. User text is shown only as escaped text.
"""

from __future__ import annotations

import re

import streamlit as st
import streamlit.components.v1 as components

from werkstatt.clock import utc_now
from werkstatt.errors import WerkstattError
from werkstatt.live.retry import DatabaseUnavailable
from werkstatt.series.stakeholders import STAKEHOLDER_GROUPS
from werkstatt.series.store import get_workshop
from werkstatt.session.contributions import unvote, vote, withdraw
from werkstatt.session.join_guard import guarded_join
from werkstatt.session.participants import list_groups, participant_by_token, set_profile
from werkstatt.session.personal_link import join_personal
from werkstatt.session.phase import current_phase
from werkstatt.session.views import Board, board_for_participant
from werkstatt.text.markdown import escape_md
from werkstatt.text.rules import MAX_CONTRIBUTION_CHARS
from werkstatt.ui.activity_phone import activity_screen, show_open_prompt
from werkstatt.ui.announce import dots_html, new_posts_announcement, phase_announcement, time_up_announcement
from werkstatt.ui.auth import this_client
from werkstatt.ui.db import read_only, transaction
from werkstatt.ui.legal_pages import legal_footer
from werkstatt.ui.live_parts import live_part, read_mark, retry_soon
from werkstatt.ui.live_phase import phase_watch
from werkstatt.ui.page import public_page
from werkstatt.ui.participation_panels import dots_label, item_meta
from werkstatt.ui.post_sender import clear_sent_text, retry_pending, send
from werkstatt.ui.timer_badge import participant_timer_badge
from werkstatt.ui.timer_common import timer_view_now

user = public_page()

TOKEN = "mm_token"
COOKIE = "werkstatt_teilnahme"
TOKEN_CHARS = re.compile(r"[A-Za-z0-9_-]{10,100}")
FLASH = "mm_flash"
TEXT = "mm_text"
LAST_CONTEXT = "mm_last_context"


def flash(kind: str, message: str) -> None:
    st.session_state[FLASH] = (kind, message)


def show_flash(slot) -> None:
    """Into a slot made before the form: the form keeps its place, so the focus stays where it was."""
    kind, message = st.session_state.pop(FLASH, (None, ""))
    if kind == "error":
        slot.error(message, icon="⚠️")
    elif kind == "warning":
        slot.warning(message, icon="⏳")
    elif kind == "success":
        slot.success(message, icon="✅")


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
    components.html(
        f"<script>document.cookie = '{COOKIE}={token}; path=/; max-age=172800; SameSite=Lax';</script>",
        height=0,
    )


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


def on_post(token: str) -> None:
    """Form callback: runs before the rerun, so the text field can be emptied only on success.

    The post carries a submission id and is retried while the database is away (werkstatt/ui/post_sender.py).
    """
    state = st.session_state
    fields = {
        "category": state.get("mm_category"),
        "facet": state.get("mm_facet"),
        "stakeholder": state.get("mm_stakeholder"),
        "text": state.get(TEXT, ""),
    }
    send(token, fields, flash_key=FLASH, text_key=TEXT, in_callback=True)


def post_form(token: str, workshop) -> None:
    clear_sent_text(TEXT)
    retry_pending(flash_key=FLASH, text_key=TEXT)
    with st.form("mm_post", border=True):
        labels = {c.key: c.label for c in workshop.categories}
        hints = {c.key: c.hint for c in workshop.categories}
        st.radio(
            "Kategorie", list(labels), format_func=labels.get, key="mm_category", horizontal=True,
            captions=[hints[k] for k in labels] if all(hints.values()) else None,
        )  # fmt: skip
        if workshop.facet_options:
            st.selectbox(
                f"{workshop.facet_label} (optional)", workshop.facet_options, index=None,
                placeholder="bitte wählen", key="mm_facet",
            )  # fmt: skip
        st.selectbox(
            "Ich spreche als … (optional)", STAKEHOLDER_GROUPS, index=None, placeholder="bitte wählen",
            key="mm_stakeholder",
        )  # fmt: skip
        st.text_area(
            "Ihr Beitrag", key=TEXT, max_chars=MAX_CONTRIBUTION_CHARS, height=120,
            placeholder="Kurz und konkret, höchstens 500 Zeichen",
        )  # fmt: skip
        st.form_submit_button("Beitrag senden", type="primary", width="stretch", on_click=on_post, args=(token,))


def profile_form(token: str, name: str, group_id: int | None, groups: list[tuple[int, str]]) -> None:
    label = "Ihr Name und Ihre Gruppe" if groups else "Ihr Name"
    with st.expander(label, expanded=bool(groups) and group_id is None), st.form("mm_profile", border=False):
        new_name = st.text_input("Name (optional – ohne Namen erscheinen Sie als »Anonym«)", value=name, max_chars=40)
        new_group = group_id
        if groups:
            ids = [None, *[g for g, _ in groups]]
            names = dict(groups)
            new_group = st.selectbox(
                "Gruppe", ids, index=ids.index(group_id) if group_id in ids else 0,
                format_func=lambda g: "keine Gruppe" if g is None else names[g],
            )  # fmt: skip
        if st.form_submit_button("Speichern", width="stretch"):
            try:
                with transaction() as session:
                    set_profile(session, token=token, name=new_name, group_id=new_group)
            except WerkstattError as err:
                flash("error", err.message)
            else:
                flash("success", "Gespeichert.")
            st.rerun()


def act(action, token: str, contribution_id: int) -> None:
    """Button callback (vote, unvote, withdraw): runs before the rerun that shows the result."""
    try:
        with transaction() as session:
            action(session, token=token, contribution_id=contribution_id, now=utc_now())
    except WerkstattError as err:
        flash("error", err.message)


def vote_hint(input_open: bool, dots_left: int) -> str | None:
    if not input_open:
        return "Die Abstimmung ist gerade geschlossen."
    return None if dots_left else "Alle Punkte sind vergeben. Nehmen Sie einen zurück, um ihn neu zu setzen."


BOARD_PAGE = 30  # cards per "Mehr anzeigen": a phone redraws its list on every refresh


@st.fragment  # redrawn when the workshop changes (werkstatt/ui/live_parts.py), at most every 1.5 s
def board(token: str, workshop_id: int, input_open: bool = True) -> None:
    try:
        mark = read_mark(workshop_id)
        with read_only() as session:
            b: Board = board_for_participant(session, token=token)
    except DatabaseUnavailable as err:  # German notice; tries again by itself in a few seconds
        retry_soon(workshop_id, key="mm-board", message=err.message)
        return
    except WerkstattError as err:
        st.error(err.message, icon="⚠️")
        return
    live_part(workshop_id, key="mm-board", mark=mark, min_gap_s=1.5, delay_s=0.3, spread_s=1.2)
    show_flash(st.empty())
    new_posts_announcement(len(b.visible))
    view = timer_view_now(b.workshop_id)
    time_up_announcement(view.index, view.active and view.overrun)
    st.markdown(dots_html(b.dots_used, b.dots_left, b.dots_total), unsafe_allow_html=True)  # fixed words, numbers
    everyone, mine = st.tabs([f"Alle Beiträge ({len(b.visible)})", f"Meine Beiträge ({len(b.mine)})"])
    with everyone:
        if not b.visible:
            st.caption("Noch keine Beiträge – schreiben Sie den ersten!")
        limit = st.session_state.get("board_limit", BOARD_PAGE)
        # The newest first; cards carrying my dots always stay, so a dot can be taken back.
        shown = [item for n, item in enumerate(b.visible) if n < limit or item.my_vote]
        for item in shown:
            with st.container(border=True, key=f"mmcard-{item.id}"):
                st.caption(item_meta(item))
                st.markdown(escape_md(item.text))
                left, right = st.columns([1, 1], vertical_alignment="center")
                left.markdown(f"**{dots_label(item.votes)}**")
                # One key for both states: the button stays the same element, so the focus stays on it.
                # Disabled when it could only be refused: voting closed, or no dot left to give.
                right.button(
                    f"Punkt zurücknehmen für #{item.id}" if item.my_vote else f"Punkt geben für #{item.id}",
                    key=f"dot-{item.id}", type="primary", width="stretch",
                    disabled=not input_open or (not item.my_vote and b.dots_left == 0),
                    help=None if item.my_vote and input_open else vote_hint(input_open, b.dots_left),
                    on_click=act, args=(unvote if item.my_vote else vote, token, item.id),
                )  # fmt: skip
        if len(shown) < len(b.visible):
            more = len(b.visible) - len(shown)
            st.button(
                f"Weitere {min(more, BOARD_PAGE)} von {more} anzeigen",
                key="board-more",
                on_click=st.session_state.update,
                kwargs={"board_limit": limit + BOARD_PAGE},
            )
    with mine:
        if not b.mine:
            st.caption("Sie haben noch nichts geschrieben.")
        for item in b.mine:
            with st.container(border=True, key=f"mmmine-{item.id}"):
                st.caption(item_meta(item, with_author=False))
                st.markdown(escape_md(item.text))
                if item.trace:
                    st.caption(escape_md(item.trace.capitalize()))
                else:
                    st.button(
                        f"Beitrag #{item.id} zurückziehen", key=f"withdraw-{item.id}",
                        on_click=act, args=(withdraw, token, item.id),
                    )  # fmt: skip


if st.query_params.get("ticket"):  # a personal link: one identity per registration, on every device
    try:
        with transaction() as session:
            st.session_state[TOKEN] = join_personal(session, ticket=st.query_params["ticket"], now=utc_now())
        st.query_params.clear()
    except WerkstattError as err:
        st.error(err.message, icon="⚠️")
        st.query_params.pop("ticket", None)
token = st.query_params.get("p") or st.session_state.get(TOKEN) or remembered_token(st.query_params.get("code", ""))
context = None
if token:
    try:
        with read_only() as session:
            me = participant_by_token(session, token=token)
            workshop = get_workshop(session, workshop_id=me.workshop_id)
            _ = workshop.categories  # loaded while the session is open
            groups = [(g.id, g.name) for g in list_groups(session, workshop_id=workshop.id)]
            phase = current_phase(session, workshop_id=workshop.id, now=utc_now())
            context = (me.display_name, me.group_id, workshop, groups, phase)
        st.session_state[LAST_CONTEXT] = (token, context)
    except DatabaseUnavailable as err:
        # Keep the identity and draw the page from the last good read: a form that is not
        # drawn would lose what the person typed.
        last = st.session_state.get(LAST_CONTEXT)
        st.warning(err.message, icon="⏳")
        if last is None or last[0] != token:
            st.stop()
        context = last[1]
    except WerkstattError as err:
        st.error(err.message, icon="⚠️")
        forget_identity()
if context is not None and not code_matches(st.query_params.get("code", ""), context[2].join_code):
    context = None  # a link to another workshop: join that one

if context is None:
    join_screen()
    legal_footer()  # st.stop ends the router's run too, footer included
    st.stop()

st.session_state[TOKEN] = token
if st.query_params.get("p") != token:
    st.query_params["p"] = token  # after a page switch, put the identity back into the URL
name, group_id, workshop, groups, phase = context

participant_timer_badge(workshop.id, always=True)
st.caption(escape_md(f"Werkstatt {workshop.number} · {workshop.title}"))
if activity_screen(token, workshop.id):  # check-in, questions, results, networking instead of the board
    remember(token)
    st.stop()
st.subheader(escape_md(workshop.discussion_prompt or "Ihre Beiträge"))
show_open_prompt(workshop.id, workshop.discussion_prompt)  # the guiding question the moderator opened
# Side by side on a laptop; Streamlit stacks the columns on a phone (form first).
write, read = st.columns([2, 3], gap="large")
with write:
    profile_form(token, name, group_id, groups)
    show_flash(st.empty())
    phase_announcement(phase.input_open)
    phase_watch(workshop.id, phase.input_open)
    if phase.input_open:
        post_form(token, workshop)
    else:
        st.info(
            "Die Eingabe ist gerade geschlossen. Sobald die Moderation sie öffnet, erscheint hier das Formular.",
            icon="⏸️",
        )
with read:
    board(token, workshop.id, phase.input_open)
st.caption("Ihre Teilnahme ist an diese Adresse und diesen Browser gebunden: so bleiben Ihre Punkte Ihre Punkte.")
remember(token)
