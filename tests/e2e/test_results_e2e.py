"""An organizer publishes a workshop's results; the public page shows each contribution's path."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import sessionmaker

from tests.e2e.conftest import ORGANIZER, app_server, goto, login, new_page, shoot
from tests.seed_data import seed_workshop
from werkstatt.series.store import list_workshops

pytestmark = pytest.mark.e2e


@pytest.fixture
def seeded_server(tmp_path):
    seeded: list[int] = []

    def seed(factory: sessionmaker, _url: str) -> None:
        with factory() as s:
            seeded.append(next(w.id for w in list_workshops(s) if w.number == 2))
        seed_workshop(factory, seeded[0])

    with app_server(tmp_path, "results", seed=seed) as server:
        yield server, seeded[0]


def test_publish_and_read_results(browser, seeded_server) -> None:
    server, wid = seeded_server
    orga = new_page(browser, "laptop")
    login(orga, server, ORGANIZER)
    goto(orga, server, f"/auswertung?w={wid}")
    orga.get_by_text("Meiste Punkte").first.wait_for(timeout=15_000)
    shoot(orga, "auswertung-laptop", full_page=False)
    orga.get_by_role("tab", name="Veröffentlichen").click()
    orga.get_by_role("button", name="Ergebnisse veröffentlichen").click()
    orga.get_by_text("Die Ergebnisse sind öffentlich").wait_for(timeout=15_000)

    public = new_page(browser, "phone")
    goto(public, server, "/ergebnisse")
    main = public.locator('[data-testid="stMain"]')
    main.get_by_text("Ergebnisse werden nicht zurückgemeldet").wait_for(timeout=15_000)
    assert main.get_by_text("im Fazit hervorgehoben (Platz 1)", exact=False).first.is_visible()
    assert main.get_by_text("Die Stadt legt im Herbst ein Konzept vor", exact=False).first.is_visible()
    assert main.get_by_text("Spam", exact=False).count() == 0  # hidden: only counted, with its reason
    assert main.get_by_text("Werbung (1)", exact=False).count() == 1
    shoot(public, "ergebnisse-phone", full_page=False)
    orga.context.close()
    public.context.close()
