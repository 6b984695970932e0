"""The activities in the report and on the public page: questions per talk, the room, guiding questions, next steps.

Only anonymous counts of the check-in; hidden questions appear nowhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from werkstatt.results.outlook import Step, list_steps
from werkstatt.session.checkin import room
from werkstatt.session.prompts import PromptView, list_prompts
from werkstatt.session.questions import QuestionView, questions_by_talk
from werkstatt.text.markdown import escape_md, md_cell


@dataclass(frozen=True)
class ActivityResults:
    talks: list[tuple[str, list[QuestionView]]]
    prompts: list[PromptView]
    steps: list[Step]


def activity_results(session: Session, *, workshop_id: int) -> ActivityResults:
    """What /ergebnisse shows besides the contributions (once the workshop is published)."""
    return ActivityResults(
        talks=questions_by_talk(session, workshop_id=workshop_id),
        prompts=list_prompts(session, workshop_id=workshop_id),
        steps=list_steps(session, workshop_id=workshop_id),
    )


def step_line(step: Step) -> str:
    who = f" – {escape_md(step.who)}" if step.who else ""
    due = f" (bis {step.due_label})" if step.due else ""
    return f"{escape_md(step.what)}{who}{due}"


def activities_markdown(session: Session, *, workshop_id: int) -> list[str]:
    """Report sections: the introduction round, questions per talk, results per guiding question, next steps."""
    data = activity_results(session, workshop_id=workshop_id)
    people = room(session, workshop_id=workshop_id)
    out = ["## Vorstellungsrunde (anonym gezählt)", ""]
    out.append(f"- Im Raum: {people.joined}, davon eingecheckt: {people.checked_in}")
    if people.stakeholders:
        out.append("- Akteursgruppen: " + ", ".join(f"{md_cell(g)} ({n})" for g, n in people.stakeholders))
    if people.expectations:
        out.append("- Erwartungen: " + ", ".join(f"{md_cell(w)} ({n})" for w, n in people.expectations))
    out += ["", "## Fragen an die Referierenden", ""]
    if not data.talks:
        out += ["_Keine Fragen._", ""]
    for title, questions in data.talks:
        out += [f"### {escape_md(title)}", ""]
        out += [f"- {md_cell(q.text)} · {q.votes} Stimmen · {q.status_label}" for q in questions]
        out.append("")
    if len(data.prompts) > 1:
        out += ["## Beiträge je Leitfrage", ""]
        out += [f"- {md_cell(p.text)}: {p.contributions}" for p in data.prompts]
        out.append("")
    out += ["## Ausblick: nächste Schritte", ""]
    out += [f"- {step_line(s)}" for s in data.steps] or ["_Noch keine Schritte festgehalten._"]
    out.append("")
    return out
