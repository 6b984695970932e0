"""The phones' list as data: the shared page, a phone's own part, and the route that serves the page.

Real parts: the services on both databases, and the route as the ASGI app serve.py mounts, called
in-process with the requests a browser sends (no HTTP client library is installed here).
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from db.models import User
from werkstatt.accounts.secrets import secret_key, session_url
from werkstatt.live.board_route import BoardFeed, board_route
from werkstatt.live.hub import Hub
from werkstatt.live.topics import mark_of
from werkstatt.series.store import get_workshop
from werkstatt.session import contributions as c
from werkstatt.session import participants as p
from werkstatt.session.board_feed import board_ticket, own_part, page_limit, shared_page, ticket_for
from werkstatt.session.moderation import hide, merge
from werkstatt.session.phase import set_phase_override
from werkstatt.settings import current

NOW = datetime(2021, 6, 30, 9, 5, tzinfo=UTC)
RAW = "<script>alert('x')</script> **fett** 🎉"


@pytest.fixture
def room(session_factory: sessionmaker[Session], bottrop: dict[int, int]) -> dict[str, Any]:
    """Two phones; Anna posts RAW and an advert (hidden by the moderator), Ben posts and dots Anna's post."""
    wid = bottrop[1]
    with session_factory.begin() as s:
        s.add(User(username="mod", name="Moritz", password_hash="-", role="moderator"))
        s.flush()
        set_phase_override(s, workshop_id=wid, override="input", actor="mod", now=NOW)
        code = get_workshop(s, workshop_id=wid).join_code
        anna, ben = p.join(s, code=code, now=NOW), p.join(s, code=code, now=NOW)
        first = c.post(s, token=anna, category="challenge", text=RAW, now=NOW)
        advert = c.post(s, token=anna, category="challenge", text="Kauft Uhren", now=NOW + timedelta(minutes=1))
        third = c.post(s, token=ben, category="challenge", text="Ergebnisse zurückmelden", now=NOW)
        c.vote(s, token=ben, contribution_id=first, now=NOW)
        hide(s, workshop_id=wid, contribution_id=advert, reason="Werbung", actor="mod", now=NOW)
    return {"sf": session_factory, "wid": wid, "anna": anna, "ben": ben, "ids": (first, advert, third)}


def _page(room: dict[str, Any], limit: int = 30) -> dict[str, Any]:
    with room["sf"]() as s:
        return shared_page(
            s, workshop_id=room["wid"], revision=mark_of(s, workshop_id=room["wid"]).revision, limit=limit
        )


def test_the_shared_page_shows_visible_posts_newest_first_as_plain_text(room: dict[str, Any]) -> None:
    first, advert, third = room["ids"]
    page = _page(room)
    assert [i["id"] for i in page["items"]] == [third, first]  # the hidden advert is not on anyone's list
    assert page["count"] == 2
    by_id = {i["id"]: i for i in page["items"]}
    assert by_id[first]["text"] == RAW  # as typed: the browser sets it as text
    assert by_id[first]["votes"] == 1 and by_id[third]["votes"] == 0
    assert by_id[first]["meta"].startswith(f"#{first} · ")
    assert page["votes"] == {str(first): 1, str(third): 0}
    # What happened to the advert, in words, without its text: its author's list says it.
    assert page["gone"] == {str(advert): "ausgeblendet: Werbung"}
    assert "Kauft Uhren" not in json.dumps(page)
    assert page["merged"] == []


def test_the_page_size_is_the_phones_but_bounded(room: dict[str, Any]) -> None:
    assert [i["id"] for i in _page(room, limit=1)["items"]] == [room["ids"][2]]
    assert page_limit("60") == 60
    assert page_limit("45") == 30  # whole pages only
    assert page_limit("999999") == 600  # a phone cannot ask for the whole database at once
    assert page_limit("-30") == page_limit("abc") == page_limit(None) == 30


