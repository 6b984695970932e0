"""The accessibility statement (Barrierefreiheitserklärung): what was measured, what is known, whom to tell.

The facts are data in one place, so the page and the tests read the same list;
update them with each measurement (tests/e2e/test_accessibility.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from werkstatt.settings import Settings

_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
MEASURED_ON = "27. November 2026"
STANDARD = "BITV 2.0 / WCAG 2.1, Stufe AA (EN 301 549)"
STATUS = "teilweise barrierefrei"
METHOD = (
    "Automatische Prüfung mit axe-core 4.14 in Chromium (WCAG 2.0/2.1, Stufen A und AA) auf allen Seiten und "
    "Zuständen – Programm, Anmeldung (leer, mit Fehlern, erledigt), Mitmachen (Beitritt, beigetreten, Beitrag "
    "gesendet, Punkt gegeben), Ergebnisse, Team-Login (auch leer abgeschickt), Organisation (alle Reiter), "
    "Moderation (beide Reiter in jeder Timer-Stufe: im Plan, unter 20 %, unter 5 %, überzogen), "
    "Beamer-Ansicht (Timer in jeder Stufe, Beitragswand, Fazit) – jeweils bei 390×844 (Handy), 1366×768 (Laptop) "
    "und 1920×1080 (geteilter Bildschirm); auf jedem dieser Zustände dazu die Reihenfolge der Überschriften "
    "(genau eine Hauptüberschrift, keine Ebene übersprungen). Dazu automatisch: Fehlermeldungen stehen im "
    "Formular unter dem betroffenen Feld und in einer Zusammenfassung, der Fokus springt zur Zusammenfassung "
    "und Eingaben bleiben erhalten; die Mitmach-Ecke der Beamer-Ansicht bei 200 % Zoom (960×540 bei doppelter "
    "Pixeldichte) ohne waagerechten Bildlauf und ohne Überlappung; am Handy beginnt kein Inhalt unter der "
    "Kopfleiste; Bedienung nur mit der Tastatur (Beitreten, Beitrag senden, Punkt geben). Eine Prüfung mit "
    "Screenreadern durch Menschen, die sie täglich nutzen, steht noch aus."
)
RESULT = "Keine kritischen oder ernsten Verstöße gegen die geprüften Regeln."

# Known limits of the framework (Streamlit) that this app cannot change itself.
KNOWN_LIMITS: tuple[str, ...] = (
    "Die Seiten entstehen im Browser per JavaScript; ohne JavaScript ist die Anwendung nicht nutzbar.",
    "Einige Bedienelemente von Streamlit tragen englische Bezeichnungen, bis ein Skript sie kurz nach dem "
    "Laden übersetzt (z. B. „Skip to main content“, „Press Enter to submit form“, Tabellen-Werkzeuge wie "
    "„Download as CSV“). Screenreader können sie in diesem Moment englisch vorlesen.",
    "Tabellen (Ablaufplan der Moderation, Zahlen im Fazit) werden als Raster-Widget auf einer Zeichenfläche "
    "dargestellt; Screenreader lesen sie Zelle für Zelle. Die Zahlen stehen zusätzlich als Text daneben.",
    "Diagramme sind Grafiken; ihr Inhalt steht als Textalternative und in der Tabelle „Alle Zahlen als Tabelle“.",
    "Die Verbindung zum Server wird während einer Werkstatt regelmäßig erneuert; kurze Wartezeiten "
    "werden nicht immer angesagt.",
    "Die Seitentitel werden nach dem Laden gesetzt; der erste Augenblick heißt die Seite „Werkstatt“.",
)

# What is known in this app and not yet fixed (keep honest; empty when nothing is known).
KNOWN_GAPS: tuple[str, ...] = (
    "Die Fehlerzusammenfassung über einem Formular nennt jedes Problem, springt aber nicht per Link zum Feld; "
    "die Meldung steht zusätzlich direkt unter dem Feld.",
    "Die Beamer-Ansicht ist für den geteilten Bildschirm gebaut; sie hat kein Menü. Moderation und Abmelden "
    "erreichen Sie in einem zweiten Fenster.",
)


@dataclass(frozen=True)
class Contact:
    email: str
    organisations: tuple[str, ...]


def feedback_contact(organizers: list[str], settings: Settings) -> Contact:
    """Whom to tell about a barrier: WERKSTATT_A11Y_CONTACT, else the sender address of the mails."""
    email = settings.a11y_contact or settings.smtp_from
    if "<" in email and email.endswith(">"):  # "Stadt Bottrop <werkstatt@bottrop.de>"
        email = email.rsplit("<", 1)[1][:-1].strip()
    if not _PLAIN_ADDRESS.fullmatch(email):  # it goes into a mailto: link
        email = ""
    return Contact(email=email, organisations=tuple(organizers))
