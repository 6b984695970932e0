"""The phone during the morning's other activities: check-in, questions, results, networking.

`activity_screen` draws the activity of the current agenda item and returns True,
or returns False when the page's own contribution board is what the item needs.
"""

from __future__ import annotations

import streamlit as st

from werkstatt.clock import utc_now
from werkstatt.errors import WerkstattError
from werkstatt.live.pacing import switch_spread_s
from werkstatt.live.retry import DatabaseUnavailable
from werkstatt.series.activities import CHECKIN, NETWORKING, QUESTIONS, RESULTS
from werkstatt.series.stakeholders import STAKEHOLDER_GROUPS
from werkstatt.session.checkin import check_in, my_check_in, room
from werkstatt.session.prompts import open_prompt
from werkstatt.session.questions import SORTS, ask, questions_for_participant, remove_upvote, upvote
from werkstatt.session.stage import Stage, current_stage
from werkstatt.session.wall import participant_count
from werkstatt.text.markdown import escape_md
from werkstatt.ui.actions import flash, show_outcome
from werkstatt.ui.activity_common import ACTIVITY_CSS, FLASH, participant_act
from werkstatt.ui.activity_fazit import phone_conclusion
from werkstatt.ui.activity_networking import networking_panel
from werkstatt.ui.db import read_only, transaction
from werkstatt.ui.live_parts import Topic, follow_changes, hide_part, live_part, next_wake, read_timer, retry_soon
from werkstatt.ui.run_lane import background_fragment, mark_page_redraw

QTEXT = "act_qtext"
ASK_FLASH = "act_ask_flash"  # the answer to a question, shown above the form (not in the list, which redraws)


def show_open_prompt(workshop_id: int, heading: str) -> None:
    """The guiding question the moderator opened, when it says more than the heading."""
    with read_only() as session:
        prompt = open_prompt(session, workshop_id=workshop_id)
    if prompt and prompt.text != heading:
        st.markdown(f"**Leitfrage:** {escape_md(prompt.text)}")


def activity_screen(token: str, workshop_id: int) -> bool:
    with read_only() as session:
        stage = current_stage(session, workshop_id=workshop_id, now=utc_now())
    activity_watch(workshop_id, _seen(stage))
    if stage.activity not in (CHECKIN, QUESTIONS, RESULTS, NETWORKING):
        return False
    st.html(ACTIVITY_CSS)
    if stage.activity == CHECKIN:
        checkin_panel(token, workshop_id)
    elif stage.activity == QUESTIONS:
        questions_panel(token, stage, workshop_id)
    elif stage.activity == RESULTS:
        results_panel(workshop_id, stage.results_revealed)
    else:
        tabs = ["🤝 Vernetzung", "📊 Fazit"] if stage.results_revealed else ["🤝 Vernetzung"]
        shown = st.tabs(tabs)
        with shown[0]:
            networking_panel(token, workshop_id)
        if stage.results_revealed:
            with shown[1]:
                phone_conclusion(workshop_id)
    return True


def _seen(stage: Stage) -> tuple[str, int | None, bool, bool]:
    return stage.activity, stage.agenda_item_id, stage.results_revealed, stage.phase.input_open


@background_fragment  # its page runs after a switch too (werkstatt/ui/run_lane.py)
def activity_watch(workshop_id: int, seen: tuple[str, int | None, bool, bool]) -> None:
    """Redraw the page when the agenda moves on, the input opens or closes, or the moderator reveals the results.

    On change, never on a clock: agenda moves and phase overrides are timer events, and the planned
    agenda's next switch is the part's wake-up time. Only the reveal is no timer event, so the watch
    follows every change only where a reveal changes the screen (conclusion, networking) and the timer
    alone otherwise: while people post and vote, a phone's watch stays quiet.
    """
    key = f"activity-watch-{workshop_id}"
    read = read_timer(workshop_id, key=key)  # keeps the page as it is when the database is away
    if read is None:
        return
    try:
        with read_only() as session:
            stage = current_stage(session, workshop_id=workshop_id, now=read.now)
            joined = participant_count(session, workshop_id=workshop_id)
    except DatabaseUnavailable:
        retry_soon(workshop_id, key=key)
        return
    if _seen(stage) != seen:
        mark_page_redraw()
        st.rerun(scope="app")
    topic: Topic = "revision" if seen[0] in (RESULTS, NETWORKING) else "timer"
    live_part(
        workshop_id, key=key, mark=read.mark, topic=topic, wake_at=next_wake(read.view, read.now),
        spread_s=switch_spread_s(joined),
    )  # fmt: skip
    hide_part(key)


def _on_check_in(token: str) -> None:
    state = st.session_state
    try:
        with transaction() as session:
            check_in(
                session, token=token, name=state.get("ci_name", ""), stakeholder=state.get("ci_group") or "",
                region=state.get("ci_region", ""), expectation=state.get("ci_word", ""), now=utc_now(),
            )  # fmt: skip
    except WerkstattError as err:
        flash(FLASH, "error", err.message)
    else:
        flash(FLASH, "success", "Danke – Sie sind eingecheckt.")


