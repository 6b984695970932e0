"""Errors next to the fields: a slot under each field, filled after a refused submit, and focus on the summary.

The slots are made while the form is drawn (filling a slot does not rebuild the form, so
everything typed stays). Streamlit cannot set `aria-describedby` or `aria-invalid` on its
inputs; a small script does, and moves the keyboard focus to the error summary, as
WCAG 3.3.1 and the GOV.UK pattern ask. Only fixed sentences of the services go in, escaped.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

_SCRIPT = """<script>
(() => {
  const doc = document, summary = %s, focus = %s;  // run %d
  let tries = 0;
  const run = () => {
    const box = doc.querySelector('.st-key-' + summary + ' [data-testid="stAlert"]');
    if (!box) { if (tries++ < 60) { setTimeout(run, 50); } return; }
    for (const el of doc.querySelectorAll('[data-ws-invalid]')) {
      el.removeAttribute('aria-invalid'); el.removeAttribute('aria-describedby'); el.removeAttribute('data-ws-invalid');
    }
    for (const note of doc.querySelectorAll('[data-ws-error-for]')) {
      const holder = doc.querySelector('[class*="st-key-' + note.getAttribute('data-ws-error-for') + '"]');
      const control = holder && holder.querySelector('input, textarea');
      if (control) {
        control.setAttribute('aria-invalid', 'true');
        control.setAttribute('aria-describedby', note.id);
        control.setAttribute('data-ws-invalid', '');
      }
    }
    if (focus) { box.setAttribute('tabindex', '-1'); box.focus(); }
  };
  run();
})();
</script>"""


class FieldErrors:
    """Message slots of one form; without a `form_key` it makes none (a form that shows only the summary)."""

    def __init__(self, form_key: str = "", *, focus_summary: bool = True) -> None:
        self.form_key = form_key
        self.focus_summary = focus_summary  # False: the focus stays on the button (a short form)
        self._slots: dict[str, tuple[str, DeltaGenerator]] = {}

    @property
    def summary_key(self) -> str:
        return f"{self.form_key}_summary"

    def slot(self, field: str, widget_key: str, where: DeltaGenerator | None = None) -> None:
        """A place right under the widget `widget_key` (a key, or the start of several keys) for `field`."""
        if self.form_key:
            self._slots[field] = (widget_key, where.empty() if where is not None else st.empty())

    def report(self, target: DeltaGenerator, summary: str, messages: Mapping[str, str]) -> None:
        """The summary (fixed sentences) into `target`, a slot above the form; each sentence under its field."""
        with target.container(key=self.summary_key):
            st.error(summary, icon="⚠️")
            self._show(messages)

    def _show(self, messages: Mapping[str, str]) -> None:
        for field, (widget_key, slot) in self._slots.items():
            text = messages.get(field)
            if text:
                slot.html(
                    f'<p class="ws-field-error" id="ws-err-{widget_key}" data-ws-error-for="{widget_key}">'
                    f'<span class="ws-sr-only">Fehler: </span><span aria-hidden="true">⚠ </span>'
                    f"{html.escape(text)}</p>"
                )
        runs = st.session_state.get("ws_field_error_runs", 0) + 1
        st.session_state["ws_field_error_runs"] = runs  # a new script text: the browser runs it again
        focus = "true" if self.focus_summary else "false"
        st.html(_SCRIPT % (f"'{self.summary_key}'", focus, runs), unsafe_allow_javascript=True)
