"""Streamlit's config reads in the server do not wait on its config lock (werkstatt/ui/config_reads.py)."""

from __future__ import annotations

import threading

import pytest
from streamlit import config

from werkstatt.ui import config_reads


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config, "get_option", config.get_option)  # restored after the test
    config.get_option("global.minCachedMessageSize")  # options built, as in a running server
    config_reads.install()
    config_reads.install()  # a second call keeps the one reader


def test_a_read_does_not_wait_while_another_thread_holds_the_config_lock(installed: None) -> None:
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with config._config_lock:
            held.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(10)
    answers: list[object] = []
    reader = threading.Thread(target=lambda: answers.append(config.get_option("global.minCachedMessageSize")))
    reader.start()
    reader.join(10)  # Streamlit's own reader would wait until the holder lets go
    stuck = reader.is_alive()
    release.set()
    holder.join()
    reader.join()
    assert not stuck and answers == [config_reads._original("global.minCachedMessageSize")]


def test_every_option_reads_as_before_and_an_unknown_one_still_fails(installed: None) -> None:
    assert config_reads.installed()
    for key in config._config_options or {}:
        assert config.get_option(key) == config_reads._original(key), key
    with pytest.raises(RuntimeError, match="not defined"):
        config.get_option("server.gibtEsNicht")