def checkin_panel(token: str, workshop_id: int) -> None:
    st.header("Vorstellungsrunde")
    with read_only() as session:
        mine = my_check_in(session, token=token)
        people = room(session, workshop_id=workshop_id).joined
    show_outcome(FLASH)
    skipped = st.session_state.get("ci_skipped", False)
    if mine.done or skipped:
        st.success("Sie sind dabei." if skipped and not mine.done else "Danke – Sie sind eingecheckt.", icon="👋")
        st.caption(f"{people} Personen sind im Raum. Auf dem geteilten Bildschirm sehen Sie, wer dabei ist.")
    with st.expander(
        "Angaben ändern" if mine.done else "Kurz vorstellen (freiwillig)", expanded=not (mine.done or skipped)
    ):
        with st.form("ci_form", border=False):
            st.text_input("Name (optional)", value=mine.name, max_chars=40, key="ci_name")
            st.selectbox(
                "Ich bin aus … (optional)", STAKEHOLDER_GROUPS, placeholder="bitte wählen", key="ci_group",
                index=STAKEHOLDER_GROUPS.index(mine.stakeholder) if mine.stakeholder in STAKEHOLDER_GROUPS else None,
            )  # fmt: skip
            st.text_input("Stadt oder Region (optional)", value=mine.region, max_chars=80, key="ci_region")
            st.text_input(
                "Was erwarten Sie heute? Ein Wort (optional)", value=mine.expectation, max_chars=40, key="ci_word",
                placeholder="z. B. Austausch",
            )  # fmt: skip
            st.caption("Alles ist freiwillig. Ihre Angaben erscheinen nur gezählt, Ihr Name nirgends auf dem Beamer.")
            st.form_submit_button("Einchecken", type="primary", width="stretch", on_click=_on_check_in, args=(token,))
    if not (mine.done or skipped):
        st.button("Überspringen", width="stretch", on_click=st.session_state.update, kwargs={"ci_skipped": True})


def _on_ask(token: str) -> None:
    state = st.session_state
    try:
        with transaction() as session:
            number = ask(
                session, token=token, text=state.get(QTEXT, ""), named=bool(state.get("act_named")), now=utc_now()
            )
    except WerkstattError as err:  # also a database that is away: German, and the text stays in the field
        flash(ASK_FLASH, "error", err.message)
    else:
        state[QTEXT] = ""
        flash(ASK_FLASH, "success", f"Danke! Ihre Frage #{number} ist angekommen.")


def questions_panel(token: str, stage: Stage, workshop_id: int) -> None:
    st.header("Fragen an die Referierenden")
    st.caption(escape_md(stage.agenda_title))
    ask_form(token)
    question_list(token, workshop_id, stage.agenda_item_id or 0)


@st.fragment  # sending reruns only the form, and its answer stays until the next send (the list redraws apart)
def ask_form(token: str) -> None:
    show_outcome(ASK_FLASH, st.empty())
    with st.form("act_ask", border=True):
        st.text_area("Ihre Frage", key=QTEXT, max_chars=300, height=90, placeholder="Kurz und konkret")
        st.checkbox("Mit meinem Namen fragen (sonst anonym)", key="act_named")
        st.form_submit_button("Frage senden", type="primary", width="stretch", on_click=_on_ask, args=(token,))


@background_fragment
def question_list(token: str, workshop_id: int, agenda_item_id: int) -> None:
    if not follow_changes(workshop_id, key=f"questions-{workshop_id}", min_gap_s=1.0):
        return
    show_outcome(FLASH, st.empty())  # one slot, shown or not: the cards keep their places (activity_networking.py)
    sort = st.segmented_control(
        "Sortieren", list(SORTS), format_func=SORTS.__getitem__, default="votes", key="act_sort"
    )
    with read_only() as session:
        listed = questions_for_participant(session, token=token, agenda_item_id=agenda_item_id, sort=sort or "votes")
    if not listed:
        st.caption("Noch keine Fragen – stellen Sie die erste!")
    for q in listed:
        with st.container(border=True, key=f"qcard-{q.id}"):
            st.markdown(escape_md(q.text))
            votes = "1 Stimme" if q.votes == 1 else f"{q.votes} Stimmen"
            status = f" · **{q.status_label}**" if q.status != "open" else ""
            st.caption(f"#{q.id} · {escape_md(q.author)} · {votes}{status}")
            if q.my_vote:
                st.button(
                    "✓ Unterstützt – zurücknehmen", key=f"unup-{q.id}", width="stretch",
                    on_click=participant_act, args=(remove_upvote,), kwargs={"token": token, "question_id": q.id},
                )  # fmt: skip
            else:
                st.button(
                    "👍 Unterstützen", key=f"up-{q.id}", type="primary", width="stretch",
                    on_click=participant_act, args=(upvote,), kwargs={"token": token, "question_id": q.id},
                )  # fmt: skip


def results_panel(workshop_id: int, revealed: bool) -> None:
    if not revealed:
        st.header("Fazit und Ausblick")
        st.info("Gleich zeigt die Moderation die Ergebnisse – sie erscheinen dann hier.", icon="⏳")
        return
    phone_conclusion(workshop_id)
