"""The product look: one stylesheet, injected once per run. No user text goes in here."""

from __future__ import annotations

import streamlit as st

_CSS = """
<style>
  #MainMenu, footer, [data-testid="stToolbar"] {visibility: hidden;}
  .block-container {padding-top: 2.2rem; max-width: 1100px;}
  h1, h2, h3 {letter-spacing: -0.01em;}
  .ws-hero {background: linear-gradient(135deg, #123C5A 0%, #1F6F8B 100%); color: #fff;
            border-radius: 16px; padding: 1.6rem 1.8rem; margin-bottom: 1.2rem;}
  .ws-hero .kicker {text-transform: uppercase; font-size: .8rem; letter-spacing: .12em; opacity: .85;}
  .ws-hero h1 {color: #fff; font-size: 2.1rem; margin: .2rem 0 .4rem 0; padding: 0;}
  .ws-hero p {margin: 0; opacity: .95; font-size: 1.05rem;}
  .ws-card {border: 1px solid #D9E2EA; border-radius: 14px; padding: 1rem 1.1rem;
            background: #fff; height: 100%;}
  .ws-card .num {font-size: .8rem; font-weight: 700; color: #1F6F8B; text-transform: uppercase;
                 letter-spacing: .08em;}
  .ws-card .title {font-weight: 650; font-size: 1.05rem; margin: .25rem 0 .4rem 0; line-height: 1.3;}
  .ws-card .when {color: #44546A; font-size: .95rem;}
  .ws-badge {display: inline-block; background: #E7F1F6; color: #123C5A; border-radius: 999px;
             padding: .1rem .6rem; font-size: .8rem; font-weight: 600; margin-right: .3rem;}
  .ws-badge.ws-past {background: #ECECEC; color: #2B2B2B;}
  .ws-legal {margin-top: 2.5rem; padding-top: .8rem; border-top: 1px solid #D9E2EA; font-size: .9rem;}
  @media (max-width: 640px) {
    .block-container {padding-left: .8rem; padding-right: .8rem;}
    .ws-hero {padding: 1.1rem 1.1rem;}
    .ws-hero h1 {font-size: 1.55rem;}
  }
</style>
"""


def apply_style() -> None:
    st.html(_CSS)
