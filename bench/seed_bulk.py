"""Fill a workshop with N contributions and votes fast (Core bulk inserts), for benchmarks."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from db.models import Category
from db.models.participation import HIDDEN, MERGED, VISIBLE, Contribution, Group, Participant, Vote

START = datetime(2021, 9, 14, 9, 0, tzinfo=UTC)  # 11:00 Berlin, workshop 2's group discussion
VOCABULARY = (
    "Transparenz Vertrauen Verwaltung Plattform Rückmeldung Ergebnisse Beteiligung Unternehmen Daten Zeit "
    "Kommunikation Entscheidung Prozess digital analog Ressourcen Personal Politik Offenheit Dokumentation "
    "die und nicht ist zu wenig fehlt oft keine klare früh"
).split()


def bulk_contributions(session: Session, *, workshop_id: int, n: int, participants: int = 200, seed: int = 7) -> None:
    rng = random.Random(seed)
    keys = list(session.scalars(select(Category.key).where(Category.workshop_id == workshop_id)))
    groups = [Group(workshop_id=workshop_id, name=f"Gruppe {i + 1}", position=i) for i in range(4)]
    session.add_all(groups)
    session.flush()
    people = session.execute(
        insert(Participant).returning(Participant.id),
        [{"workshop_id": workshop_id, "token_hash": f"{workshop_id}-{i:060d}", "created_at": START}
         for i in range(participants)],
    ).scalars().all()  # fmt: skip
    rows = []
    for i in range(n):
        status = rng.choices([VISIBLE, HIDDEN, MERGED], weights=[94, 3, 3])[0]
        rows.append(
            {
                "workshop_id": workshop_id,
                "participant_id": people[i % participants],
                "category_key": rng.choice(keys),
                "text": " ".join(rng.choices(VOCABULARY, k=rng.randint(4, 14)))[:500],
                "created_at": START + timedelta(seconds=rng.randint(0, 1799)),
                "status": status,
                "hidden_reason": "Werbung" if status == HIDDEN else "",
                "group_id": groups[i % 4].id,
                "facet": "",
                "stakeholder": "",
                "pinned": False,
            }
        )
    ids = session.execute(insert(Contribution).returning(Contribution.id), rows).scalars().all()
    votes = set()
    for _ in range(n // 2):
        votes.add((rng.choice(people), rng.choice(ids)))
    session.execute(insert(Vote), [{"participant_id": p, "contribution_id": c, "created_at": START} for p, c in votes])
