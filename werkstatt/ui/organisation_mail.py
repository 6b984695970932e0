"""/organisation, tab "E-Mails": write to people (preview, test send), outbox per workshop, retries."""

from __future__ import annotations

import email
from email import policy
from email.message import EmailMessage

import pandas as pd
import streamlit as st

from werkstatt.clock import utc_now
from werkstatt.errors import WerkstattError
from werkstatt.mail.bulk import AUDIENCES, mail_people, preview_free_text
from werkstatt.mail.outbox import outbox, resend_join_link, retry_now
from werkstatt.records import OutboxMail, Workshop
from werkstatt.ui.db import read_only, settings
from werkstatt.ui.organisation_common import MAIL_STATUS_DE, act, local, mails


def compose(workshop: Workshop, actor: str, actor_email: str) -> None:
    st.header("E-Mail an Personen dieser Werkstatt")
    audience = st.radio(
        "An", list(AUDIENCES), format_func=lambda k: AUDIENCES[k], horizontal=True, key="orga_mail_audience"
    )
    subject = st.text_input("Betreff", key="orga_mail_subject", max_chars=200)
    body = st.text_area("Text", key="orga_mail_body", height=200, max_chars=10000)
    st.caption("Anrede und die Links zu Impressum, Datenschutz und Barrierefreiheit fügt Werkstatt selbst hinzu.")
    if subject.strip() and body.strip():
        with st.expander("Vorschau", expanded=False):
            with read_only() as session:
                try:
                    preview = preview_free_text(session, workshop_id=workshop.id, subject=subject, body=body)
                except WerkstattError as err:
                    st.error(err.message)
                else:
                    st.text(preview)
    c1, c2 = st.columns(2)
    if c1.button("Testmail an mich", key="orga_mail_test", width="stretch"):
        act(
            lambda s: mail_people(
                s, workshop_id=workshop.id, audience="test", subject=subject, body=body, actor=actor, now=utc_now()
            ),
            lambda n: f"Testmail an {actor_email} liegt im Postausgang.",
        )
    if c2.button("An alle senden", key="orga_mail_send", type="primary", width="stretch"):
        act(
            lambda s: mail_people(
                s, workshop_id=workshop.id, audience=audience, subject=subject, body=body, actor=actor, now=utc_now()
            ),
            lambda n: f"{mails(n)} liegen im Postausgang und werden gleich gesendet.",
        )


def render(workshop: Workshop, confirmed: int, actor: str, actor_email: str) -> None:
    smtp = settings().smtp
    if smtp is None:
        st.info(
            "Kein SMTP-Server eingerichtet (WERKSTATT_SMTP_HOST): E-Mails bleiben hier im Postausgang "
            "und können als .eml heruntergeladen werden."
        )
    else:
        st.caption(f"Versand über {smtp.host}:{smtp.port}; neue E-Mails gehen innerhalb weniger Sekunden hinaus.")
    compose(workshop, actor, actor_email)
    st.header("Postausgang")
    b1, b2 = st.columns(2)
    if b1.button("Fehlgeschlagene erneut versuchen", width="stretch"):
        act(lambda s: retry_now(s, actor=actor, now=utc_now()), lambda n: f"{mails(n)} werden erneut versucht.")
    with b2.popover("Zugangslink erneut senden", width="stretch"):
        st.write(f"An alle {confirmed} bestätigten Personen der Werkstatt {workshop.number}.")
        if st.button("Jetzt an alle senden", key="orga_resend", type="primary"):
            act(
                lambda s: resend_join_link(s, workshop_id=workshop.id, actor=actor, now=utc_now()),
                lambda n: f"{mails(n)} mit dem Zugangslink liegen im Postausgang.",
            )
    only_this = st.toggle(f"Nur Werkstatt {workshop.number}", value=True, key="orga_outbox_filter")
    with read_only() as session:
        rows = outbox(session, workshop_id=workshop.id if only_this else None)
    outbox_table(rows)


def outbox_table(rows: list[OutboxMail]) -> None:
    if not rows:
        st.caption("Der Postausgang ist leer.")
        return
    st.dataframe(
        pd.DataFrame(
            {
                "Nr.": [m.id for m in rows],
                "Status": [MAIL_STATUS_DE[m.status] for m in rows],
                "An": [m.to_address for m in rows],
                "Betreff": [m.subject for m in rows],
                "Versuche": [m.attempts for m in rows],
                "Fehler": [m.last_error for m in rows],
                "erstellt": [local(m.created_at) for m in rows],
                "gesendet": [local(m.sent_at) for m in rows],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    chosen = st.selectbox("E-Mail lesen", rows, format_func=lambda m: f"Nr. {m.id} · {m.to_address} · {m.subject}")
    with st.container(border=True):
        st.text(readable(chosen))
    st.download_button(
        "Als .eml herunterladen",
        chosen.message.encode(),
        file_name=f"werkstatt-mail-{chosen.id}.eml",
        mime="message/rfc822",
    )


def readable(mail: OutboxMail) -> str:
    """The plain-text part of a stored mail, decoded (shown as text, never as Markdown)."""
    msg = email.message_from_string(mail.message, _class=EmailMessage, policy=policy.default)
    part = msg.get_body(("plain",))
    text = part.get_content() if part is not None else ""
    return f"Betreff: {mail.subject}\nAn: {mail.to_address}\n\n{text}"
