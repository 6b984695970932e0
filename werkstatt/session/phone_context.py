"""What the Mitmachen page needs of its workshop, as plain values.

The page keeps the last good read in the browser session (for a database outage) and hands
the workshop to its post form fragment: plain tuples cost a phone's session a few hundred
bytes where the ORM `Workshop` with its categories cost ~16 KB (docs/performance.md, memory).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from werkstatt.series.store import get_workshop
from werkstatt.session.participants import list_groups


@dataclass(frozen=True)
class CategoryChoice:
    key: str
    label: str
    hint: str


@dataclass(frozen=True)
class PhoneWorkshop:
    id: int
    number: int
    title: str
    join_code: str
    discussion_prompt: str
    facet_label: str
    facet_options: tuple[str, ...]
    categories: tuple[CategoryChoice, ...]
    groups: tuple[tuple[int, str], ...]


def phone_workshop(session: Session, *, workshop_id: int) -> PhoneWorkshop:
    w = get_workshop(session, workshop_id=workshop_id)
    return PhoneWorkshop(
        id=w.id,
        number=w.number,
        title=w.title,
        join_code=w.join_code,
        discussion_prompt=w.discussion_prompt or "",
        facet_label=w.facet_label or "",
        facet_options=tuple(w.facet_options or ()),
        categories=tuple(CategoryChoice(c.key, c.label, c.hint or "") for c in w.categories),
        groups=tuple((g.id, g.name) for g in list_groups(session, workshop_id=w.id)),
    )
