"""The moderator's Beiträge tab and the shared-screen wall in AppTest."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from db.engine import make_engine, make_sessionmaker
from db.models.participation import Contribution, Group, ModerationEvent, Theme
from tests.pages.conftest import all_text, app_as
from werkstatt.clock import utc_now
from werkstatt.series.store import list_workshops
from werkstatt.session import contributions as c
from werkstatt.session.participants import join
from werkstatt.session.phase import set_phase_override
from werkstatt.session.stage import set_screen_view
from werkstatt.text.markdown import escape_md


@pytest.fixture
def posted(app_db: str):
    """Werkstatt 1 with three visible contributions (the first has one dot)."""
    engine = make_engine(app_db)
    sf = make_sessionmaker(engine)
    with sf.begin() as s:
        w = list_workshops(s)[0]
        set_phase_override(s, workshop_id=w.id, override="input", actor="mod", now=utc_now())
        ids = [
            c.post(s, token=join(s, code=w.join_code, now=utc_now()), category="challenge",
                   text=text, now=utc_now())
            for text in ("Zeitmangel", "Keine Zeit", "Werbung <i>hier</i>")
        ]  # fmt: skip
        c.vote(s, token=join(s, code=w.join_code, now=utc_now()), contribution_id=ids[0], now=utc_now())
    yield sf, ids
    engine.dispose()


def moderation():
    at = app_as("moderator")
    at.run()
    return at.switch_page("pages/moderation.py").run()


def open_popover(at, kind: str, contribution_id: int):
    """Open a card's popover ("hide", "merge", "theme"): its widgets are drawn only while it is open."""
    at.session_state[f"pop-{kind}-{contribution_id}"] = True
    return at.run()


def cards(at) -> list[int]:
    """The contribution numbers of the visible cards on the board, top to bottom (their pin button)."""
    return [int(b.key.removeprefix("pin-")) for b in at.button if b.key and b.key.startswith("pin-")]


def post_many(sf, n: int) -> list[int]:
    """n more visible contributions in Werkstatt 1 from one participant, 6 s apart (the post limit is 5 s)."""
    with sf.begin() as s:
        w = list_workshops(s)[0]
        start = utc_now()
        token = join(s, code=w.join_code, now=start)
        return [
            c.post(s, token=token, category="challenge", text=f"Beitrag {k}", now=start + timedelta(seconds=6 * k))
            for k in range(n)
        ]


def test_hide_needs_a_reason_then_counts_on_the_wall(posted) -> None:
    sf, ids = posted
    at = moderation()
    at = open_popover(at, "hide", ids[2])
    at = at.button(key=f"hide-{ids[2]}").click().run()
    assert escape_md("Bitte füllen Sie das Feld »Grund« aus.") in all_text(at)  # shown as text
    at.text_input(key=f"reason-{ids[2]}").set_value("Werbung")
    at = at.button(key=f"hide-{ids[2]}").click().run()
    assert "ausgeblendet\\: Werbung" in all_text(at)  # escaped Markdown
    with sf() as s:
        assert s.get(Contribution, ids[2]).status == "hidden"
    at = at.switch_page("pages/beamer.py").run()
    text = all_text(at)
    assert "Zeitmangel" in text and "Werbung \\<i\\>" not in text and "Werbung <i>" not in text
    at = at.switch_page("pages/moderation.py").run()
    at = at.button(key=f"unhide-{ids[2]}").click().run()
    with sf() as s:
        assert s.get(Contribution, ids[2]).status == "visible"
    at = at.run()
    log = next(df.value for df in at.dataframe if "Schritt" in df.value.columns)
    assert log[["Beitrag", "Schritt", "Angabe", "Wer"]].values.tolist() == [
        [f"#{ids[2]}", "wieder eingeblendet", "Werbung", "mod"],
        [f"#{ids[2]}", "ausgeblendet", "Werbung", "mod"],
    ]


