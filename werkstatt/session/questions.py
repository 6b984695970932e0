"""Questions to the speakers: one Q&A per input item, as people know it from Slido.

Anonymous or named; one upvote per person and question (a database unique key,
so two taps at once count once); counts are COUNT(*), never stored. The moderator
marks "wird beantwortet"/"beantwortet" or hides with a reason; hidden questions
count nowhere (lists, counts, report, public page).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.locking import lock_row
from db.models import AgendaItem
from db.models.activities import Q_ANSWERED, Q_ANSWERING, Q_HIDDEN, Q_OPEN, Question, QuestionVote
from werkstatt.accounts.users import require_staff
from werkstatt.errors import NotFound, WerkstattError
from werkstatt.series.activities import QUESTIONS
from werkstatt.session.participants import participant_by_token
from werkstatt.session.stage import current_stage
from werkstatt.text.rules import MAX_REASON_CHARS, clean_line

MAX_QUESTION_CHARS = 300
STATUS_LABELS = {Q_OPEN: "offen", Q_ANSWERING: "wird beantwortet", Q_ANSWERED: "beantwortet", Q_HIDDEN: "ausgeblendet"}
SORTS = {"votes": "Meiste Stimmen", "newest": "Neueste"}


@dataclass(frozen=True)
class QuestionView:
    id: int
    agenda_item_id: int
    text: str
    author: str  # "Anonym" when no name was given
    status: str
    hidden_reason: str
    votes: int
    created_at: datetime
    mine: bool = False
    my_vote: bool = False

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def ask(session: Session, *, token: str, text: str, named: bool, now: datetime) -> int:
    """A question to the speaker of the current input item; returns its number."""
    me = participant_by_token(session, token=token, lock=True)
    stage = current_stage(session, workshop_id=me.workshop_id, now=now)
    if stage.activity != QUESTIONS or stage.agenda_item_id is None:
        raise WerkstattError("Fragen sind gerade nicht möglich – nur während der Vorträge. Ihr Text ist noch im Feld.")
    cleaned = " ".join(clean_line(text, max_len=10_000, field="Ihre Frage").split())
    if len(cleaned) > MAX_QUESTION_CHARS:
        raise WerkstattError(f"Die Frage ist zu lang (höchstens {MAX_QUESTION_CHARS} Zeichen). Bitte kürzen Sie sie.")
    if named and not me.display_name:
        raise WerkstattError("Mit Namen fragen geht erst, wenn Sie oben einen Namen eingetragen haben.")
    question = Question(
        workshop_id=me.workshop_id,
        agenda_item_id=stage.agenda_item_id,
        participant_id=me.id,
        author_name=me.display_name if named else "",
        text=cleaned,
        status=Q_OPEN,
        created_at=now,
    )
    session.add(question)
    session.flush()
    return question.id


def _visible_question(session: Session, workshop_id: int, question_id: int) -> Question:
    question = session.get(Question, question_id)
    if question is None or question.workshop_id != workshop_id or question.status == Q_HIDDEN:
        raise NotFound("Diese Frage gibt es nicht (mehr).")
    return question


def upvote(session: Session, *, token: str, question_id: int, now: datetime) -> None:
    """One upvote per person; a second one (another tab, a double tap) is refused by the unique key."""
    me = participant_by_token(session, token=token)
    _visible_question(session, me.workshop_id, question_id)
    try:
        with session.begin_nested():
            session.add(QuestionVote(question_id=question_id, participant_id=me.id, created_at=now))
    except IntegrityError:
        raise WerkstattError("Sie haben diese Frage schon unterstützt.") from None


def remove_upvote(session: Session, *, token: str, question_id: int, now: datetime) -> None:
    me = participant_by_token(session, token=token)
    vote = session.scalar(
        select(QuestionVote).where(QuestionVote.question_id == question_id, QuestionVote.participant_id == me.id)
    )
    if vote is None:
        raise WerkstattError("Sie hatten diese Frage nicht unterstützt.")
    session.delete(vote)


def _moderated(session: Session, workshop_id: int, question_id: int, actor: str) -> Question:
    require_staff(session, actor=actor, action="Fragen moderieren")
    question = lock_row(session, Question, question_id)
    if question is None or question.workshop_id != workshop_id:
        raise NotFound(f"Frage #{question_id} gibt es in dieser Werkstatt nicht.")
    return question


def set_status(session: Session, *, workshop_id: int, question_id: int, status: str, actor: str, now: datetime) -> None:
    """open -> wird beantwortet -> beantwortet (and back); hiding has its own step with a reason."""
    if status not in (Q_OPEN, Q_ANSWERING, Q_ANSWERED):
        raise WerkstattError("Diesen Status gibt es für Fragen nicht.")
    question = _moderated(session, workshop_id, question_id, actor)
    if question.status == Q_HIDDEN:
        raise WerkstattError(f"Frage #{question_id} ist ausgeblendet; blenden Sie sie zuerst wieder ein.")
    question.status = status


def hide(session: Session, *, workshop_id: int, question_id: int, reason: str, actor: str, now: datetime) -> None:
    reason = clean_line(reason, max_len=MAX_REASON_CHARS, field="Grund")
    question = _moderated(session, workshop_id, question_id, actor)
    if question.status == Q_HIDDEN:
        raise WerkstattError(f"Frage #{question_id} ist schon ausgeblendet.")
    question.status, question.hidden_reason = Q_HIDDEN, reason


def unhide(session: Session, *, workshop_id: int, question_id: int, actor: str, now: datetime) -> None:
    question = _moderated(session, workshop_id, question_id, actor)
    if question.status != Q_HIDDEN:
        raise WerkstattError(f"Frage #{question_id} ist nicht ausgeblendet.")
    question.status, question.hidden_reason = Q_OPEN, ""


def list_questions(
    session: Session,
    *,
    workshop_id: int,
    agenda_item_id: int | None = None,
    sort: str = "votes",
    viewer_id: int | None = None,
    include_hidden: bool = False,
) -> list[QuestionView]:
    """Questions of a workshop (or one talk), by votes (ties: older first) or newest first."""
    counts = (
        select(QuestionVote.question_id.label("qid"), func.count().label("n"))
        .group_by(QuestionVote.question_id)
        .subquery()
    )
    votes = func.coalesce(counts.c.n, 0)
    stmt = (
        select(Question, votes)
        .outerjoin(counts, counts.c.qid == Question.id)
        .where(Question.workshop_id == workshop_id)
    )
    if agenda_item_id is not None:
        stmt = stmt.where(Question.agenda_item_id == agenda_item_id)
    if not include_hidden:
        stmt = stmt.where(Question.status != Q_HIDDEN)
    order = (Question.id.desc(),) if sort == "newest" else (votes.desc(), Question.id)
    mine: set[int] = set()
    if viewer_id is not None:
        mine = set(session.scalars(select(QuestionVote.question_id).where(QuestionVote.participant_id == viewer_id)))
    return [
        QuestionView(
            id=q.id,
            agenda_item_id=q.agenda_item_id,
            text=q.text,
            author=q.author_name or "Anonym",
            status=q.status,
            hidden_reason=q.hidden_reason,
            votes=int(n) if q.status != Q_HIDDEN else 0,
            created_at=q.created_at,
            mine=viewer_id is not None and q.participant_id == viewer_id,
            my_vote=q.id in mine,
        )
        for q, n in session.execute(stmt.order_by(*order))
    ]


def questions_for_participant(session: Session, *, token: str, agenda_item_id: int, sort: str) -> list[QuestionView]:
    me = participant_by_token(session, token=token)
    return list_questions(
        session, workshop_id=me.workshop_id, agenda_item_id=agenda_item_id, sort=sort, viewer_id=me.id
    )


def questions_by_talk(session: Session, *, workshop_id: int) -> list[tuple[str, list[QuestionView]]]:
    """For the report and the public page: each talk that got questions, with its visible questions."""
    talks = session.execute(
        select(AgendaItem.id, AgendaItem.title)
        .where(AgendaItem.workshop_id == workshop_id)
        .order_by(AgendaItem.position)
    ).all()
    questions = list_questions(session, workshop_id=workshop_id)
    return [(title, qs) for item_id, title in talks if (qs := [q for q in questions if q.agenda_item_id == item_id])]
