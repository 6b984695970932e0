"""SQL aggregates agree with a plain pandas computation on random data, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from db.models import Category
from db.models.participation import HIDDEN, MERGED, VISIBLE, WITHDRAWN, Contribution, Group, Participant, Vote
from werkstatt.results.conclusion import category_frame, conclusion, group_frame, top_frame
from werkstatt.results.frames import terms_frame, timeline_frame
from werkstatt.results.terms import top_terms

START = datetime(2021, 9, 14, 9, 0, tzinfo=UTC)  # 11:00 Berlin, workshop 2's group discussion
WORDS = ["Transparenz", "Vertrauen", "Verwaltung", "Plattform", "Zeit", "die", "und", "nicht", "Daten"]

contribution = st.fixed_dictionaries(
    {
        "category": st.sampled_from(["barrier", "success_factor"]),
        "status": st.sampled_from([VISIBLE, VISIBLE, VISIBLE, HIDDEN, WITHDRAWN, MERGED]),
        "minute": st.integers(0, 29),
        "group": st.sampled_from([None, 0, 1]),
        "words": st.lists(st.sampled_from(WORDS), min_size=1, max_size=6),
        "voters": st.sets(st.integers(0, 7), max_size=8),
    }
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.lists(contribution, max_size=40))
def test_aggregates_match_pandas(session_factory, bottrop, data) -> None:
    wid = bottrop[2]
    with session_factory.begin() as s:
        for table in (Vote, Contribution, Participant, Group):
            s.execute(delete(table))
        groups = [Group(workshop_id=wid, name=f"Gruppe {i + 1}", position=i) for i in range(2)]
        people = [Participant(workshop_id=wid, token_hash=f"{i:064d}", created_at=START) for i in range(8)]
        s.add_all(groups + people)
        s.flush()
        rows = []
        for i, d in enumerate(data):
            c = Contribution(
                workshop_id=wid,
                participant_id=people[i % 8].id,
                category_key=d["category"],
                text=" ".join(d["words"]),
                created_at=START + timedelta(minutes=d["minute"], seconds=7),
                status=d["status"],
                group_id=groups[d["group"]].id if d["group"] is not None else None,
            )
            s.add(c)
            s.flush()
            s.add_all(Vote(participant_id=people[v].id, contribution_id=c.id, created_at=START) for v in d["voters"])
            rows.append({**d, "id": c.id, "text": c.text, "votes": len(d["voters"])})
    frame = pd.DataFrame(rows, columns=["id", "category", "status", "minute", "group", "text", "votes"])
    visible = frame[frame.status == VISIBLE]

    with session_factory() as s:
        labels = {c.key: c.label for c in s.query(Category).filter_by(workshop_id=wid)}
        # per category
        got = category_frame(s, workshop_id=wid).set_index("Kategorie")["Beiträge"].to_dict()
        want = {labels[k]: int((visible.category == k).sum()) for k in ("barrier", "success_factor")}
        assert got == want
        # per group
        got_groups = group_frame(s, workshop_id=wid).set_index("Gruppe")["Beiträge"].to_dict()
        names = visible.group.map(lambda g: "ohne Gruppe" if pd.isna(g) else f"Gruppe {int(g) + 1}")
        assert got_groups == names.value_counts().to_dict()
        # top 3 per category by votes, ties by id
        top = top_frame(s, workshop_id=wid)
        for key, label in labels.items():
            part = visible[visible.category == key].sort_values(["votes", "id"], ascending=[False, True]).head(3)
            sub = top[top.Kategorie == label]
            assert sub.Nr.tolist() == part.id.tolist()
            assert sub.Punkte.tolist() == part.votes.tolist()
        # timeline in 5-minute slots (Berlin)
        tl = timeline_frame(s, workshop_id=wid).set_index("Zeit")["Beiträge"].to_dict()
        slots = visible.minute.map(lambda m: f"11:{(m // 5) * 5:02d}").value_counts().to_dict()
        assert tl == slots
        # terms, and the totals of the conclusion
        assert terms_frame(s, workshop_id=wid, limit=50).values.tolist() == [
            [t, n] for t, n in top_terms(visible.text, 50)
        ]
        c = conclusion(s, workshop_id=wid)
        assert c.contributions == len(visible)
        assert c.votes == int(visible.votes.sum())
        assert c.moderation.hidden == int((frame.status == HIDDEN).sum())
        assert c.moderation.merged == int((frame.status == MERGED).sum())
