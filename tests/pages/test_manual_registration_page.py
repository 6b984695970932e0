"""/organisation, "Person von Hand anmelden": a refusal keeps what the organizer typed; success empties the form."""

from __future__ import annotations

from sqlalchemy import select

from db.engine import make_engine, make_sessionmaker
from db.models import Person, Registration
from tests.future_dates import shift_workshops_into_future
from tests.pages.conftest import all_text, app_as


def _register_button(at):
    return next(b for b in at.button if b.label == "Anmelden")


def test_a_refused_manual_registration_keeps_the_typed_fields_and_a_corrected_one_is_stored(app_db) -> None:
    shift_workshops_into_future(app_db)  # registration is open only for workshops still ahead
    at = app_as("organizer")
    at.query_params["w"] = "1"
    at.run()
    at.switch_page("pages/organisation.py").run()
    assert not at.exception, at.exception

    at.text_input(key="orga_first").input("Greta")
    at.text_input(key="orga_last").input("Grün")
    at.text_input(key="orga_email").input("greta(at)beispiel")  # not an address
    at.text_input(key="orga_org").input("Stadt Gladbeck")
    _register_button(at).click().run()
    assert not at.exception, at.exception
    assert "E-Mail" in all_text(at)  # the German refusal names the field
    assert at.text_input(key="orga_first").value == "Greta"  # nothing typed is lost
    assert at.text_input(key="orga_org").value == "Stadt Gladbeck"
    assert at.text_input(key="orga_email").value == "greta(at)beispiel"

    at.text_input(key="orga_email").input("greta@beispiel.de")
    _register_button(at).click().run()
    assert not at.exception, at.exception
    assert any("bestätigt" in s.value for s in at.success), [s.value for s in at.success]
    assert at.text_input(key="orga_first").value == ""  # ready for the next person
    assert at.text_input(key="orga_email").value == ""

    engine = make_engine(app_db)
    with make_sessionmaker(engine)() as s:
        stored = s.scalars(select(Person).where(Person.email == "greta@beispiel.de")).all()
        assert [p.organisation for p in stored] == ["Stadt Gladbeck"]
        assert s.scalar(select(Registration.status).where(Registration.person_id == stored[0].id)) == "confirmed"
    engine.dispose()
