"""Which activity participants do during an agenda item. Pure data, no database.

A series file may name the activity per agenda item (`activity = "questions"`) or
per kind for the whole series (`[series.activities]`); otherwise the kind's
default below applies (the Bottrop programme needs no entry at all).
"""

from __future__ import annotations

CHECKIN, QUESTIONS, CONTRIBUTIONS, RESULTS, NETWORKING, NONE = (
    "checkin",
    "questions",
    "contributions",
    "results",
    "networking",
    "none",
)

ACTIVITY_LABELS: dict[str, str] = {
    CHECKIN: "Vorstellungsrunde",
    QUESTIONS: "Fragen an die Referierenden",
    CONTRIBUTIONS: "Beiträge und Punkte",
    RESULTS: "Ergebnisse (Fazit und Ausblick)",
    NETWORKING: "Bilaterale Vernetzung",
    NONE: "keine Eingabe",
}

DEFAULT_BY_KIND: dict[str, str] = {
    "welcome": CHECKIN,
    "research": QUESTIONS,
    "practice": QUESTIONS,
    "external_input": QUESTIONS,
    "break": NONE,
    "group_discussion": CONTRIBUTIONS,
    "conclusion": RESULTS,
    "networking": NETWORKING,
}


def resolve_activity(kind: str, stored: str = "", series_defaults: dict[str, str] | None = None) -> str:
    """The activity of an agenda item: its own entry, else the series' entry for its kind, else the default."""
    if stored:
        return stored
    if series_defaults and kind in series_defaults:
        return series_defaults[kind]
    return DEFAULT_BY_KIND.get(kind, NONE)