def test_a_phones_own_part_has_its_dots_and_its_posts_with_what_happened(room: dict[str, Any]) -> None:
    first, advert, third = room["ids"]
    with room["sf"]() as s:
        anna, ben = own_part(s, token=room["anna"]), own_part(s, token=room["ben"])
    assert ben["my_votes"] == [first] and [d["id"] for d in ben["dotted"]] == [first]
    assert ben["total"] == 3
    assert [m["id"] for m in ben["mine"]] == [third]
    assert anna["my_votes"] == [] and anna["dotted"] == []
    assert [(m["id"], m["trace"]) for m in anna["mine"]] == [(advert, "ausgeblendet: Werbung"), (first, "")]
    assert anna["mine"][1]["text"] == RAW


def test_a_merge_moves_a_dot_and_the_page_says_which_card_was_merged(room: dict[str, Any]) -> None:
    first, _, third = room["ids"]
    with room["sf"].begin() as s:
        merge(s, workshop_id=room["wid"], source_id=first, target_id=third, actor="mod", now=NOW)
    page = _page(room)
    assert page["merged"] == [first] and page["gone"][str(first)] == f"zusammengeführt mit #{third}"
    assert page["votes"] == {str(third): 1}
    with room["sf"]() as s:
        assert own_part(s, token=room["ben"])["my_votes"] == [third]  # what the phone reads again


def test_the_pages_ticket_is_the_servers_keyed_hash(room: dict[str, Any]) -> None:
    with room["sf"]() as s:
        ticket = ticket_for(s, workshop_id=room["wid"])
        key = secret_key(session_url(s), current())
    assert ticket == board_ticket(key, room["wid"])
    assert ticket != board_ticket(key, room["wid"] + 1)  # one workshop's ticket opens no other


async def _get(app: Any, path: str, query: str) -> tuple[int, bytes]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    route = board_route(app)
    scope = {"type": "http", "method": "GET", "path": path, "query_string": query.encode(), "headers": []}
    _, child = route.matches(scope)
    await route.handle({**scope, **child}, receive, send)
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


def test_the_route_serves_one_read_to_many_phones_and_refuses_without_a_ticket(
    room: dict[str, Any], engine: Engine
) -> None:
    wid = room["wid"]
    with room["sf"]() as s:
        key = secret_key(session_url(s), current())
        revision = mark_of(s, workshop_id=wid).revision
    feed = BoardFeed(engine, lambda: key, Hub())
    ticket = board_ticket(key, wid)

    async def main() -> None:
        status, body = await _get(feed, f"/live/{wid}/board", f"k=wrong&r={revision}")
        assert (status, body.decode()) == (404, "Unbekannte Werkstatt.")
        status, _ = await _get(feed, "/live/0/board", f"k={ticket}")
        assert status == 404
        # 40 phones ask for the same revision at once: one database read serves them all.
        answers = await asyncio.gather(
            *(_get(feed, f"/live/{wid}/board", f"k={ticket}&r={revision}") for _ in range(40))
        )
        assert {status for status, _ in answers} == {200}
        assert len({body for _, body in answers}) == 1
        assert feed.reads == 1
        page = json.loads(answers[0][1])
        assert page["r"] == revision and page["count"] == 2
        # A post makes a newer revision; a phone that heard of it gets the new page.
        await asyncio.to_thread(_post_again, room)
        with room["sf"]() as s:
            newer = mark_of(s, workshop_id=wid).revision
        status, body = await _get(feed, f"/live/{wid}/board", f"k={ticket}&r={newer}")
        assert status == 200 and json.loads(body)["count"] == 3 and feed.reads == 2
        # A bigger page is another page, read once.
        status, body = await _get(feed, f"/live/{wid}/board", f"k={ticket}&r={newer}&limit=60")
        assert json.loads(body)["limit"] == 60 and feed.reads == 3

    asyncio.run(main())


def _post_again(room: dict[str, Any]) -> None:
    with room["sf"].begin() as s:
        c.post(s, token=room["ben"], category="challenge", text="Noch eine Idee", now=NOW + timedelta(minutes=5))
