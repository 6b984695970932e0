"""Every staff service checks the acting account itself and writes exactly one audit row when it succeeds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Registration
from db.models.operations import AuditEvent
from werkstatt.accounts.users import add_user
from werkstatt.audit.log import audit_events, audit_rows
from werkstatt.errors import PermissionDenied
from werkstatt.mail import bulk, outbox
from werkstatt.privacy import persons
from werkstatt.registration import schedule, staff
from werkstatt.registration.applicant import Applicant
from werkstatt.registration.csv_io import import_registrations
from werkstatt.registration.services import register
from werkstatt.results import publication
from werkstatt.series.store import get_workshop
from werkstatt.session import moderation, participants
from werkstatt.session.contributions import post
from werkstatt.session.phase import set_phase_override
from werkstatt.session.timer_log import record_event
from werkstatt.session.timer_model import START

BEFORE = datetime(2021, 6, 1, 9, 0, tzinfo=UTC)
T = datetime(2021, 6, 30, 9, 0, tzinfo=UTC)  # during Werkstatt 1
Call = Callable[[Session, str, dict[str, int]], Any]


@pytest.fixture
def world(session_factory, bottrop) -> dict[str, int]:
    with session_factory.begin() as s:
        add_user(s, username="orga", role="organizer", password="orga-passwort-1", name="Olga")
        add_user(s, username="mod", role="moderator", password="mod-passwort-1")
        for i in range(2):
            applicant = Applicant(f"V{i}", f"N{i}", f"p{i}@beispiel.de", privacy_consent=True)
            register(s, applicant=applicant, workshop_ids=[bottrop[1]], now=BEFORE)
        set_phase_override(s, workshop_id=bottrop[1], override="input", actor="mod", now=T)
        token = participants.join(s, code=get_workshop(s, workshop_id=bottrop[1]).join_code, now=T)
        contribution = post(s, token=token, category="challenge", text="Zu wenig Zeit", now=T)
        reg = s.scalar(select(Registration).order_by(Registration.id))
        theme = moderation.create_theme(s, workshop_id=bottrop[1], name="Zeit", actor="mod", now=T)
    return {
        "w1": bottrop[1],
        "w2": bottrop[2],
        "reg": reg.id,
        "person": reg.person_id,
        "c": contribution,
        "theme": theme,
    }


ORGANIZER_SERVICES: dict[str, Call] = {
    "register by hand": lambda s, a, x: register(
        s,
        applicant=Applicant("Ida", "Hand", "ida@beispiel.de"),
        workshop_ids=[x["w1"]],
        now=T,
        source="organizer",
        actor=a,
    ),
    "import": lambda s, a, x: import_registrations(
        s,
        text="Vorname;Nachname;E-Mail;Werkstatt\nIda;Imp;ida@beispiel.de;2\n",
        workshops_by_number={2: x["w2"]},
        actor=a,
        now=T,
    ),
    "cancel": lambda s, a, x: staff.cancel_registration(s, registration_id=x["reg"], actor=a, now=T),
    "move": lambda s, a, x: staff.move_registration(
        s, registration_id=x["reg"], to_workshop_id=x["w2"], actor=a, now=T
    ),
    "check-in": lambda s, a, x: staff.set_checked_in(s, registration_id=x["reg"], present=True, actor=a, now=T),
    "capacity": lambda s, a, x: staff.set_capacity(s, workshop_id=x["w1"], capacity=25, actor=a, now=T),
    "meeting link": lambda s, a, x: staff.set_meeting_url(
        s, workshop_id=x["w1"], url="https://meet.example.org/1", actor=a, now=T
    ),
    "registration until": lambda s, a, x: schedule.set_registration_until(
        s, workshop_id=x["w2"], until=T + timedelta(days=1), actor=a, now=T
    ),
    "close workshop": lambda s, a, x: schedule.close_workshop(s, workshop_id=x["w1"], closed=True, actor=a, now=T),
    "resend join link": lambda s, a, x: outbox.resend_join_link(s, workshop_id=x["w1"], actor=a, now=T),
    "retry mails": lambda s, a, x: outbox.retry_now(s, actor=a, now=T),
    "mail to people": lambda s, a, x: bulk.mail_people(
        s, workshop_id=x["w1"], audience="confirmed", subject="Hinweis", body="Bitte pünktlich.", actor=a, now=T
    ),
    "export person": lambda s, a, x: persons.export_person(s, person_id=x["person"], actor=a, now=T),
    "delete person": lambda s, a, x: persons.delete_person(s, person_id=x["person"], actor=a, now=T),
    "publish": lambda s, a, x: publication.publish(s, workshop_id=x["w1"], actor=a, now=T),
    "next step": lambda s, a, x: publication.set_next_step(
        s, workshop_id=x["w1"], theme_id=None, text="Konzept im Herbst", actor=a, now=T
    ),
}
MODERATOR_SERVICES: dict[str, Call] = {
    "timer": lambda s, a, x: record_event(s, workshop_id=x["w2"], kind=START, actor=a, now=T),
    "phase": lambda s, a, x: set_phase_override(s, workshop_id=x["w1"], override="closed", actor=a, now=T),
    "hide": lambda s, a, x: moderation.hide(
        s, workshop_id=x["w1"], contribution_id=x["c"], reason="Werbung", actor=a, now=T
    ),
    "pin": lambda s, a, x: moderation.set_pinned(
        s, workshop_id=x["w1"], contribution_id=x["c"], pinned=True, actor=a, now=T
    ),
    "theme": lambda s, a, x: moderation.set_theme(
        s, workshop_id=x["w1"], contribution_id=x["c"], theme_id=x["theme"], actor=a, now=T
    ),
    "create theme": lambda s, a, x: moderation.create_theme(s, workshop_id=x["w1"], name="Geld", actor=a, now=T),
    "groups": lambda s, a, x: participants.set_groups(s, workshop_id=x["w1"], names=["Rot"], actor=a, now=T),
    "dots": lambda s, a, x: participants.set_dots(s, workshop_id=x["w1"], dots=5, actor=a, now=T),
}


def audit_count(session_factory) -> int:
    with session_factory() as s:
        return int(s.scalar(select(func.count()).select_from(AuditEvent)) or 0)


def check(session_factory, world, call: Call, refused: tuple[str, ...], allowed: str, role_word: str) -> None:
    before = audit_count(session_factory)
    for actor in refused:
        with pytest.raises(PermissionDenied, match=f"Nur {role_word}"), session_factory.begin() as s:
            call(s, actor, world)
    assert audit_count(session_factory) == before  # a refusal leaves no row
    with session_factory.begin() as s:
        call(s, allowed, world)
    assert audit_count(session_factory) == before + 1
    with session_factory() as s:
        (last,) = audit_events(s, limit=1)
    assert (last.actor, last.role) == (allowed, {"orga": "organizer", "mod": "moderator"}[allowed])


@pytest.mark.parametrize("name", list(ORGANIZER_SERVICES))
def test_organizer_services_refuse_others_and_audit_once(session_factory, world, name) -> None:
    # "" is a participant (no account), "niemand" an unknown name, "mod" a moderator.
    check(session_factory, world, ORGANIZER_SERVICES[name], ("", "niemand", "mod"), "orga", "die Organisation")


@pytest.mark.parametrize("name", list(MODERATOR_SERVICES))
def test_moderator_services_refuse_participants_and_audit_once(session_factory, world, name) -> None:
    check(session_factory, world, MODERATOR_SERVICES[name], ("", "niemand"), "mod", "Moderation oder Organisation")


def test_unpublish_is_audited_and_the_log_exports_without_personal_data(session_factory, world) -> None:
    with session_factory.begin() as s:
        publication.publish(s, workshop_id=world["w1"], actor="orga", now=T)
    check(
        session_factory,
        world,
        lambda s, a, x: publication.unpublish(s, workshop_id=x["w1"], actor=a, now=T),
        ("", "mod"),
        "orga",
        "die Organisation",
    )
    with session_factory.begin() as s:
        persons.delete_person(s, person_id=world["person"], actor="orga", now=T)
    with session_factory() as s:
        rows = audit_rows(audit_events(s))
    assert rows[0]["Aktion"] == "Person gelöscht" and rows[0]["Objekt"] == f"person {world['person']}"
    assert not any("p0@beispiel.de" in str(v) or "N0" in str(v) for row in rows for v in row.values())
