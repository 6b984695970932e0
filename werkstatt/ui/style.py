"""The product look: one stylesheet, injected once per run. No user text goes in here.

Colours come from werkstatt/palette.py (contrast checked there); nothing is faded
with opacity. Streamlit's header stays: it holds the button that opens the menu.
"""

from __future__ import annotations

import streamlit as st

from werkstatt.palette import ACCENT, BADGE, ERROR, HAIRLINE, INK, LINE, MUTED, NAVY, SURFACE, WHITE

_CSS = f"""
<style>
  #MainMenu, footer, [data-testid="stAppDeployButton"], [data-testid="stStatusWidget"] {{display: none;}}
  /* Streamlit's header is opaque and 3.75rem high: content starts below it, on every width. */
  .block-container {{padding-top: 4.2rem; max-width: 1100px;}}
  h1, h2, h3 {{letter-spacing: -0.01em;}}
  /* Sections are h2 right under the page's h1 (no level skipped); they look like section titles. */
  /* :where() keeps these weakest: a screen's own heading size (e.g. the Fazit) still wins. */
  :where([data-testid="stHeading"], [data-testid="stMarkdownContainer"]) h2 {{font-size: 1.6rem !important;}}
  :where([data-testid="stHeading"], [data-testid="stMarkdownContainer"]) h3 {{font-size: 1.3rem !important;}}
  /* Captions and radio hints are real content here: full colour, not the theme's faded text. */
  [data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
  [data-testid="stWidgetLabel"] [data-testid="stCaptionContainer"] {{color: {MUTED} !important; opacity: 1 !important;}}
  [data-testid="stCaptionContainer"] a, [data-testid="stMarkdownContainer"] a {{color: {ACCENT};
      text-decoration: underline;}}
  [data-testid="stRadio"] label p, [data-testid="stRadio"] div {{opacity: 1 !important;}}
  /* Streamlit fades what is being recomputed; a timer that reruns every second would keep
     dropping below the contrast minimum. Content stays at full colour while it refreshes. */
  [data-stale="true"], [data-stale="true"] * {{opacity: 1 !important; transition: none !important;}}
  :focus-visible {{outline: 3px solid {ACCENT} !important; outline-offset: 2px;}}
  /* A heading only for screen readers takes no room (no flex gap) in the layout. */
  /* ... and no width either: full width plus the page padding would reach past the right edge. */
  [data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > .ws-sr-only) {{position: absolute;
      width: 1px !important; overflow: hidden;}}
  .ws-sr-only {{position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0;
                overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;}}
  /* The message under a field that needs another look (werkstatt/ui/field_errors.py). */
  .ws-field-error {{color: {ERROR}; font-size: .92rem; font-weight: 600; margin: -.6rem 0 0 0;}}
  /* The phone's contribution list, drawn in the browser (werkstatt/live/live_client.js, renderBoard). */
  .wb-list {{list-style: none; margin: .4rem 0 0 0; padding: 0; display: flex; flex-direction: column;
             gap: .6rem;}}
  .wb-card {{border: 1px solid {LINE}; border-radius: .5rem; padding: .75rem .9rem; margin: 0;
             background: {WHITE};}}
  .wb-card p {{margin: 0 0 .35rem 0; overflow-wrap: anywhere; white-space: pre-line;}}
  .wb-meta {{color: {MUTED}; font-size: .875rem;}}
  .wb-votes {{font-weight: 700;}}
  .wb-trace {{font-style: italic; color: {MUTED};}}
  .wb-dots, .wb-count, .wb-hint, .wb-empty {{margin: 0 0 .4rem 0;}}
  .wb-count, .wb-hint, .wb-empty {{color: {MUTED}; font-size: .875rem;}}
  .wb button {{font: inherit; min-height: 2.75rem; border-radius: .5rem; cursor: pointer; padding: .4rem .9rem;}}
  .wb-dot {{width: 100%; background: {ACCENT}; color: {WHITE}; border: 1px solid {ACCENT}; font-weight: 600;}}
  .wb-dot:hover:not(:disabled) {{background: {NAVY}; border-color: {NAVY};}}
  .wb-dot:disabled {{background: {SURFACE}; color: {MUTED}; border-color: {LINE}; cursor: not-allowed;}}
  .wb-dot[aria-busy="true"] {{cursor: progress;}}
  .wb-more, .wb-withdraw {{background: {WHITE}; color: {INK}; border: 1px solid {LINE}; margin-top: .6rem;}}
  .wb-more:hover, .wb-withdraw:hover {{border-color: {ACCENT}; color: {ACCENT};}}
  .wb [hidden] {{display: none !important;}}
  .ws-brand {{font-size: 1.3rem; font-weight: 700; color: {NAVY}; margin: 0;}}
  .ws-menu-section {{font-size: .85rem; font-weight: 700; text-transform: uppercase; letter-spacing: .08em;
                     color: {MUTED}; margin: .6rem 0 0 0;}}
  .st-key-ws-phone-nav, [class*="st-key-ws-say-"] {{display: none;}}
  .ws-hero {{background: linear-gradient(135deg, {NAVY} 0%, {ACCENT} 100%); color: {WHITE};
            border-radius: 16px; padding: 1.6rem 1.8rem; margin-bottom: 1.2rem;}}
  .ws-hero .kicker {{text-transform: uppercase; font-size: .8rem; letter-spacing: .12em;}}
  .ws-hero h1 {{color: {WHITE}; font-size: 2.1rem; margin: .2rem 0 .4rem 0; padding: 0;}}
  .ws-hero p {{margin: 0; font-size: 1.05rem;}}
  .ws-card {{border: 1px solid {HAIRLINE}; border-radius: 14px; padding: 1rem 1.1rem;
            background: {WHITE}; height: 100%;}}
  .ws-card .num {{font-size: .8rem; font-weight: 700; color: {ACCENT}; text-transform: uppercase;
                 letter-spacing: .08em;}}
  .ws-card .title {{font-weight: 650; font-size: 1.05rem; margin: .25rem 0 .4rem 0; line-height: 1.3;
                   color: {INK};}}
  .ws-card .when {{color: {MUTED}; font-size: .95rem;}}
  .ws-badge {{display: inline-block; background: {BADGE}; color: {NAVY}; border-radius: 999px;
             padding: .1rem .6rem; font-size: .8rem; font-weight: 600; margin-right: .3rem;}}
  .ws-badge.ws-past {{background: #ECECEC; color: #2B2B2B;}}
  .ws-legal {{margin-top: 2.5rem; padding-top: .8rem; border-top: 1px solid {HAIRLINE}; font-size: .9rem;}}
  .ws-legal a {{color: {ACCENT}; text-decoration: underline; margin: 0 .2rem;}}
  @media (max-width: 767px) {{
    .block-container {{padding-left: .8rem; padding-right: .8rem;}}
    .ws-hero {{padding: 1.1rem 1.1rem;}}
    .ws-hero h1 {{font-size: 1.55rem;}}
    /* The sidebar hides behind its toggle: the public pages stay one tap away. */
    .st-key-ws-phone-nav {{display: flex; border-bottom: 1px solid {HAIRLINE}; padding-bottom: .3rem;}}
    .st-key-ws-phone-nav {{gap: 0 !important; flex-wrap: nowrap; overflow-x: auto;}}
    .st-key-ws-phone-nav a {{min-height: 44px; padding: 0 .45rem; white-space: nowrap;}}
  }}
</style>
"""


STYLESHEET = _CSS  # also served in the page's head (werkstatt/ui/html_lang.py)


def apply_style() -> None:
    st.html(_CSS)
