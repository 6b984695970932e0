"""Guiding questions, themes and groups, and the Ausblick on the public page (its own series).

The moderator opens the second guiding question on the phones, shows the wall by
theme and one group's contributions on the shared screen; the published results
say what happens next and keep the questions to the speakers with their status.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.e2e.conftest import MODERATOR, goto, login, new_page, shoot, wait_idle
from werkstatt.clock import utc_now
from werkstatt.results.outlook import add_step
from werkstatt.results.publication import publish
from werkstatt.series.file import parse_series
from werkstatt.series.store import store_series
from werkstatt.session import contributions, moderation, participants, questions, stage
from werkstatt.session.phase import set_phase_override
from werkstatt.session.timer_log import record_event

pytestmark = pytest.mark.e2e

PROMPTS = ["Was hat Ihre Stadt schon ausprobiert?", "Was würden Sie als Nächstes wagen?"]
POSTS = [  # (group, theme, text)
    ("Gruppe 1", "Beteiligung", "Unternehmensfrühstück jeden Monat"),
    ("Gruppe 1", "Beteiligung", "Online-Umfrage unter Betrieben"),
    ("Gruppe 2", "Transparenz", "Ergebnisse öffentlich zurückmelden"),
    ("Gruppe 2", "Transparenz", "Protokolle für alle im Netz"),
]


def _prepare(server) -> tuple[int, str]:
    raw = {
        "series": {"slug": "e2e-gruppen", "title": "Testreihe Gruppen", "organizers": ["Stadt Teststadt"]},
        "workshops": [{
            "number": 1, "title": "Themen und Gruppen", "date": date.today() - timedelta(days=1),
            "start": "10:00", "end": "12:00", "capacity": 20,
            "agenda": [{"start": "10:00", "kind": "research", "title": "Forschung: Was wir gelernt haben"},
                       {"start": "10:30", "kind": "group_discussion", "title": "Gruppendiskussion"}],
            "discussion": {"prompt": "Gruppendiskussion", "prompts": PROMPTS,
                           "categories": [{"key": "idea", "label": "Idee"}]},
        }],
    }  # fmt: skip
    now, actor = utc_now(), MODERATOR[0]
    with server.session_factory().begin() as s:
        w = store_series(s, spec=parse_series(raw))[0].workshops[0]
        wid, code = w.id, w.join_code
        record_event(s, workshop_id=wid, kind="start", actor=actor, now=now)
        asker = participants.join(s, code=code, now=now)
        qid = questions.ask(s, token=asker, text="Gibt es die Studie als PDF?", named=False, now=now)
        questions.set_status(s, workshop_id=wid, question_id=qid, status="answered", actor=actor, now=now)
        groups = {
            g.name: g.id
            for g in participants.set_groups(s, workshop_id=wid, names=["Gruppe 1", "Gruppe 2"], actor=actor, now=now)
        }
        themes = {
            n: moderation.create_theme(s, workshop_id=wid, name=n, actor=actor, now=now)
            for n in ("Beteiligung", "Transparenz")
        }
        set_phase_override(s, workshop_id=wid, override="input", actor=actor, now=now)
        for n, (group, theme, text) in enumerate(POSTS):
            token = participants.join(s, code=code, now=now)
            participants.set_group(s, token=token, group_id=groups[group])
            cid = contributions.post(s, token=token, category="idea", text=text, now=now)
            moderation.set_theme(s, workshop_id=wid, contribution_id=cid, theme_id=themes[theme], actor=actor, now=now)
            if n == 2:
                contributions.vote(s, token=asker, contribution_id=cid, now=now)
        add_step(s, workshop_id=wid, what="Protokoll an alle senden", who="Wirtschaftsförderung",
                 due=date.today() + timedelta(days=14), actor=actor, now=now)  # fmt: skip
        stage.set_screen_view(s, workshop_id=wid, view="themes", actor=actor, now=now)
        return wid, code


def test_guiding_question_themes_groups_and_the_outlook_on_the_public_page(server, browser) -> None:
    wid, code = _prepare(server)
    phone = new_page(browser, "phone")
    goto(phone, server, f"/mitmachen?code={code}")
    phone.get_by_role("button", name="Mitmachen").click()
    phone.get_by_text(f"Leitfrage: {PROMPTS[0]}").wait_for(timeout=20_000)

    mod = new_page(browser, "laptop")
    login(mod, server, MODERATOR)
    goto(mod, server, f"/moderation?w={wid}")
    mod.wait_for_timeout(1000)
    wait_idle(mod)
    mod.get_by_role("tab", name="Aktivitäten").last.click()
    mod.get_by_text(PROMPTS[1], exact=False).first.click()
    mod.get_by_role("button", name="Diese Leitfrage öffnen").click()
    mod.get_by_text("Leitfrage geöffnet").wait_for(timeout=10_000)
    phone.reload()
    phone.get_by_text(f"Leitfrage: {PROMPTS[1]}").wait_for(timeout=20_000)
    wait_idle(phone)
    shoot(phone, "aktiv-leitfrage-phone")

    beamer = new_page(browser, "beamer")
    login(beamer, server, MODERATOR)
    goto(beamer, server, f"/beamer?w={wid}")
    heads = beamer.get_by_test_id("theme-head")
    heads.first.wait_for(timeout=15_000)
    assert heads.first.inner_text().startswith("Transparenz · 2 Beiträge · ● 1")  # most dots first
    shoot(beamer, "aktiv-themen-1920", full_page=False)
    with server.session_factory().begin() as s:
        group_id = participants.list_groups(s, workshop_id=wid)[1].id
        stage.set_screen_view(s, workshop_id=wid, view="group", group_id=group_id, actor=MODERATOR[0], now=utc_now())
    beamer.get_by_text("Bericht aus Gruppe 2").wait_for(timeout=15_000)
    main = beamer.locator('[data-testid="stMain"]')
    assert "Protokolle für alle im Netz" in main.inner_text() and "Unternehmensfrühstück" not in main.inner_text()
    shoot(beamer, "aktiv-gruppe-1920", full_page=False)
    with server.session_factory().begin() as s:
        stage.set_screen_view(s, workshop_id=wid, view="fazit", actor=MODERATOR[0], now=utc_now())
    band = beamer.get_by_test_id("fazit-band")
    band.wait_for(timeout=15_000)  # the Fazit per guiding question and per theme
    assert f"{PROMPTS[0]} (4)" in band.inner_text() and "Transparenz (2 Beiträge, ● 1)" in band.inner_text()

    with server.session_factory().begin() as s:
        publish(s, workshop_id=wid, actor="orga", now=utc_now())
    reader = new_page(browser, "phone")
    goto(reader, server, "/ergebnisse")
    outlook = reader.locator(f".st-key-outlook-{wid}")
    outlook.wait_for(timeout=15_000)
    assert "Protokoll an alle senden – Wirtschaftsförderung (bis" in outlook.inner_text()
    reader.get_by_text("Fragen an die Referierenden (1)").click()
    reader.get_by_text("Gibt es die Studie als PDF?").wait_for(timeout=10_000)
    assert "beantwortet" in reader.locator('[data-testid="stExpander"]').last.inner_text()
    outlook.scroll_into_view_if_needed()
    shoot(reader, "aktiv-ausblick-phone", full_page=False)
    for page in (phone, mod, beamer, reader):
        page.context.close()
