"""What a person types into the registration form, cleaned and validated (pure, no database)."""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from werkstatt.errors import WerkstattError
from werkstatt.series.stakeholders import STAKEHOLDER_GROUPS

NAME_MAX = 100


ORGANISATION_MAX = 200


EMAIL_MAX = 254


TOKEN_MAX = 100


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


class InvalidInput(WerkstattError):
    """Several problems with one form at once; `problems` lists each German sentence.

    `fields` names the form field of each problem (an Applicant attribute, or "workshops"),
    so the form can show the sentence right under that field too.
    """

    def __init__(self, problems: Sequence[str], fields: Mapping[str, str] | None = None) -> None:
        super().__init__(" ".join(problems))
        self.problems = list(problems)
        self.fields = dict(fields or {})


@dataclass(frozen=True)
class Applicant:
    first_name: str
    last_name: str
    email: str
    organisation: str = ""
    stakeholder_group: str = ""
    privacy_consent: bool = False
    networking_consent: bool = False


def clean_line(value: str) -> str:
    """One line of user text: control characters out, whitespace collapsed, NFC."""
    text = unicodedata.normalize("NFC", value or "")
    text = _CONTROL.sub(" ", text)
    return " ".join(text.split())


def normalize_email(value: str) -> str:
    """Validated, lower-case address; raises WerkstattError (German) when invalid."""
    raw = clean_line(value)
    if not raw:
        raise WerkstattError("Bitte geben Sie Ihre E-Mail-Adresse an.")
    if len(raw) > EMAIL_MAX:
        raise WerkstattError("Die E-Mail-Adresse ist zu lang.")
    try:
        checked = validate_email(raw, check_deliverability=False, allow_smtputf8=True)
    except EmailNotValidError:
        raise WerkstattError(
            "Die E-Mail-Adresse ist ungültig. Bitte prüfen Sie sie (Beispiel: name@beispiel.de)."
        ) from None
    return checked.normalized.lower()


def validate_applicant(applicant: Applicant, *, require_consent: bool = True) -> Applicant:
    """Clean every field; collect all problems so the form can show them at once."""
    problems: dict[str, str] = {}  # field -> its sentence, in form order
    fields = {}
    for attr, label, accusative, limit, required in (
        ("first_name", "Vorname", "Ihren Vornamen", NAME_MAX, True),
        ("last_name", "Nachname", "Ihren Nachnamen", NAME_MAX, True),
        ("organisation", "Organisation", "Ihre Organisation", ORGANISATION_MAX, False),
    ):
        value = clean_line(getattr(applicant, attr))
        if required and not value:
            problems[attr] = f"Bitte geben Sie {accusative} an."
        elif len(value) > limit:
            problems[attr] = f"{label}: bitte höchstens {limit} Zeichen (eingegeben: {len(value)})."
        elif "<" in value or ">" in value:
            problems[attr] = f"{label}: spitze Klammern (< >) sind nicht erlaubt."
        fields[attr] = value
    try:
        fields["email"] = normalize_email(applicant.email)
    except WerkstattError as err:
        problems["email"] = err.message
    group = clean_line(applicant.stakeholder_group)
    if group and group not in STAKEHOLDER_GROUPS:
        problems["stakeholder_group"] = "Bitte wählen Sie eine Gruppe aus der Liste."
    if require_consent and not applicant.privacy_consent:
        problems["privacy_consent"] = (
            "Bitte bestätigen Sie, dass Sie den Datenschutzhinweis gelesen haben, sonst können wir Sie nicht anmelden."
        )
    if problems:
        raise InvalidInput(list(problems.values()), fields=problems)
    return Applicant(
        **fields,
        stakeholder_group=group,
        privacy_consent=applicant.privacy_consent,
        networking_consent=applicant.networking_consent,
    )


def new_cancel_token() -> str:
    return secrets.token_urlsafe(32)
