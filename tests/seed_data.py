"""A small, realistic run of workshop 2 for report, results and page tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db.models import User
from werkstatt.accounts.users import add_user
from werkstatt.results.publication import set_next_step
from werkstatt.series.store import get_workshop
from werkstatt.session.contributions import post, vote
from werkstatt.session.moderation import create_theme, hide, merge, set_theme
from werkstatt.session.participants import join
from werkstatt.session.phase import set_phase_override
from werkstatt.session.timer_log import record_event
from werkstatt.session.timer_model import JUMP, NEXT, START

T0 = datetime(2021, 9, 14, 8, 0, tzinfo=UTC)  # 10:00 Berlin, workshop 2


def seed_workshop(factory: sessionmaker[Session], wid: int, *, actor: str = "seedmod", orga: str = "seedorga") -> dict:
    """Timer run to the group discussion, two participants, four posts, votes, a merge, a hide, a theme."""
    with factory.begin() as s:
        add_user(s, username=actor, role="moderator", password="seed-passwort-1")
        if s.scalar(select(User.id).where(User.username == orga)) is None:
            add_user(s, username=orga, role="organizer", password="seed-passwort-1")
        code = get_workshop(s, workshop_id=wid).join_code
        record_event(s, workshop_id=wid, kind=START, actor=actor, now=T0)
        record_event(s, workshop_id=wid, kind=NEXT, actor=actor, now=T0 + timedelta(minutes=17))
        record_event(s, workshop_id=wid, kind=JUMP, item=5, actor=actor, now=T0 + timedelta(minutes=62))
        set_phase_override(s, workshop_id=wid, override="input", actor=actor, now=T0 + timedelta(minutes=62))
    now = T0 + timedelta(minutes=63)
    ids: dict[str, int] = {}
    with factory.begin() as s:
        anna, ben = join(s, code=code, now=now), join(s, code=code, now=now)
        ids["a"] = post(s, token=anna, category="barrier", text="Ergebnisse werden nicht zurückgemeldet", now=now)
        ids["b"] = post(s, token=ben, category="barrier", text="Keine Rückmeldung zu Ergebnissen", now=now)
        later = now + timedelta(seconds=6)
        ids["c"] = post(s, token=ben, category="success_factor", text='=HYPERLINK("x") Offene Daten', now=later)
        ids["d"] = post(s, token=anna, category="barrier", text="Spam <b>kaufen</b>", now=later)
        vote(s, token=anna, contribution_id=ids["b"], now=now)
        vote(s, token=ben, contribution_id=ids["a"], now=now)
        vote(s, token=ben, contribution_id=ids["b"], now=now)
        merge(s, workshop_id=wid, source_id=ids["b"], target_id=ids["a"], actor=actor, now=now)
        hide(s, workshop_id=wid, contribution_id=ids["d"], reason="Werbung", actor=actor, now=now)
        theme = create_theme(s, workshop_id=wid, name="Rückmeldung", actor=actor, now=now)
        set_theme(s, workshop_id=wid, contribution_id=ids["a"], theme_id=theme, actor=actor, now=now)
        set_next_step(
            s, workshop_id=wid, theme_id=None, text="Die Stadt legt im Herbst ein Konzept vor.", actor=orga, now=now
        )
    return {"wid": wid, "ids": ids, "now": now + timedelta(minutes=30), "code": code, "orga": orga}


# Personal data that must never leave the organizer's lists: names, e-mails, phone numbers, display names.
PEOPLE = [
    ("Annegret", "Beispielfrau", "annegret.beispielfrau@muster-gmbh.de", "Muster GmbH, Tel. 02041 555-0123"),
    ("Kasimir", "Kontaktmann", "k.kontaktmann@stadtwerke-bsp.de", "Stadtwerke, Mobil 0171 9876543"),
]
DISPLAY_NAMES = ["Hildegard Hinweisgeberin", "Tel. 0160 1234567"]


def seed_personal_data(factory: sessionmaker[Session], seeded: dict) -> list[str]:
    """Registrations with names, phone numbers and e-mails, and two participants who give a display name and post.

    Returns every personal string that no public page, report or export may contain.
    """
    from werkstatt.registration.applicant import Applicant
    from werkstatt.registration.services import register
    from werkstatt.session.participants import set_display_name

    wid, now = seeded["wid"], seeded["now"] - timedelta(minutes=29)
    with factory.begin() as s:
        for first, last, email, organisation in PEOPLE:
            applicant = Applicant(
                first_name=first, last_name=last, email=email, organisation=organisation,
                stakeholder_group="Wirtschaft", privacy_consent=True,
            )  # fmt: skip
            register(s, applicant=applicant, workshop_ids=[wid], now=now, source="organizer", actor=seeded["orga"])
        for i, name in enumerate(DISPLAY_NAMES):
            token = join(s, code=seeded["code"], now=now)
            set_display_name(s, token=token, name=name)
            post(s, token=token, category="barrier", text=f"Zu wenig Rückmeldung, Punkt {i + 1}", now=now)
    personal = [name for name in DISPLAY_NAMES]
    for first, last, email, organisation in PEOPLE:
        personal += [first, last, email, organisation, organisation.split(", ")[1]]
    return personal
