"""Registration in a real browser: two workshops (one full), cancel by link, the waitlist moves up."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from db.models import OutboxMail, Person, Registration, Workshop
from tests.e2e.conftest import ORGANIZER, goto, login, new_page, shoot, wait_idle
from tests.future_dates import shift_workshops_into_future
from werkstatt.registration.applicant import Applicant
from werkstatt.registration.queries import seats
from werkstatt.registration.services import register

pytestmark = pytest.mark.e2e


FIRST = ("Anna", "Bernd", "Cem", "Dana", "Erik", "Fatma", "Gregor", "Heike", "Ilka", "Jonas")
LAST = ("Albers", "Brinkmann", "Çelik", "Dreher", "Engel", "Fischer", "Gruber", "Hoffmann", "Imhoff", "Jansen")
ORGS = (
    ("Stadt Bottrop, Wirtschaftsförderung", "Wirtschaftsförderung"),
    ("Hochschule Ruhr West", "Wissenschaft"),
    ("IHK Nord Westfalen", "Wirtschaft"),
    ("Ratsfraktion", "Politik"),
    ("Kreisverwaltung Recklinghausen", "Verwaltung"),
    ("Innovation City Ruhr", "Zivilgesellschaft"),
)


def _fill_to_capacity(factory, workshop_id: int) -> None:
    """Realistic people (they appear in the screenshots), until the workshop is full."""
    from werkstatt.clock import utc_now

    with factory.begin() as s:
        left = seats(s)[workshop_id].left
        for i in range(left):
            org, group = ORGS[i % len(ORGS)]
            register(
                s,
                applicant=Applicant(
                    FIRST[i % 10],
                    LAST[(i * 3 + i // 10) % 10],
                    f"e2e-voll-{i}@beispiel.de",
                    organisation=org,
                    stakeholder_group=group,
                    privacy_consent=True,
                ),
                workshop_ids=[workshop_id],
                now=utc_now(),
            )


def _poll(check, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.2)


def test_register_two_workshops_cancel_by_link_promotes_the_waitlist(own_server, browser) -> None:
    server = own_server
    # The app reads the wall clock: registering and cancelling need workshops still ahead.
    shift_workshops_into_future(server.database_url)
    factory = server.session_factory()
    with factory() as s:
        w = {x.number: x.id for x in s.scalars(select(Workshop))}
    _fill_to_capacity(factory, w[3])

    # A participant on a phone registers for workshops 1 and 3 (3 is full).
    phone = new_page(browser, "phone")
    goto(phone, server, "/")  # the participant comes from the programme page
    goto(phone, server, "/anmeldung")
    main = phone.locator('[data-testid="stMain"]')
    assert main.get_by_text("ausgebucht – Warteliste").is_visible()
    phone.get_by_label("Vorname *", exact=True).fill("Wanda")
    phone.get_by_label("Nachname *", exact=True).fill("Warteliste")
    phone.get_by_label("E-Mail-Adresse *", exact=True).fill("wanda@beispiel.de")
    phone.get_by_label("Organisation", exact=True).fill("Handwerkskammer Münster")
    phone.locator('[data-testid="stCheckbox"]').filter(has_text="Werkstatt 1:").locator("label").click()
    phone.locator('[data-testid="stCheckbox"]').filter(has_text="Werkstatt 3:").locator("label").click()
    phone.locator('[data-testid="stCheckbox"]').filter(has_text="Datenschutzhinweis gelesen").locator("label").click()
    phone.get_by_label("Vorname *", exact=True).scroll_into_view_if_needed()
    phone.locator(".ws-hero").scroll_into_view_if_needed()
    shoot(phone, "anmeldung-phone", full_page=False)
    phone.get_by_role("button", name="Verbindlich anmelden").click()
    phone.get_by_text("Vielen Dank für Ihre Anmeldung!").wait_for(timeout=20_000)
    wait_idle(phone)
    assert main.get_by_text("Werkstatt 1: bestätigt").is_visible()
    assert main.get_by_text("Werkstatt 3: Warteliste Platz 1").is_visible()
    main.get_by_text("Vielen Dank für Ihre Anmeldung!").scroll_into_view_if_needed()
    shoot(phone, "anmeldung-summary-phone", full_page=False)
    phone.context.close()

    # A confirmed attendee of workshop 3 opens the cancel link from their mail.
    with factory() as s:
        token = s.scalar(
            select(Registration.cancel_token)
            .join(Person)
            .where(Registration.workshop_id == w[3], Person.email == "e2e-voll-0@beispiel.de")
        )
    laptop = new_page(browser, "laptop")
    goto(laptop, server, f"/anmeldung?storno={token}")
    confirm = laptop.get_by_role("button", name="Ja, Anmeldung stornieren")
    assert confirm.is_visible()
    with factory() as s:  # opening the link alone changed nothing
        assert s.scalar(select(Registration.status).where(Registration.cancel_token == token)) == "confirmed"
    shoot(laptop, "anmeldung-storno-laptop", full_page=False)
    confirm.click()
    laptop.get_by_text("ist storniert").wait_for(timeout=20_000)

    def promoted() -> bool:
        with factory() as s:
            status = s.scalar(
                select(Registration.status)
                .join(Person)
                .where(Registration.workshop_id == w[3], Person.email == "wanda@beispiel.de")
            )
            mail = s.scalar(
                select(OutboxMail.subject).where(
                    OutboxMail.to_address == "wanda@beispiel.de", OutboxMail.kind == "promoted"
                )
            )
            return status == "confirmed" and bool(mail)

    assert _poll(promoted), "the first waitlisted person was not confirmed and mailed"

    # The registration page on a laptop, and the organizer's view of the full workshop.
    goto(laptop, server, "/anmeldung")
    shoot(laptop, "anmeldung-laptop", full_page=False)
    laptop.get_by_text("Mit * markierte Angaben sind Pflicht.").scroll_into_view_if_needed()
    shoot(laptop, "anmeldung-werkstaetten-laptop", full_page=False)
    laptop.context.close()
    for viewport in ("laptop", "beamer"):
        orga = new_page(browser, viewport)
        login(orga, server, ORGANIZER)
        goto(orga, server, f"/organisation?w={w[3]}")
        orga_main = orga.locator('[data-testid="stMain"]')
        orga_main.get_by_text("Bestätigt (20)").wait_for(timeout=20_000)
        shoot(orga, f"organisation-{viewport if viewport == 'laptop' else 1920}", full_page=False)
        orga.context.close()
