"""Auswertung (organizers) and public Ergebnisse through AppTest, on a seeded workshop."""

from __future__ import annotations

import pytest

from db.engine import make_engine, make_sessionmaker
from tests.pages.conftest import all_text, app_as
from tests.seed_data import seed_personal_data, seed_workshop
from werkstatt.results.publication import publish
from werkstatt.series.store import list_workshops


@pytest.fixture
def seeded(app_db: str) -> dict:
    engine = make_engine(app_db)
    factory = make_sessionmaker(engine)
    with factory() as s:
        wid = next(w.id for w in list_workshops(s) if w.number == 2)
    data = seed_workshop(factory, wid)
    engine.dispose()
    return data


def test_moderator_cannot_open_auswertung(seeded) -> None:
    at = app_as("moderator").run()
    at.switch_page("pages/auswertung.py").run()
    assert "Für diese Seite fehlt Ihnen die Berechtigung." in all_text(at)
    assert not at.metric


def test_organizer_sees_conclusion_and_publishes(seeded) -> None:
    at = app_as("organizer").run()
    at.query_params["w"] = str(seeded["wid"])
    at.switch_page("pages/auswertung.py").run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Teilnehmende": "2", "Beiträge": "2", "Punkte vergeben": "2", "Ausgeblendet": "1"}
    text = all_text(at)
    assert "Ergebnisse werden nicht zurückgemeldet" in text
    assert "kaufen" not in text.replace("Werbung", "")  # hidden text is never shown
    # the data behind the charts (altair is an UnknownElement in AppTest)
    frames = [df.value for df in at.dataframe]
    assert any(list(f.columns) == ["Kategorie", "Beiträge"] and f["Beiträge"].tolist() == [1, 1] for f in frames)
    downloads = [d.proto.label for d in at.get("download_button")]
    assert downloads[:2] == ["Bericht (Markdown)", "Bericht als PDF"]  # the PDF next to the Markdown

    at2 = app_as(None).run()
    at2.switch_page("pages/ergebnisse.py").run()
    assert "Noch sind keine Ergebnisse veröffentlicht." in all_text(at2)

    publish = next(b for b in at.button if b.label == "Ergebnisse veröffentlichen")
    publish.click().run()
    assert not at.exception
    assert "Die Ergebnisse sind öffentlich unter „Ergebnisse“." in all_text(at)

    at2.run()
    public = all_text(at2)
    assert "Werkstatt 2: Transparenz in Beteiligungsprozessen" in public
    assert "Ergebnisse werden nicht zurückgemeldet" in public
    assert "im Fazit hervorgehoben \\(Platz 1\\)" in public  # the path is escaped text (it names themes)
    assert "Die Stadt legt im Herbst ein Konzept vor" in public
    assert "Spam" not in public and "Keine Rückmeldung zu Ergebnissen" not in public
    assert "Werbung (1)" in public


def test_public_results_page_names_no_person(app_db: str) -> None:
    engine = make_engine(app_db)
    factory = make_sessionmaker(engine)
    with factory() as s:
        wid = next(w.id for w in list_workshops(s) if w.number == 2)
    data = seed_workshop(factory, wid)
    personal = seed_personal_data(factory, data)
    with factory.begin() as s:
        publish(s, workshop_id=wid, actor="orga", now=data["now"])
    engine.dispose()
    at = app_as(None).run()
    at.switch_page("pages/ergebnisse.py").run()
    assert not at.exception
    public = all_text(at)
    assert "Zu wenig Rückmeldung, Punkt 2" in public  # a named participant's post is shown ...
    for value in personal:
        assert value not in public, value  # ... without the name, and nothing else personal
    assert "@" not in public
