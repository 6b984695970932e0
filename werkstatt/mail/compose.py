"""German mail texts about a registration, with the join link, the cancel link and the calendar file.

A confirmed registration's mail carries the person's own link (`?ticket=`, one identity per
registration, werkstatt/session/personal_link.py); the workshop's open code is added only while
the moderator lets guests join with it (join mode "open").

Mails are composed twice: once when queued (for the outbox preview) and again when
sent, so links always carry the base URL configured at send time. The calendar
UID depends only on the series, the workshop and the registration, never on the
URL, so a cancellation replaces the entry the confirmation created.
"""

from __future__ import annotations

from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from urllib.parse import quote
from zoneinfo import ZoneInfo

from email_validator import EmailNotValidError, validate_email
from sqlalchemy.orm import object_session

from db.models import Registration, Series, Workshop
from db.models.operations import SeriesLegal
from werkstatt.clock import fmt_span
from werkstatt.legal import PLACEHOLDER
from werkstatt.mail.ics import one_line, workshop_event_ics
from werkstatt.mail.settings import base_url, reply_to_address, sender_address
from werkstatt.session.personal_link import PERSONAL

KINDS = {
    "confirmed": "Anmeldebestätigung",
    "waitlisted": "Warteliste",
    "promoted": "Platz frei – Sie sind dabei",
    "cancelled": "Abmeldung bestätigt",
    "joinlink": "Ihr Zugang",
    "reminder": "Erinnerung",
}
WITH_ACCESS = ("confirmed", "promoted", "joinlink", "reminder")
LEGAL_PAGES = (("Impressum", "impressum"), ("Datenschutz", "datenschutz"), ("Barrierefreiheit", "barrierefreiheit"))


def join_link(workshop: Workshop, base: str | None = None) -> str:
    return f"{base or base_url()}/mitmachen?code={quote(workshop.join_code)}"


def cancel_link(registration: Registration, base: str | None = None) -> str:
    return f"{base or base_url()}/anmeldung?storno={quote(registration.cancel_token)}"


def calendar_uid(registration: Registration) -> str:
    """Stable for one registration: independent of the base URL and of the kind of mail."""
    w = registration.workshop
    return f"{w.series.slug}-werkstatt-{w.number}-anmeldung-{registration.id}@werkstatt"


def zone_of(workshop: Workshop) -> ZoneInfo:
    return ZoneInfo(workshop.series.timezone or "Europe/Berlin")


def footer(base: str) -> list[str]:
    """The legal links every mail carries."""
    return ["", "—", *(f"{label}: {base}/{path}" for label, path in LEGAL_PAGES)]


def _head(kind: str, w: Workshop, position: int | None, hours: str) -> str:
    return {
        "confirmed": f"vielen Dank für Ihre Anmeldung. Ihr Platz in der {w.label} ist bestätigt.",
        "waitlisted": (
            f"die {w.label} ist derzeit ausgebucht. Sie stehen auf der Warteliste (Platz {position}). "
            "Wird ein Platz frei, rücken Sie automatisch nach und erhalten sofort eine E-Mail."
        ),
        "promoted": f"gute Nachricht: In der {w.label} ist ein Platz frei geworden. Ihr Platz ist bestätigt.",
        "cancelled": f"Ihre Anmeldung für die {w.label} ist storniert. Schade, dass Sie nicht dabei sind.",
        "joinlink": f"hier noch einmal Ihre Zugangsdaten für die {w.label}.",
        "reminder": f"wir erinnern Sie an die {w.label}: Sie beginnt {hours}.",
    }[kind]