def test_merge_pin_and_theme(posted) -> None:
    sf, ids = posted
    at = moderation()
    at = open_popover(at, "merge", ids[1])
    at.selectbox(key=f"target-{ids[1]}").set_value(ids[0])
    at = at.button(key=f"merge-{ids[1]}").click().run()
    assert f"zusammengeführt mit \\#{ids[0]}" in all_text(at)
    at = at.button(key=f"pin-{ids[0]}").click().run()
    (theme_name,) = [t for t in at.text_input if t.label == "Neues Thema"]
    theme_name.input("Zeit und Ressourcen")
    at = next(b for b in at.button if b.label == "Thema anlegen").click().run()
    with sf() as s:
        theme_id = s.scalar(select(Theme.id).where(Theme.name == "Zeit und Ressourcen"))
    assert theme_id is not None
    at = open_popover(at, "theme", ids[0])
    at.selectbox(key=f"theme-{ids[0]}").set_value(theme_id)
    at = at.button(key=f"settheme-{ids[0]}").click().run()
    assert not at.exception
    assert "Thema: Zeit und Ressourcen" in all_text(at)
    with sf() as s:
        merged = s.get(Contribution, ids[1])
        assert (merged.status, merged.merged_into_id) == ("merged", ids[0])
        target = s.get(Contribution, ids[0])
        assert target.pinned and target.theme_id == theme_id


def test_groups_and_dots_are_set_up_from_the_panel(posted) -> None:
    sf, _ = posted
    at = moderation()
    (groups,) = [n for n in at.number_input if n.label == "Anzahl nummerierter Gruppen"]
    groups.set_value(3)
    at = next(b for b in at.button if b.label == "Gruppen speichern").click().run()
    (dots,) = [n for n in at.number_input if n.label == "Punkte pro Person"]
    dots.set_value(5)
    at = next(b for b in at.button if b.label == "Punkte speichern").click().run()
    assert "5 Punkte pro Person" in all_text(at)
    with sf() as s:
        assert list(s.scalars(select(Group.name).order_by(Group.position))) == ["Gruppe 1", "Gruppe 2", "Gruppe 3"]


def test_the_board_shows_the_newest_30_then_30_more_and_keeps_the_filter(posted) -> None:
    sf, ids = posted
    newest_first = sorted([*ids, *post_many(sf, 40)], reverse=True)  # 43 visible
    with sf() as s:
        wid = list_workshops(s)[0].id
    at = moderation()
    assert cards(at) == newest_first[:30]
    # A redraw stays cheap: no value widget per card while its popovers are closed.
    per_card = ("reason-", "target-", "theme-")
    assert [w.key for w in [*at.text_input, *at.selectbox] if w.key and w.key.startswith(per_card)] == []
    at.segmented_control(key=f"pp_filter_{wid}").set_value("Sichtbar").run()
    assert cards(at) == newest_first[:30]
    more = at.button(key=f"pp_more_{wid}")
    assert more.label == "Weitere 13 von 13 anzeigen"
    at = more.click().run()
    assert cards(at) == newest_first
    assert at.segmented_control(key=f"pp_filter_{wid}").value == "Sichtbar"
    assert not [b for b in at.button if b.key == f"pp_more_{wid}"]


def test_the_card_acted_on_stays_when_newer_posts_push_it_off_the_page(posted) -> None:
    sf, _ = posted
    post_many(sf, 27)  # 30 cards: exactly one page
    at = moderation()
    last = cards(at)[-1]
    at = at.button(key=f"pin-{last}").click().run()
    assert at.button(key=f"pin-{last}").label == "Lösen"  # the same button: the focus stays on it
    post_many(sf, 5)
    at = at.run()  # the live part's redraw
    shown = cards(at)
    assert len(shown) == 31 and shown[-1] == last
    assert at.button(key=f"pin-{last}").label == "Lösen"


def test_a_second_tabs_stale_click_changes_nothing(posted) -> None:
    sf, ids = posted
    first, second = moderation(), moderation()
    first = first.button(key=f"pin-{ids[0]}").click().run()
    second = second.button(key=f"pin-{ids[0]}").click().run()  # drawn before the pin: refused, not toggled
    assert "Inzwischen" in all_text(second)
    with sf() as s:
        assert s.get(Contribution, ids[0]).pinned
        kinds = list(s.scalars(select(ModerationEvent.action).where(ModerationEvent.contribution_id == ids[0])))
    assert kinds == ["pin"]


def test_empty_states_on_the_shared_screen_are_in_its_text_size(app_db) -> None:
    engine = make_engine(app_db)
    with make_sessionmaker(engine).begin() as s:
        w = list_workshops(s)[0]
        set_screen_view(s, workshop_id=w.id, view="room", actor="mod", now=utc_now())
    engine.dispose()
    at = moderation().switch_page("pages/beamer.py").run()
    assert not at.exception
    empties = [str(el.proto.body) for el in at.get("html") if "beamer-empty" in str(el.proto.body)]
    assert any("Noch niemand eingecheckt." in html for html in empties)
    assert all("font-size:clamp(1.3rem" in html for html in empties)
