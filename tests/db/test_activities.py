"""The morning's activities on SQLite and PostgreSQL: check-in, questions, reveal, prompts, contacts, privacy."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
import vobject
from sqlalchemy import func, select

from db.models import Person, User
from db.models.activities import ActivityTally, ContactCard, ContactInterest, QuestionVote
from werkstatt.errors import WerkstattError
from werkstatt.privacy.persons import delete_person, export_person, purge_past
from werkstatt.results.outlook import add_step, list_steps
from werkstatt.session import checkin, contacts, questions, stage
from werkstatt.session import contributions as c
from werkstatt.session import participants as p
from werkstatt.session.prompts import list_prompts
from werkstatt.session.timer_log import record_event, timer_view
from werkstatt.session.vcard import vcards

NOW = datetime(2021, 6, 30, 8, 0, tzinfo=UTC)  # 10:00 Berlin, Werkstatt 1
WELCOME, RESEARCH, PRACTICE, DISCUSSION, CONCLUSION, NETWORKING = 0, 1, 2, 5, 6, 7


@pytest.fixture
def live(session_factory, bottrop):
    """Workshop 1 started by a moderator; returns (factory, workshop id, join code)."""
    wid = bottrop[1]
    with session_factory.begin() as s:
        s.add(User(username="mod", name="Moritz", password_hash="-", role="moderator"))
        s.add(User(username="orga", name="Olga", password_hash="-", role="organizer"))
        s.flush()
        record_event(s, workshop_id=wid, kind="start", actor="mod", now=NOW)
        code = p.get_workshop(s, workshop_id=wid).join_code
    return session_factory, wid, code


def _goto(sf, wid: int, index: int) -> None:
    with sf.begin() as s:
        if timer_view(s, workshop_id=wid, now=NOW).index == index:
            return
        record_event(s, workshop_id=wid, kind="jump", item=index, actor="mod", now=NOW)


def _join(sf, code: str, name: str = "") -> str:
    with sf.begin() as s:
        token = p.join(s, code=code, now=NOW)
        if name:
            p.set_display_name(s, token=token, name=name)
        return token


def _ask(sf, token: str, text: str, named: bool = False) -> int:
    with sf.begin() as s:
        return questions.ask(s, token=token, text=text, named=named, now=NOW)


def test_activities_follow_the_agenda_from_the_series_file(live) -> None:
    sf, wid, _ = live
    seen = []
    for index in range(8):
        _goto(sf, wid, index)
        with sf() as s:
            seen.append(stage.current_stage(s, workshop_id=wid, now=NOW + timedelta(seconds=2)).screen)
    assert seen == ["room", "questions", "questions", "questions", "wall", "wall", "fazit", "networking"]


def test_check_in_is_optional_and_the_room_shows_mix_regions_and_ranked_words(live) -> None:
    sf, wid, code = live
    people = [
        ("Anna", "Wirtschaftsförderung", "Bottrop", "Austausch"),
        ("", "Wirtschaftsförderung", "bottrop", "austausch"),
        ("Cem", "Wissenschaft", "Gelsenkirchen", "Impulse"),
    ]
    for name, group, region, word in people:
        token = _join(sf, code)
        with sf.begin() as s:
            checkin.check_in(s, token=token, name=name, stakeholder=group, region=region, expectation=word, now=NOW)
    _join(sf, code)  # skipped the check-in: still counted in the room
    with pytest.raises(WerkstattError, match="nur ein Wort"), sf.begin() as s:
        checkin.check_in(
            s, token=token, name="", stakeholder="", region="", expectation="Ich will sehr viel lernen", now=NOW
        )
    with pytest.raises(WerkstattError, match="Akteursgruppe"), sf.begin() as s:
        checkin.check_in(s, token=token, name="", stakeholder="Mars", region="", expectation="", now=NOW)
    with sf() as s:
        room = checkin.room(s, workshop_id=wid)
        assert checkin.my_check_in(s, token=token).expectation == "Impulse"  # refusals changed nothing
    assert (room.joined, room.checked_in) == (4, 3)
    assert room.stakeholders == [("Wissenschaft", 1), ("Wirtschaftsförderung", 2)]
    assert room.regions[0] == ("Bottrop", 2)
    assert room.expectations == [("Austausch", 2), ("Impulse", 1)]


def test_questions_belong_to_the_talk_and_only_during_talks(live) -> None:
    sf, wid, code = live
    token = _join(sf, code, name="Anna")
    with pytest.raises(WerkstattError, match="nur während der Vorträge"):
        _ask(sf, token, "Schon jetzt eine Frage?")  # welcome: no Q&A
    _goto(sf, wid, RESEARCH)
    first = _ask(sf, token, "Wie viele Unternehmen haben teilgenommen?", named=True)
    _goto(sf, wid, PRACTICE)
    second = _ask(sf, token, "Was kostet ein Reallabor?")
    with sf() as s:
        talks = questions.questions_by_talk(s, workshop_id=wid)
    assert [(title[:20], [q.id for q in qs]) for title, qs in talks] == [
        ("Forschungsergebnisse", [first]),
        ("Wirtschaftsallianz u", [second]),
    ]
    assert talks[0][1][0].author == "Anna" and talks[1][1][0].author == "Anonym"


def test_one_upvote_per_person_even_when_two_taps_race(live) -> None:
    sf, wid, code = live
    _goto(sf, wid, RESEARCH)
    asker, fan = _join(sf, code), _join(sf, code)
    qid = _ask(sf, asker, "Gibt es die Studie online?")
    outcomes: list[str] = []
    barrier = threading.Barrier(6)

    def tap() -> None:
        barrier.wait()
        try:
            with sf.begin() as s:
                questions.upvote(s, token=fan, question_id=qid, now=NOW)
            outcomes.append("ok")
        except WerkstattError as err:
            outcomes.append(err.message)

    threads = [threading.Thread(target=tap) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert outcomes.count("ok") == 1
    assert all("schon unterstützt" in o for o in outcomes if o != "ok")
    with sf() as s:
        assert s.scalar(select(func.count()).select_from(QuestionVote)) == 1
        assert questions.list_questions(s, workshop_id=wid)[0].votes == 1


def test_sorting_status_and_hidden_questions_count_nowhere(live) -> None:
    sf, wid, code = live
    _goto(sf, wid, RESEARCH)
    a, b, v = _join(sf, code), _join(sf, code), _join(sf, code)
    old = _ask(sf, a, "Ältere Frage")
    popular = _ask(sf, b, "Beliebte Frage")
    spam = _ask(sf, a, "Kauft Uhren")
    for token in (a, v):
        with sf.begin() as s:
            questions.upvote(s, token=token, question_id=popular, now=NOW)
    with sf.begin() as s:
        questions.upvote(s, token=v, question_id=spam, now=NOW)
        questions.set_status(s, workshop_id=wid, question_id=popular, status="answered", actor="mod", now=NOW)
        questions.hide(s, workshop_id=wid, question_id=spam, reason="Werbung", actor="mod", now=NOW)
    with pytest.raises(WerkstattError, match="Nur Moderation"), sf.begin() as s:
        questions.set_status(s, workshop_id=wid, question_id=old, status="answered", actor="", now=NOW)
    with pytest.raises(WerkstattError, match="gibt es nicht"), sf.begin() as s:
        questions.upvote(s, token=b, question_id=spam, now=NOW)
    with sf() as s:
        by_votes = questions.list_questions(s, workshop_id=wid)
        newest = questions.list_questions(s, workshop_id=wid, sort="newest")
        mod = questions.list_questions(s, workshop_id=wid, include_hidden=True)
        talks = questions.questions_by_talk(s, workshop_id=wid)
    assert [q.id for q in by_votes] == [popular, old]
    assert [q.id for q in newest] == sorted([popular, old], reverse=True)
    assert by_votes[0].status_label == "beantwortet" and by_votes[0].votes == 2
    assert sum(len(qs) for _, qs in talks) == 2  # the report and the public page never see it
    hidden = next(q for q in mod if q.id == spam)
    assert (hidden.status, hidden.hidden_reason, hidden.votes) == ("hidden", "Werbung", 0)


def test_reveal_and_screen_view_are_staff_choices_shared_by_every_screen(live) -> None:
    sf, wid, _ = live
    _goto(sf, wid, CONCLUSION)
    with sf() as s:
        assert not stage.current_stage(s, workshop_id=wid, now=NOW).results_revealed
    with pytest.raises(WerkstattError, match="Nur Moderation"), sf.begin() as s:
        stage.set_results_revealed(s, workshop_id=wid, revealed=True, actor="anna", now=NOW)
    with sf.begin() as s:
        stage.set_results_revealed(s, workshop_id=wid, revealed=True, actor="mod", now=NOW)
        stage.set_screen_view(s, workshop_id=wid, view="questions", actor="mod", now=NOW)
    _goto(sf, wid, NETWORKING)
    with sf() as s:
        now = stage.current_stage(s, workshop_id=wid, now=NOW + timedelta(seconds=2))
    assert now.results_revealed and now.activity == "networking" and now.screen == "questions"


def test_guiding_questions_from_the_series_and_contributions_answer_the_open_one(live) -> None:
    sf, wid, code = live
    _goto(sf, wid, DISCUSSION)
    token = _join(sf, code)
    with sf() as s:
        prompts = list_prompts(s, workshop_id=wid)
    assert [pr.text[:30] for pr in prompts] == ["Wie kann die Zusammenarbeit zw", "Welche Herausforderungen und M"]
    later = NOW + timedelta(seconds=3)
    with sf.begin() as s:
        c.post(s, token=token, category="challenge", text="Zeitmangel", now=later)
        stage.set_open_prompt(s, workshop_id=wid, prompt_id=prompts[1].id, actor="mod", now=later)
    with sf.begin() as s:
        c.post(s, token=token, category="value_add", text="Neue Kontakte", now=later + timedelta(seconds=6))
        c.post(s, token=token, category="value_add", text="Sichtbarkeit", now=later + timedelta(seconds=12))
    with sf() as s:
        assert [pr.contributions for pr in list_prompts(s, workshop_id=wid)] == [1, 2]


def _card(sf, token: str, name: str, email: str, seeking: str = "", offering: str = "") -> None:
    with sf.begin() as s:
        contacts.publish_card(
            s, token=token, name=name, organisation="Stadt", role="Referentin", email=email, phone="",
            seeking=seeking, offering=offering, now=NOW,
        )  # fmt: skip


def test_contact_cards_only_for_the_same_workshop_while_published_and_contact_only_when_mutual(live, bottrop) -> None:
    sf, wid, code = live
    anna, ben, cem = _join(sf, code), _join(sf, code), _join(sf, code)
    with sf.begin() as s:
        other_code = p.get_workshop(s, workshop_id=bottrop[2]).join_code
        # a moderator running workshop 2 today opens its join window today
        record_event(s, workshop_id=bottrop[2], kind="start", actor="mod", now=NOW)
    stranger = _join(sf, other_code)
    with pytest.raises(WerkstattError, match="E-Mail-Adresse oder eine Telefonnummer"):
        _card(sf, anna, "Anna Alt", "")
    _card(sf, anna, "Anna Alt", "anna@example.org", seeking="Fördermittel", offering="Hackathon-Erfahrung")
    _card(sf, ben, "Ben Berg", "ben@example.org", seeking="Hackathon", offering="Fördermittel-Beratung")
    with sf() as s:
        assert contacts.networking_for(s, token=stranger).others == []  # another workshop sees nothing
        ben_view = contacts.networking_for(s, token=ben)
        anna_card = ben_view.others[0]
    assert anna_card.name == "Anna Alt" and anna_card.email == ""  # no contact without mutual interest
    with pytest.raises(WerkstattError, match="gibt es nicht"), sf.begin() as s:
        contacts.mark_interest(s, token=stranger, card_id=anna_card.id, now=NOW)
    with sf.begin() as s:
        contacts.mark_interest(s, token=ben, card_id=anna_card.id, now=NOW)
        contacts.mark_interest(s, token=cem, card_id=anna_card.id, now=NOW)  # Cem has no card
    with sf() as s:
        ben_card = contacts.networking_for(s, token=anna).others[0]
    with sf.begin() as s:
        contacts.mark_interest(s, token=anna, card_id=ben_card.id, now=NOW)
    with sf() as s:
        anna_sees = contacts.networking_for(s, token=anna)
        pairs = contacts.suggested_pairs(s, workshop_id=wid, actor="mod")
    assert [(m.name, m.email) for m in anna_sees.matches] == [("Ben Berg", "ben@example.org")]
    assert pairs[0].mutual and {pairs[0].a, pairs[0].b} == {"Anna Alt", "Ben Berg"}
    card = vobject.readOne(vcards(anna_sees.matches, workshop_label="Werkstatt 1"))
    assert card.fn.value == "Ben Berg" and card.email.value == "ben@example.org" and card.org.value == ["Stadt"]
    # Withdrawn: gone for everyone at once, with the interests.
    with sf.begin() as s:
        contacts.withdraw_card(s, token=anna, now=NOW)
    with sf() as s:
        assert contacts.networking_for(s, token=ben).others == []
        assert s.scalar(select(func.count()).select_from(ContactInterest)) == 0


def test_vcard_escapes_user_text_so_it_cannot_add_properties() -> None:
    card = contacts.CardView(
        id=1, owner_id=1, name="Eva; Evil", organisation="A,B\nEND:VCARD", role="", seeking="x" * 150,
        offering="", email="eva@example.org", phone="",
    )  # fmt: skip
    parsed = list(vobject.readComponents(vcards([card], workshop_label="W")))
    assert len(parsed) == 1
    assert parsed[0].fn.value == "Eva; Evil" and parsed[0].org.value == ["A,B\nEND:VCARD"]


def test_person_export_delete_and_purge_cover_cards_and_keep_anonymous_counts(live) -> None:
    sf, wid, code = live
    anna, ben = _join(sf, code), _join(sf, code)
    _card(sf, anna, "Anna Alt", "Anna@Example.org")
    _card(sf, ben, "Ben Berg", "ben@example.org")
    with sf() as s:
        ids = {
            v.name: v.id
            for v in contacts.networking_for(s, token=anna).others + contacts.networking_for(s, token=ben).others
        }
    with sf.begin() as s:
        contacts.mark_interest(s, token=anna, card_id=ids["Ben Berg"], now=NOW)
        contacts.mark_interest(s, token=ben, card_id=ids["Anna Alt"], now=NOW)
        checkin.check_in(
            s, token=anna, name="Anna", stakeholder="Politik", region="Essen", expectation="Ideen", now=NOW
        )
        person = Person(
            email="anna@example.org",
            first_name="Anna",
            last_name="Alt",
            organisation="",
            stakeholder_group="",
            networking_consent=True,
            created_at=NOW,
        )
        s.add(person)
        s.flush()
        exported = export_person(s, person_id=person.id, actor="orga", now=NOW)
        delete_person(s, person_id=person.id, actor="orga", now=NOW)
    assert [card["name"] for card in exported["contact_cards"]] == ["Anna Alt"]
    with sf() as s:
        assert [cc.name for cc in s.scalars(select(ContactCard))] == ["Ben Berg"]
        assert s.scalar(select(func.count()).select_from(ContactInterest)) == 0
    _card(sf, anna, "Anna Alt", "anna@example.org")
    with sf.begin() as s:
        contacts.mark_interest(
            s, token=ben, card_id=s.scalar(select(ContactCard.id).where(ContactCard.name == "Anna Alt")), now=NOW
        )
        result = purge_past(s, older_than=timedelta(days=90), now=NOW + timedelta(days=120))
    assert result.contact_cards == 2
    with sf() as s:
        assert s.scalar(select(func.count()).select_from(ContactCard)) == 0
        tally = s.get(ActivityTally, wid)
        assert (tally.contact_cards, tally.mutual_matches) == (2, 0)
        assert checkin.room(s, workshop_id=wid).stakeholders == [("Politik", 1)]  # anonymous counts stay


def test_next_steps_are_staff_only_and_refuse_a_past_date(live) -> None:
    sf, wid, _ = live
    with sf.begin() as s:
        add_step(s, workshop_id=wid, what="Protokoll versenden", who="IAT", due=date(2021, 7, 9), actor="mod", now=NOW)
    with pytest.raises(WerkstattError, match="Vergangenheit"), sf.begin() as s:
        add_step(s, workshop_id=wid, what="Zu spät", who="", due=date(2021, 6, 1), actor="mod", now=NOW)
    with pytest.raises(WerkstattError, match="Nur Moderation"), sf.begin() as s:
        add_step(s, workshop_id=wid, what="Heimlich", who="", due=None, actor="", now=NOW)
    with sf() as s:
        assert [(st.what, st.who, st.due_label) for st in list_steps(s, workshop_id=wid)] == [
            ("Protokoll versenden", "IAT", "09.07.2021")
        ]


def test_reloading_the_series_keeps_questions_with_their_talk(live) -> None:
    import dataclasses

    from werkstatt.series.file import BUNDLED_SERIES, parse_series_file
    from werkstatt.series.store import store_series

    sf, wid, code = live
    _goto(sf, wid, RESEARCH)
    qid = _ask(sf, _join(sf, code), "Bleibt meine Frage?")
    spec = parse_series_file(BUNDLED_SERIES)
    first = spec.workshops[0]
    agenda = list(first.agenda)
    agenda[RESEARCH] = dataclasses.replace(agenda[RESEARCH], title="Forschung (neuer Titel)")
    spec = dataclasses.replace(spec, workshops=(dataclasses.replace(first, agenda=tuple(agenda)), *spec.workshops[1:]))
    with sf.begin() as s:
        store_series(s, spec=spec)
    with sf() as s:
        assert [(t, [q.id for q in qs]) for t, qs in questions.questions_by_talk(s, workshop_id=wid)] == [
            ("Forschung (neuer Titel)", [qid])
        ]
