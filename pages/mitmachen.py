"""Mitmachen (public): join a running workshop by code, post contributions, give dots. Phone first.

The pseudonymous identity is the token in the URL (?p=...): a reload keeps it,
so reloading never creates a new voter. User text is shown only as escaped text.
"""

from __future__ import annotations

import html

import streamlit as st

from werkstatt.clock import utc_now
from werkstatt.errors import WerkstattError
from werkstatt.live.retry import DatabaseUnavailable
from werkstatt.series.stakeholders import STAKEHOLDER_GROUPS
from werkstatt.session.participants import participant_by_token, set_profile
from werkstatt.session.personal_link import join_personal
from werkstatt.session.phase import current_phase
from werkstatt.session.phone_context import PhoneWorkshop, phone_workshop
from werkstatt.text.markdown import escape_md
from werkstatt.text.rules import MAX_CONTRIBUTION_CHARS
from werkstatt.ui.actions import flash, show_outcome
from werkstatt.ui.activity_phone import activity_screen, show_open_prompt
from werkstatt.ui.announce import phase_announcement
from werkstatt.ui.db import read_only, transaction
from werkstatt.ui.legal_pages import legal_footer
from werkstatt.ui.live_parts import signal_posted
from werkstatt.ui.mitmachen_board import board
from werkstatt.ui.mitmachen_identity import (
    FLASH,
    LAST_CONTEXT,
    TEXT,
    TOKEN,
    code_matches,
    forget_identity,
    join_screen,
    remember,
    remembered_token,
)
from werkstatt.ui.page import public_page
from werkstatt.ui.post_sender import POSTED, clear_sent_text, retry_pending, send
from werkstatt.ui.timer_badge import participant_timer_badge

user = public_page()


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


@st.fragment  # sending reruns only this form, not the page: a post costs no full page run
def post_form(token: str, workshop: PhoneWorkshop) -> None:
    clear_sent_text(TEXT)
    retry_pending(flash_key=FLASH, text_key=TEXT)
    show_outcome(FLASH, st.empty())  # the answer to this post, right above the form
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
    # Below the form and drawn on every run, so the form keeps its place and the button its focus;
    # the own list (drawn in the browser) takes a new post in.
    signal_posted(workshop.id, st.session_state.get(POSTED, 0))


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
                flash(FLASH, "error", err.message)
            else:
                flash(FLASH, "success", "Gespeichert.")
            st.rerun()


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
            workshop = phone_workshop(session, workshop_id=me.workshop_id)  # plain values, kept in the session
            phase = current_phase(session, workshop_id=workshop.id, now=utc_now())
            context = (me.display_name, me.group_id, workshop, phase)
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
name, group_id, workshop, phase = context

# The screen's one h1, for screen readers; the room sees the caption and the question below it.
st.html(f'<h1 class="ws-sr-only">Mitmachen: Werkstatt {workshop.number}, {html.escape(workshop.title)}</h1>')
participant_timer_badge(workshop.id, always=True)
st.caption(escape_md(f"Werkstatt {workshop.number} · {workshop.title}"))
if activity_screen(token, workshop.id):  # check-in, questions, results, networking instead of the board
    remember(token)
    st.stop()
st.header(escape_md(workshop.discussion_prompt or "Ihre Beiträge"))
show_open_prompt(workshop.id, workshop.discussion_prompt)  # the guiding question the moderator opened
# Side by side on a laptop; Streamlit stacks the columns on a phone (form first).
write, read = st.columns([2, 3], gap="large")
with write:
    profile_form(token, name, group_id, list(workshop.groups))
    show_outcome(FLASH, st.empty())
    phase_announcement(phase.input_open)
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
