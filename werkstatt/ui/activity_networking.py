"""Bilateral networking on the phone: my card (publish, withdraw), others' cards, mutual matches, vCard."""

from __future__ import annotations

import streamlit as st

from werkstatt.clock import utc_now
from werkstatt.errors import WerkstattError
from werkstatt.series.store import get_workshop
from werkstatt.session.contacts import (
    CardView,
    Networking,
    mark_interest,
    networking_for,
    publish_card,
    unmark_interest,
    withdraw_card,
)
from werkstatt.session.participants import participant_by_token
from werkstatt.session.vcard import vcards
from werkstatt.text.markdown import escape_md
from werkstatt.ui.actions import flash, show_outcome
from werkstatt.ui.activity_common import FLASH, participant_act
from werkstatt.ui.db import read_only, transaction
from werkstatt.ui.live_parts import follow_changes
from werkstatt.ui.run_lane import background_fragment

_FIELDS = ("name", "organisation", "role", "email", "phone", "seeking", "offering")
# The answer to publishing or withdrawing my card, shown above the form in the page itself: the card list
# below is a fragment that redraws on every change, mine included, and would take the answer away.
CARD_FLASH = "nc_card_flash"


def _on_publish(token: str) -> None:
    values = {f: st.session_state.get(f"nc_{f}", "") for f in _FIELDS}
    try:
        with transaction() as session:
            publish_card(session, token=token, now=utc_now(), **values)
    except WerkstattError as err:
        flash(CARD_FLASH, "error", err.message)  # what was typed stays in the form
    else:
        flash(CARD_FLASH, "success", "Ihre Kontaktkarte ist veröffentlicht.")


def _on_withdraw(token: str) -> None:
    try:
        with transaction() as session:
            withdraw_card(session, token=token, now=utc_now())
    except WerkstattError as err:
        flash(CARD_FLASH, "error", err.message)
    else:
        flash(CARD_FLASH, "success", "Ihre Karte ist zurückgezogen und für niemanden mehr sichtbar.")


def _card_form(token: str, mine: CardView | None) -> None:
    with st.form("nc_form", border=True):
        st.text_input("Name", value=mine.name if mine else "", max_chars=100, key="nc_name")
        st.text_input("Organisation", value=mine.organisation if mine else "", max_chars=200, key="nc_organisation")
        st.text_input("Funktion", value=mine.role if mine else "", max_chars=100, key="nc_role")
        st.text_input("E-Mail", value=mine.email if mine else "", max_chars=320, key="nc_email")
        st.text_input("Telefon (statt oder zusätzlich zur E-Mail)", value=mine.phone if mine else "", key="nc_phone")
        st.text_input("Ich suche …", value=mine.seeking if mine else "", max_chars=200, key="nc_seeking")
        st.text_input("Ich biete …", value=mine.offering if mine else "", max_chars=200, key="nc_offering")
        st.caption(
            "Ihre Karte sehen nur die Teilnehmenden dieser Werkstatt, solange sie veröffentlicht ist. "
            "E-Mail und Telefon sieht nur, wer mit Ihnen gegenseitig Interesse hat. "
            "Sie können die Karte jederzeit zurückziehen."
        )
        label = "Karte aktualisieren" if mine else "Karte veröffentlichen"
        st.form_submit_button(label, type="primary", width="stretch", on_click=_on_publish, args=(token,))


def _contact_line(card: CardView) -> str:
    return " · ".join(escape_md(v) for v in (card.email, card.phone) if v)


def networking_panel(token: str, workshop_id: int) -> None:
    st.header("Bilaterale Vernetzung")
    st.caption("Freiwillig: Nichts wird geteilt, bevor Sie Ihre Karte veröffentlichen.")
    with read_only() as session:
        mine = networking_for(session, token=token).my_card
    # One container for what changes with my card, so the card list below keeps its place on the
    # page: Streamlit matches elements by position, and a list that moves shows twice while it redraws.
    with st.container():
        show_outcome(CARD_FLASH)
        if mine is None:
            _card_form(token, None)
        else:
            with st.expander(f"Meine Karte: {mine.name}"):
                _card_form(token, mine)
                st.button(
                    "Karte zurückziehen", key="nc_withdraw", width="stretch", on_click=_on_withdraw, args=(token,)
                )
    cards_live(token, workshop_id)


def _matches_and_hints(net: Networking, label: str) -> None:
    for match in net.matches:
        st.success(
            f"Sie haben beide Interesse – schreiben Sie sich an: **{escape_md(match.name)}** · {_contact_line(match)}",
            icon="🤝",
        )
    if net.matches:
        st.download_button(
            f"Kontakte als vCard (.vcf) herunterladen ({len(net.matches)})",
            data=vcards(net.matches, workshop_label=label),
            file_name="werkstatt-kontakte.vcf", mime="text/vcard", width="stretch", key="nc_vcf",
        )  # fmt: skip
    if not net.others:
        st.caption("Noch hat niemand sonst eine Karte veröffentlicht.")
    if net.others and net.my_card is None:
        st.caption("Damit Interesse gegenseitig werden kann, veröffentlichen Sie zuerst Ihre eigene Karte.")


@background_fragment
def cards_live(token: str, workshop_id: int) -> None:
    if not follow_changes(workshop_id, key=f"cards-{workshop_id}", min_gap_s=1.0):
        return
    with read_only() as session:
        net = networking_for(session, token=token)
        workshop = get_workshop(session, workshop_id=participant_by_token(session, token=token).workshop_id)
        label = workshop.label
    with st.container():  # matches and hints come and go; the cards below keep their places
        show_outcome(FLASH)
        _matches_and_hints(net, label)
    for card in net.others:
        with st.container(border=True, key=f"ccard-{card.id}"):
            st.markdown(f"**{escape_md(card.name)}**")
            st.caption(" · ".join(escape_md(v) for v in (card.role, card.organisation) if v))
            if card.seeking:
                st.markdown(f"Sucht: {escape_md(card.seeking)}")
            if card.offering:
                st.markdown(f"Bietet: {escape_md(card.offering)}")
            if card.mutual:
                st.markdown(f"🤝 **Gegenseitiges Interesse** · {_contact_line(card)}")
            ids = {"token": token, "card_id": card.id}
            if card.i_am_interested:
                st.button(
                    "✓ Interesse gezeigt – zurücknehmen", key=f"nc-un-{card.id}", width="stretch",
                    on_click=participant_act, args=(unmark_interest,), kwargs=ids,
                )  # fmt: skip
            else:
                st.button(
                    "Ich möchte mit Ihnen sprechen", key=f"nc-want-{card.id}", type="primary", width="stretch",
                    on_click=participant_act, args=(mark_interest,), kwargs=ids,
                )  # fmt: skip
