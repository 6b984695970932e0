"""Bilateral networking: opt-in contact cards, "Ich möchte mit Ihnen sprechen", mutual matches.

Nothing is shared without consent: a card is seen only by participants of the
same workshop and only while it is published; its e-mail or phone number is
shown only to people with mutual interest. Withdrawing deletes the card and every
interest to and from its owner. Cards are personal data (werkstatt/privacy/).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import CursorResult, delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.models.activities import ContactCard, ContactInterest
from werkstatt.accounts.users import require_staff
from werkstatt.errors import NotFound, WerkstattError
from werkstatt.results.terms import terms_of
from werkstatt.session.participants import participant_by_token
from werkstatt.text.rules import clean_line

_PHONE_CHARS = set("+0123456789 /-()")


@dataclass(frozen=True)
class CardView:
    id: int
    owner_id: int
    name: str
    organisation: str
    role: str
    seeking: str
    offering: str
    email: str  # empty unless interest is mutual (or it is my own card)
    phone: str
    i_am_interested: bool = False
    mutual: bool = False


@dataclass(frozen=True)
class Networking:
    my_card: CardView | None
    others: list[CardView]  # published cards of the same workshop, mine excluded

    @property
    def matches(self) -> list[CardView]:
        return [c for c in self.others if c.mutual]


def _clean_contact(email: str, phone: str) -> tuple[str, str]:
    email = clean_line(email, max_len=320, field="E-Mail", required=False)
    phone = clean_line(phone, max_len=40, field="Telefon", required=False)
    if not email and not phone:
        raise WerkstattError("Bitte geben Sie eine E-Mail-Adresse oder eine Telefonnummer an.")
    if email:
        try:
            email = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError:
            raise WerkstattError(f"»{email}« ist keine gültige E-Mail-Adresse.") from None
    if phone and (not set(phone) <= _PHONE_CHARS or sum(ch.isdigit() for ch in phone) < 5):
        raise WerkstattError("Die Telefonnummer darf nur Ziffern, Leerzeichen und + / - ( ) enthalten.")
    return email, phone


def publish_card(
    session: Session,
    *,
    token: str,
    name: str,
    organisation: str,
    role: str,
    email: str,
    phone: str,
    seeking: str,
    offering: str,
    now: datetime,
) -> None:
    """Publish (or update) my card for this workshop. Publishing is the consent."""
    me = participant_by_token(session, token=token, lock=True)
    fields = {
        "name": clean_line(name, max_len=100, field="Name"),
        "organisation": clean_line(organisation, max_len=200, field="Organisation", required=False),
        "role": clean_line(role, max_len=100, field="Funktion", required=False),
        "seeking": clean_line(seeking, max_len=200, field="Ich suche", required=False),
        "offering": clean_line(offering, max_len=200, field="Ich biete", required=False),
    }
    fields["email"], fields["phone"] = _clean_contact(email, phone)
    card = session.scalar(select(ContactCard).where(ContactCard.participant_id == me.id))
    if card is None:
        card = ContactCard(workshop_id=me.workshop_id, participant_id=me.id, created_at=now, **fields)
        session.add(card)
    else:
        for key, value in fields.items():
            setattr(card, key, value)
    session.flush()


def withdraw_card(session: Session, *, token: str, now: datetime) -> None:
    """Take my card back: it disappears for everyone, with every interest to and from me."""
    me = participant_by_token(session, token=token, lock=True)
    deleted = cast(CursorResult[Any], session.execute(delete(ContactCard).where(ContactCard.participant_id == me.id)))
    removed = deleted.rowcount
    if not removed:
        raise WerkstattError("Sie haben keine Kontaktkarte veröffentlicht.")
    forget_interests(session, participant_ids=[me.id])


def forget_interests(session: Session, *, participant_ids: list[int]) -> None:
    session.execute(
        delete(ContactInterest).where(
            or_(
                ContactInterest.from_participant_id.in_(participant_ids),
                ContactInterest.to_participant_id.in_(participant_ids),
            )
        )
    )


def _published_card(session: Session, workshop_id: int, card_id: int) -> ContactCard:
    card = session.get(ContactCard, card_id)
    if card is None or card.workshop_id != workshop_id:
        raise NotFound("Diese Kontaktkarte gibt es nicht (mehr).")
    return card


def mark_interest(session: Session, *, token: str, card_id: int, now: datetime) -> None:
    """'Ich möchte mit Ihnen sprechen' (once per card; a double tap counts once)."""
    me = participant_by_token(session, token=token)
    card = _published_card(session, me.workshop_id, card_id)
    if card.participant_id == me.id:
        raise WerkstattError("Das ist Ihre eigene Karte.")
    try:
        with session.begin_nested():
            session.add(
                ContactInterest(
                    workshop_id=me.workshop_id, from_participant_id=me.id, to_participant_id=card.participant_id,
                    created_at=now,
                )
            )  # fmt: skip
    except IntegrityError:
        raise WerkstattError("Sie haben bei dieser Person schon Interesse angemeldet.") from None


def unmark_interest(session: Session, *, token: str, card_id: int, now: datetime) -> None:
    me = participant_by_token(session, token=token)
    card = _published_card(session, me.workshop_id, card_id)
    session.execute(
        delete(ContactInterest).where(
            ContactInterest.from_participant_id == me.id, ContactInterest.to_participant_id == card.participant_id
        )
    )


def _view(card: ContactCard, *, interested: bool, mutual: bool, own: bool = False) -> CardView:
    reveal = mutual or own
    return CardView(
        id=card.id, owner_id=card.participant_id, name=card.name, organisation=card.organisation, role=card.role,
        seeking=card.seeking, offering=card.offering, email=card.email if reveal else "",
        phone=card.phone if reveal else "", i_am_interested=interested, mutual=mutual,
    )  # fmt: skip


def networking_for(session: Session, *, token: str) -> Networking:
    """What one participant sees: only cards of their own workshop that are published right now."""
    me = participant_by_token(session, token=token)
    cards = list(session.scalars(select(ContactCard).where(ContactCard.workshop_id == me.workshop_id)))
    outgoing = set(
        session.scalars(select(ContactInterest.to_participant_id).where(ContactInterest.from_participant_id == me.id))
    )
    incoming = set(
        session.scalars(select(ContactInterest.from_participant_id).where(ContactInterest.to_participant_id == me.id))
    )
    mine = next((c for c in cards if c.participant_id == me.id), None)
    others = [
        _view(
            c,
            interested=c.participant_id in outgoing,
            mutual=mine is not None and c.participant_id in outgoing & incoming,
        )
        for c in sorted(cards, key=lambda c: c.name.casefold())
        if c.participant_id != me.id
    ]
    return Networking(my_card=_view(mine, interested=False, mutual=False, own=True) if mine else None, others=others)


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    reason: str  # "beide interessiert", "sucht/bietet: Fördermittel"
    mutual: bool


def suggested_pairs(session: Session, *, workshop_id: int, actor: str) -> list[Pair]:
    """For breakout rooms: mutual interest first, then where one seeks what the other offers."""
    require_staff(session, actor=actor, action="Vorschläge für Gesprächspaare sehen")
    cards = {
        c.participant_id: c for c in session.scalars(select(ContactCard).where(ContactCard.workshop_id == workshop_id))
    }
    wants = {
        (a, b)
        for a, b in session.execute(
            select(ContactInterest.from_participant_id, ContactInterest.to_participant_id).where(
                ContactInterest.workshop_id == workshop_id
            )
        )
    }
    pairs: list[Pair] = []
    seen: set[frozenset[int]] = set()
    for a, b in sorted(wants):
        key = frozenset((a, b))
        if (b, a) in wants and key not in seen and a in cards and b in cards:
            seen.add(key)
            pairs.append(Pair(cards[a].name, cards[b].name, "beide interessiert", mutual=True))
    offers = {pid: terms_of(c.offering) for pid, c in cards.items()}
    for pid, card in sorted(cards.items()):
        sought = {t.casefold() for t in terms_of(card.seeking)}
        for other, offered in offers.items():
            common = sorted(t for t in offered if t.casefold() in sought)
            key = frozenset((pid, other))
            if other != pid and common and key not in seen:
                seen.add(key)
                pairs.append(Pair(card.name, cards[other].name, f"sucht/bietet: {', '.join(common)}", mutual=False))
    return pairs


def card_count(session: Session, *, workshop_id: int) -> int:
    """Published cards (a number only: the shared screen shows no one's card)."""
    return session.scalar(select(func.count(ContactCard.id)).where(ContactCard.workshop_id == workshop_id)) or 0
