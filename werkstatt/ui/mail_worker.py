"""Start the delivery worker once per server process (from the router).

`st.cache_resource` runs the start once per database URL and process; the worker
itself is the plain function werkstatt.mail.worker.start_delivery_worker, so an
`st.App` lifespan can start it instead.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from werkstatt.mail.worker import start_delivery_worker
from werkstatt.ui.db import engine, make_sessionmaker, settings


@st.cache_resource(show_spinner=False)
def _delivery_worker(url: str) -> Callable[[], None]:
    # The URL is an argument so AppTests with different databases never share a worker.
    return start_delivery_worker(make_sessionmaker(engine()), settings().smtp)


def ensure_delivery_worker() -> None:
    _delivery_worker(settings().database_url)
