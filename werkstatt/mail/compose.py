"""German mail texts about a registration, with the join link, the cancel link and the calendar file."""

from __future__ import annotations

from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from urllib.parse import quote

from db.models import Registration, Workshop
from werkstatt.clock import fmt_span
from werkstatt.mail.ics import one_line, workshop_event_ics
from werkstatt.mail.settings import base_url, sender_address

KINDS = {
    "confirmed": "Anmeldebestätigung",
    "waitlisted": "Warteliste",
    "promoted": "Platz frei – Sie sind dabei",
    "cancelled": "Abmeldung bestätigt",
    "joinlink": "Ihr Zugang",
}


def join_link(workshop: Workshop, base: str | None = None) -> str:
    return f"{base or base_url()}/mitmachen?code={quote(workshop.join_code)}"


def cancel_link(registration: Registration, base: str | None = None) -> str:
    return f"{base or base_url()}/anmeldung?storno={quote(registration.cancel_token)}"


def _body(kind: str, reg: Registration, *, base: str, position: int | None) -> str:
    w, person = reg.workshop, reg.person
    when = fmt_span(w.starts_at, w.ends_at)
    lines = [f"Guten Tag {one_line(person.full_name)},", ""]
    head = {
        "confirmed": f"vielen Dank für Ihre Anmeldung. Ihr Platz in der {w.label} ist bestätigt.",
        "waitlisted": (
            f"die {w.label} ist derzeit ausgebucht. Sie stehen auf der Warteliste (Platz {position}). "
            "Wird ein Platz frei, rücken Sie automatisch nach und erhalten sofort eine E-Mail."
        ),
        "promoted": f"gute Nachricht: In der {w.label} ist ein Platz frei geworden. Ihr Platz ist bestätigt.",
        "cancelled": f"Ihre Anmeldung für die {w.label} ist storniert. Schade, dass Sie nicht dabei sind.",
        "joinlink": f"hier noch einmal Ihre Zugangsdaten für die {w.label}.",
    }[kind]
    lines += [head, "", f"Veranstaltungsreihe: {w.series.title}", f"Termin: {when} (Zeitzone Europe/Berlin)"]
    if kind in ("confirmed", "promoted", "joinlink"):
        lines += ["", "So nehmen Sie teil:"]
        if w.meeting_url:
            lines.append(f"• Videokonferenz: {w.meeting_url}")
        else:
            lines.append("• Den Link zur Videokonferenz senden wir Ihnen rechtzeitig vor dem Termin.")
        lines.append(f"• Mitmachen während der Werkstatt (Beiträge, Abstimmungen): {join_link(w, base)}")
        lines.append(f"  Code zum Eintippen: {w.join_code}")
        lines += ["", "Den Termin finden Sie als Kalenderdatei (.ics) im Anhang."]
    if kind != "cancelled":
        ask = (
            "Sie möchten nicht mehr nachrücken? Dann tragen Sie sich bitte hier aus:"
            if kind == "waitlisted"
            else "Sie können nicht teilnehmen? Bitte geben Sie Ihren Platz frei:"
        )
        lines += [
            "",
            ask,
            cancel_link(reg, base),
            "(Der Link öffnet eine Seite, auf der Sie die Abmeldung noch einmal bestätigen.)",
        ]
    lines += ["", "Mit freundlichen Grüßen", f"Ihr Team von „{w.series.title}“", ""]
    return "\n".join(lines)


def build_message(
    kind: str, reg: Registration, *, now: datetime, position: int | None = None, base: str | None = None
) -> EmailMessage:
    """One complete mail; every header value is a single cleaned line."""
    base = base or base_url()
    w, person = reg.workshop, reg.person
    msg = EmailMessage()
    msg["Subject"] = one_line(f"{KINDS[kind]}: Werkstatt {w.number} – {w.title}")
    sender = sender_address()
    msg["From"] = Address(display_name=one_line(w.series.title)[:80], addr_spec=sender)
    msg["To"] = Address(display_name=one_line(person.full_name), addr_spec=person.email)
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    msg.set_content(_body(kind, reg, base=base, position=position), cte="quoted-printable")
    if kind in ("confirmed", "promoted", "joinlink", "cancelled"):
        ics = workshop_event_ics(
            uid=f"werkstatt-{w.id}-{reg.id}@{base.split('//')[-1].split('/')[0] or 'werkstatt'}",
            summary=w.label,
            description=f"{w.series.title}\nMitmachen: {join_link(w, base)}",
            start=w.starts_at,
            end=w.ends_at,
            url=w.meeting_url,
            now=now,
            cancelled=kind == "cancelled",
        )
        msg.add_attachment(ics, maintype="text", subtype="calendar", filename=f"werkstatt-{w.number}.ics")
    return msg
