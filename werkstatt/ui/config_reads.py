"""Streamlit's config reads without its process-wide lock (installed once per server process by serve.py).

`streamlit.config.get_option` takes one `RLock` for every read, and Streamlit reads its config for
every element a script sends (`populate_hash_if_needed`, `save_for_app_testing`). With 200 phones'
script threads, a thread preempted by the GIL while it held that lock made all others sleep on it:
py-spy at 200 phones found 55 % of the script threads' samples waiting in `get_option`, and the
server half idle while posts waited (docs/performance.md, "Round 5").

Streamlit builds its options once at start; this reads that dict without the lock, as Streamlit's
own reviewers proposed when the lock came in (streamlit/streamlit#2860). Before the options exist,
and for unknown keys, the original function answers (and raises as before). Trade-off: a config
file re-read while serving (Streamlit fills a fresh dict under the lock) could be seen half-filled
for a moment; the server reads its config at start only, nobody edits it under a running workshop.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from streamlit import config

_original: Callable[[str], Any] = config.get_option


def _get_option(key: str) -> Any:
    options = config._config_options  # replaced as a whole on a re-read; a local reference stays consistent
    if options is None:
        return _original(key)
    option = options.get(key)
    if option is None:
        return _original(key)
    return option.value


def install() -> None:
    """Idempotent: later calls keep the one installed reader."""
    config.get_option = _get_option  # every Streamlit module reads config.get_option


def installed() -> bool:
    return config.get_option is _get_option
