"""Reading the audit log (organizers only, on /organisation) and exporting it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models.operations import AuditEvent
from werkstatt.clock import BERLIN

ACTIONS_DE: dict[str, str] = {
    "register": "von Hand angemeldet",
    "import": "CSV importiert",
    "cancel": "storniert",
    "move": "verschoben",
    "check_in": "eingecheckt",
    "check_out": "Check-in zurückgenommen",
    "capacity": "Platzzahl geändert",
    "meeting_url": "Konferenzlink geändert",
    "registration_until": "Anmeldefrist geändert",
    "reminders": "Erinnerungszeiten geändert",
    "close_workshop": "Werkstatt geschlossen",
    "reopen_workshop": "Werkstatt wieder geöffnet",
    "resend_join_link": "Zugangslink erneut gesendet",
    "retry_mail": "E-Mails erneut versucht",
    "mail_people": "E-Mail an Personen",
    "export_person": "Personendaten exportiert",
    "delete_person": "Person gelöscht",
    "purge": "Daten vergangener Werkstätten gelöscht",
    "publish": "veröffentlicht",
    "unpublish": "Veröffentlichung zurückgenommen",
    "next_step": "nächste Schritte geändert",
    "create_theme": "Thema angelegt",
    "groups": "Gruppen geändert",
    "dots": "Punktzahl geändert",
}


def action_label(action: str) -> str:
    if action.startswith("timer_"):
        return f"Ablauf: {action.removeprefix('timer_')}"
    if action.startswith("moderation_"):
        return f"Moderation: {action.removeprefix('moderation_')}"
    return ACTIONS_DE.get(action, action)


def audit_events(session: Session, *, workshop_id: int | None = None, limit: int = 1000) -> list[AuditEvent]:
    """Newest first; with a workshop, its events (and those without a workshop are left out)."""
    stmt = select(AuditEvent)
    if workshop_id is not None:
        stmt = stmt.where(AuditEvent.workshop_id == workshop_id)
    return list(session.scalars(stmt.order_by(AuditEvent.id.desc()).limit(limit)))


def audit_rows(events: list[AuditEvent]) -> list[dict[str, object]]:
    """Rows for the table and the CSV/XLSX export (times in Europe/Berlin)."""
    return [
        {
            "Nr.": e.id,
            "Zeit": e.created_at.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M:%S"),
            "Konto": e.actor,
            "Rolle": e.role,
            "Aktion": action_label(e.action),
            "Objekt": f"{e.object_type} {e.object_id}".strip(),
            "Werkstatt-ID": e.workshop_id if e.workshop_id is not None else "",
            "Details": e.detail,
        }
        for e in events
    ]