def starts_in(workshop: Workshop, now: datetime) -> str:
    """How far away the start is, in words ('morgen', 'in einer Stunde')."""
    minutes = max(int((workshop.starts_at - now).total_seconds() // 60), 0)
    if minutes >= 20 * 60:
        days = max(round(minutes / (24 * 60)), 1)
        return "morgen" if days == 1 else f"in {days} Tagen"
    if minutes >= 90:
        return f"in {round(minutes / 60)} Stunden"
    return "in einer Stunde" if minutes >= 45 else f"in {minutes} Minuten"


def access_lines(w: Workshop, *, base: str, personal: str) -> list[str]:
    """How to join the live part: the personal link when there is one, the open code while guests may use it."""
    if not personal:
        return [
            f"• Mitmachen während der Werkstatt (Beiträge, Abstimmungen): {join_link(w, base)}",
            f"  Code zum Eintippen: {w.join_code}",
        ]
    lines = [
        f"• Mitmachen während der Werkstatt (Beiträge, Abstimmungen), Ihr persönlicher Link: {personal}",
        "  Bitte geben Sie diesen Link nicht weiter: Er gilt nur für Sie, auf jedem Ihrer Geräte.",
    ]
    if w.join_mode != PERSONAL:
        lines.append(f"  Gäste ohne Anmeldung treten mit dem Code der Werkstatt bei: {w.join_code}")
    return lines


def body_text(
    kind: str,
    reg: Registration,
    *,
    base: str,
    position: int | None,
    now: datetime,
    my_link: str = "",
    personal: str = "",
) -> str:
    w, person = reg.workshop, reg.person
    tz = zone_of(w)
    lines = [f"Guten Tag {one_line(person.full_name)},", ""]
    lines += [_head(kind, w, position, starts_in(w, now)), ""]
    lines += [f"Veranstaltungsreihe: {w.series.title}", f"Termin: {fmt_span(w.starts_at, w.ends_at, tz)} ({tz.key})"]
    if kind in WITH_ACCESS:
        lines += ["", "So nehmen Sie teil:"]
        if w.meeting_url:
            lines.append(f"• Videokonferenz: {w.meeting_url}")
        else:
            lines.append("• Den Link zur Videokonferenz senden wir Ihnen rechtzeitig vor dem Termin.")
        lines += access_lines(w, base=base, personal=personal)
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
    if my_link:
        lines += ["", "Alle Ihre Anmeldungen und Wartelistenplätze (Meine Anmeldung):", my_link]
    lines += ["", "Mit freundlichen Grüßen", f"Ihr Team von „{w.series.title}“", *footer(base), ""]
    return "\n".join(lines)


def series_contact(series: Series) -> str:
    """The contact address of the series' legal pages ([series.legal].contact_email), when it is a real one."""
    session = object_session(series)
    row = session.get(SeriesLegal, series.id) if session is not None else None
    address = one_line(row.contact_email) if row is not None else ""
    if not address or PLACEHOLDER in address:
        return ""
    try:
        return str(validate_email(address, check_deliverability=False, allow_smtputf8=True).normalized)
    except EmailNotValidError:
        return ""


def envelope(
    *, subject: str, to_name: str, to_addr: str, series_title: str, now: datetime, contact: str = ""
) -> EmailMessage:
    """Headers every mail shares; each value is a single cleaned line.

    Answers go to WERKSTATT_MAIL_REPLY_TO, else to the series' contact address (`contact`), else to the sender."""
    msg = EmailMessage()
    msg["Subject"] = one_line(subject)
    sender = sender_address()
    msg["From"] = Address(display_name=one_line(series_title)[:80], addr_spec=sender)
    msg["To"] = Address(display_name=one_line(to_name), addr_spec=to_addr)
    reply_to = reply_to_address() or one_line(contact)
    if reply_to:
        msg["Reply-To"] = reply_to
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    return msg


def build_message(
    kind: str,
    reg: Registration,
    *,
    now: datetime,
    position: int | None = None,
    base: str | None = None,
    my_link: str = "",
    personal: str = "",
) -> EmailMessage:
    """One complete mail about a registration; `personal`: the person's join link (confirmed only)."""
    base = base or base_url()
    w, person = reg.workshop, reg.person
    msg = envelope(
        subject=f"{KINDS[kind]}: Werkstatt {w.number} – {w.title}",
        to_name=person.full_name,
        to_addr=person.email,
        series_title=w.series.title,
        now=now,
        contact=series_contact(w.series),
    )
    text = body_text(kind, reg, base=base, position=position, now=now, my_link=my_link, personal=personal)
    msg.set_content(text, cte="quoted-printable")
    if kind in (*WITH_ACCESS, "cancelled"):
        ics = workshop_event_ics(
            uid=calendar_uid(reg),
            summary=w.label,
            description=f"{w.series.title}\nMitmachen: {personal or join_link(w, base)}",
            start=w.starts_at,
            end=w.ends_at,
            url=w.meeting_url,
            now=now,
            tz=zone_of(w),
            cancelled=kind == "cancelled",
        )
        msg.add_attachment(
            ics.decode("utf-8"),
            subtype="calendar",
            charset="utf-8",
            cte="quoted-printable",
            filename=f"werkstatt-{w.number}.ics",
            params={"method": "CANCEL" if kind == "cancelled" else "PUBLISH"},
        )
    return msg


def free_text_message(
    *, subject: str, body: str, reg: Registration, now: datetime, base: str | None = None, my_link: str = ""
) -> EmailMessage:
    """A mail the organizer wrote to the people of a workshop; the legal links are added."""
    base = base or base_url()
    w = reg.workshop
    msg = envelope(
        subject=subject,
        to_name=reg.person.full_name,
        to_addr=reg.person.email,
        series_title=w.series.title,
        now=now,
        contact=series_contact(w.series),
    )
    mine = ["", "Meine Anmeldung:", my_link] if my_link else []
    text = "\n".join([f"Guten Tag {one_line(reg.person.full_name)},", "", body.strip(), *mine, *footer(base), ""])
    msg.set_content(text, cte="quoted-printable")
    return msg
