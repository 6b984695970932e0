"""Barrierefreiheitserklärung (public): the measured state, known limits, and whom to tell."""

import streamlit as st

from werkstatt.accessibility.statement import (
    KNOWN_GAPS,
    KNOWN_LIMITS,
    MEASURED_ON,
    METHOD,
    RESULT,
    STANDARD,
    STATUS,
    feedback_contact,
)
from werkstatt.series.store import list_series
from werkstatt.text.markdown import escape_md
from werkstatt.ui.db import read_only, settings
from werkstatt.ui.page import public_page

user = public_page()
with read_only() as session:
    organizers = [name for series in list_series(session) for name in series.organizers]
contact = feedback_contact(organizers, settings())

st.title("Erklärung zur Barrierefreiheit")
st.markdown(
    f"Die Veranstalter möchten diese Anwendung für alle nutzbar machen. Maßstab ist die {STANDARD}. "
    f"Diese Erklärung gilt für alle Seiten der Anwendung."
)
st.header("Stand der Vereinbarkeit")
st.markdown(f"Die Anwendung ist **{STATUS}**. Zuletzt geprüft am {MEASURED_ON}.")
st.markdown(f"**So wurde geprüft:** {METHOD}")
st.markdown(f"**Ergebnis:** {RESULT}")
st.header("Was (noch) nicht barrierefrei ist")
st.subheader("Grenzen der technischen Grundlage")
st.markdown("\n".join(f"- {escape_md(item)}" for item in KNOWN_LIMITS))
if KNOWN_GAPS:
    st.subheader("Bekannte Lücken dieser Anwendung")
    st.markdown("\n".join(f"- {escape_md(item)}" for item in KNOWN_GAPS))
st.header("Feedback und Kontakt")
st.markdown(
    "Ist Ihnen eine Barriere aufgefallen, oder brauchen Sie einen Inhalt in anderer Form? "
    "Schreiben Sie uns – wir antworten in der Regel innerhalb von zwei Wochen."
)
if contact.email:
    st.markdown(f"E-Mail: [{escape_md(contact.email)}](mailto:{contact.email})")
if contact.organisations:
    st.markdown("Veranstalter: " + escape_md(" · ".join(contact.organisations)))
st.header("Schlichtungsverfahren")
st.markdown(
    "Bleibt Ihre Rückmeldung ohne zufriedenstellende Antwort, können Sie sich an die Schlichtungsstelle "
    "nach dem Behindertengleichstellungsgesetz oder an die Ombudsstelle Ihres Bundeslandes wenden "
    "(in Nordrhein-Westfalen: Ombudsstelle für barrierefreie Informationstechnik bei der "
    "Landesbeauftragten für Menschen mit Behinderung)."
)
