"""vCard 3.0 (.vcf) of the contact cards a participant received. Pure.

User text is escaped per RFC 6350 (backslash, comma, semicolon, line breaks), so a
name can never start a new property.
"""

from __future__ import annotations

from collections.abc import Iterable

from werkstatt.session.contacts import CardView


def _esc(value: str) -> str:
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 characters continue on the next line after one space."""
    parts = [line[i : i + 74] for i in range(0, len(line), 74)] or [""]
    return "\r\n ".join(parts)


def vcards(cards: Iterable[CardView], *, workshop_label: str) -> str:
    out: list[str] = []
    for card in cards:
        last, _, first = card.name.rpartition(" ")
        lines = [
            "BEGIN:VCARD",
            "VERSION:3.0",
            f"FN:{_esc(card.name)}",
            f"N:{_esc(last or first)};{_esc(first if last else '')};;;",
        ]
        if card.organisation:
            lines.append(f"ORG:{_esc(card.organisation)}")
        if card.role:
            lines.append(f"TITLE:{_esc(card.role)}")
        if card.email:
            lines.append(f"EMAIL;TYPE=INTERNET:{_esc(card.email)}")
        if card.phone:
            lines.append(f"TEL;TYPE=WORK:{_esc(card.phone)}")
        note = [f"Kennengelernt: {workshop_label}"]
        if card.seeking:
            note.append(f"Sucht: {card.seeking}")
        if card.offering:
            note.append(f"Bietet: {card.offering}")
        lines.append(f"NOTE:{_esc(chr(10).join(note))}")
        lines.append("END:VCARD")
        out.extend(_fold(line) for line in lines)
    return "\r\n".join(out) + "\r\n" if out else ""
