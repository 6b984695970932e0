"""The phones' contribution list as data: one shared page per workshop and revision, plus each phone's own part.

A phone draws its list in the browser (werkstatt/live/live_client.js) from two pieces:
- the shared page (`shared_page`), the same for every phone of a workshop: read once per revision and
  served to all of them by `GET /live/<id>/board` (werkstatt/live/board_route.py), so a post costs one
  database read instead of one script run per phone (docs/performance.md, "Round 9");
- the phone's own part (`own_part`): its dots and its own contributions, sent with the script run
  that the person's own action causes anyway.

Texts go out as plain strings; the browser sets them as text, never as markup.
"""

from __future__ import annotations

import hmac
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models.participation import MERGED, VISIBLE, Contribution, Vote
from werkstatt.accounts.secrets import hash_with_key, keyed_hash
from werkstatt.clock import fmt_time
from werkstatt.results.tallies import vote_counts
from werkstatt.series.store import get_workshop
from werkstatt.session.participants import participant_by_token
from werkstatt.session.views import Item, load_items, trace_of

PAGE = 30  # cards per "Weitere … anzeigen"
MAX_LIMIT = 600  # the most a phone may ask for in one page: 20 presses of "Weitere … anzeigen"
TICKET_PURPOSE = "board-feed"
TICKET_CHARS = 32


def meta_line(item: Item, *, with_author: bool = True) -> str:
    """'#12 · Herausforderung · Reallabor · Gruppe 2 · Anna · 11:04 Uhr' (plain text)."""
    parts = [f"#{item.id}", item.category_label, item.facet, item.stakeholder, item.group_name]
    if with_author:
        parts.append(item.author)
    parts.append(f"{fmt_time(item.created_at)} Uhr")
    return " · ".join(p for p in parts if p)


def board_ticket(key: bytes, workshop_id: int) -> str:
    """What lets a phone of this workshop read its shared page: a keyed hash, checked without the database."""
    return hash_with_key(key, str(workshop_id), purpose=TICKET_PURPOSE)[:TICKET_CHARS]


def ticket_ok(key: bytes, workshop_id: int, ticket: str) -> bool:
    return hmac.compare_digest(board_ticket(key, workshop_id), ticket)


def page_limit(asked: str | None) -> int:
    """A phone's page size from the query: a multiple of PAGE, at most MAX_LIMIT; anything else is PAGE."""
    n = int(asked) if asked and asked.isdigit() else PAGE
    return min(MAX_LIMIT, max(PAGE, n - n % PAGE))


def _card(item: Item) -> dict[str, Any]:
    return {"id": item.id, "meta": meta_line(item), "text": item.text, "votes": item.votes}


def shared_page(session: Session, *, workshop_id: int, revision: int, limit: int = PAGE) -> dict[str, Any]:
    """What every phone of the workshop shows, under `revision` (read in the same transaction before).

    `items`: the newest `limit` visible contributions; `votes`: dots of every visible one (a card a
    phone keeps because it carries its dot may lie beyond the page); `gone`: what happened to the
    others, in words (an author's own list says it; no text of theirs is sent).
    """
    c = Contribution
    visible = list(
        session.scalars(select(c.id).where(c.workshop_id == workshop_id, c.status == VISIBLE).order_by(c.id.desc()))
    )
    items = load_items(session, workshop_id, ids=visible[:limit]) if visible else []
    counts = vote_counts(session, workshop_id=workshop_id)
    gone_rows = session.execute(
        select(c.id, c.status, c.hidden_reason, c.merged_into_id).where(
            c.workshop_id == workshop_id, c.status != VISIBLE
        )
    )
    gone, merged = {}, []
    for r in gone_rows:
        gone[str(r.id)] = trace_of(r.status, r.hidden_reason, r.merged_into_id)
        if r.status == MERGED:
            merged.append(r.id)
    return {
        "r": revision,
        "limit": limit,
        "count": len(visible),
        "items": [_card(i) for i in items],
        "votes": {str(i): counts.get(i, 0) for i in reversed(visible)},
        "gone": gone,
        # A merge moves its dots to the other card: a phone with a dot here must read its own part again.
        "merged": merged,
    }


def own_part(session: Session, *, token: str) -> dict[str, Any]:
    """This phone's dots and own contributions; the browser combines them with the shared page."""
    participant = participant_by_token(session, token=token)
    workshop = get_workshop(session, workshop_id=participant.workshop_id)
    my_votes = sorted(session.scalars(select(Vote.contribution_id).where(Vote.participant_id == participant.id)))
    my_ids = list(session.scalars(select(Contribution.id).where(Contribution.participant_id == participant.id)))
    known = (
        {i.id: i for i in load_items(session, workshop.id, ids=set(my_votes).union(my_ids))}
        if my_votes or my_ids
        else {}
    )
    return {
        "total": workshop.dots_per_participant,
        "my_votes": my_votes,
        # Cards carrying my dot stay on my list even beyond the shared page (so a dot can be taken back).
        "dotted": [
            _card(known[i]) for i in sorted(my_votes, reverse=True) if i in known and known[i].status == VISIBLE
        ],
        "mine": [
            {"id": i.id, "meta": meta_line(i, with_author=False), "text": i.text, "trace": i.trace}
            for i in sorted((known[i] for i in my_ids if i in known), key=lambda i: i.id, reverse=True)
        ],
    }


def ticket_for(session: Session, *, workshop_id: int) -> str:
    """The ticket a phone's page hands to its browser (the same as `board_ticket` under the server key)."""
    return keyed_hash(session, str(workshop_id), purpose=TICKET_PURPOSE)[:TICKET_CHARS]
