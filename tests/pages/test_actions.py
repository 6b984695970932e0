"""One action runner for every screen: success only after commit, German refusals, nothing technical."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from werkstatt.text.markdown import escape_md

SCRIPT = """
import streamlit as st
from sqlalchemy import text
from werkstatt.errors import WerkstattError
from werkstatt.ui.actions import run_action, show_outcome

slot = st.empty()

def refuse(session):
    session.execute(text("CREATE TABLE IF NOT EXISTS probe (x INTEGER)"))
    session.execute(text("INSERT INTO probe VALUES (1)"))
    raise WerkstattError("Das geht so nicht: **fett** [Link](https://example.org)")

def succeed(session):
    session.execute(text("CREATE TABLE IF NOT EXISTS probe (x INTEGER)"))
    session.execute(text("INSERT INTO probe VALUES (2)"))
    return 2

if st.button("Ablehnen"):
    run_action("probe", refuse, success="Gespeichert.")
if st.button("Speichern"):
    run_action("probe", succeed, success=lambda n: f"{n} gespeichert.")
show_outcome("probe", slot)
"""


def _app(tmp_path: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("WERKSTATT_DATABASE_URL", f"sqlite:///{tmp_path / 'a.db'}")
    return AppTest.from_string(SCRIPT, default_timeout=30).run()


def test_a_refused_action_shows_its_german_reason_as_text_and_no_success(tmp_path: Path, monkeypatch) -> None:
    at = _app(tmp_path, monkeypatch)
    at.button[0].click().run()
    shown = [e.value for e in at.error]
    assert shown == [escape_md("Das geht so nicht: **fett** [Link](https://example.org)")]
    assert "**fett**" not in shown[0]  # Markdown shows as typed, it is not rendered
    assert not at.success


def test_success_is_shown_once_after_commit(tmp_path: Path, monkeypatch) -> None:
    at = _app(tmp_path, monkeypatch)
    at.button[1].click().run()
    assert [e.value for e in at.success] == [escape_md("2 gespeichert.")]
    at.run()
    assert not at.success  # a flash, not a banner
