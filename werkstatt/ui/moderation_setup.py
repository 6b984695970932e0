"""The moderator's setup of a workshop's participation (groups, dots, themes) and the moderation log."""

from __future__ import annotations

import streamlit as st

from werkstatt.clock import fmt_time, utc_now
from werkstatt.live.commands import dots_command, groups_command, new_theme_command
from werkstatt.session.participants import numbered_groups
from werkstatt.session.views import MODERATION_LABELS, moderation_log
from werkstatt.ui.db import read_only
from werkstatt.ui.participation_panels import run_action
from werkstatt.ui.staff_actions import action_id


def moderation_log_table(workshop_id: int) -> None:
    """Who hid, merged, pinned or sorted what, and when: nothing disappears without a trace."""
    with read_only() as session:
        log = moderation_log(session, workshop_id=workshop_id)
    if not log:
        st.caption("Noch keine Moderationsschritte.")
        return
    st.dataframe(
        [
            {
                "Zeit": fmt_time(e.created_at),
                "Beitrag": f"#{e.contribution_id}",
                "Schritt": MODERATION_LABELS.get(e.action, e.action),
                "Angabe": e.detail,
                "Wer": e.actor,
            }
            for e in reversed(log)
        ],
        hide_index=True,
        width="stretch",
    )


def setup_form(workshop_id: int, actor: str, groups: list[str], dots: int, themes: tuple[str, ...]) -> None:
    """Groups (numbered or named), dots per person, new themes: each one staff command."""
    who = {"workshop_id": workshop_id, "actor": actor, "now": utc_now()}
    left, right = st.columns(2)
    with left, st.form(f"pp_groups_{workshop_id}", border=False):
        count = st.number_input("Anzahl nummerierter Gruppen", 0, 30, value=len(groups), step=1)
        names = st.text_area(
            "…oder Gruppennamen, einer pro Zeile",
            value="\n".join(groups),
            help="Wenn hier Namen stehen, gelten sie; sonst wird nummeriert (Gruppe 1, Gruppe 2, …).",
        )
        if st.form_submit_button("Gruppen speichern"):
            wanted = [n for n in names.splitlines() if n.strip()]
            if wanted == groups and count != len(groups):
                wanted = numbered_groups(int(count))
            click = action_id("pp_groups", (workshop_id, tuple(groups)))
            if run_action(
                groups_command, "Gruppen gespeichert", **who, names=wanted, seen_names=groups, action_id=click
            ):
                st.rerun()
    with right:
        with st.form(f"pp_dots_{workshop_id}", border=False):
            new_dots = st.number_input("Punkte pro Person", 1, 10, value=dots, step=1)
            click = action_id("pp_dots", (workshop_id, dots))
            if st.form_submit_button("Punkte speichern") and run_action(
                dots_command, "Punktzahl gespeichert", **who, dots=int(new_dots), action_id=click
            ):
                st.rerun()
        with st.form(f"pp_theme_{workshop_id}", border=False, clear_on_submit=True):
            name = st.text_input("Neues Thema", max_chars=80, placeholder="z. B. Zeit und Ressourcen")
            click = action_id("pp_theme", (workshop_id, themes))
            if st.form_submit_button("Thema anlegen") and run_action(
                new_theme_command, "Thema angelegt", **who, name=name, action_id=click
            ):
                st.rerun()
