"""A real SMTP server on loopback (aiosmtpd) that collects what it receives, for the mail tests."""

from __future__ import annotations

import email
import socket
import time
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from werkstatt.mail.settings import SmtpSettings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Sink:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"].addresses[0].addr_spec == address]

    def wait_for(self, predicate: Any, *, seconds: float = 10.0) -> list[EmailMessage]:
        """Poll until `predicate(messages)` holds; a functional deadline, not a latency figure."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if predicate(self.messages):
                return self.messages
            time.sleep(0.05)
        raise AssertionError(f"nach {seconds} s nicht angekommen: {[str(m['Subject']) for m in self.messages]}")


@pytest.fixture
def smtp_sink() -> Iterator[tuple[Sink, SmtpSettings]]:
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port(), enable_SMTPUTF8=True)
    controller.start()
    try:
        yield sink, SmtpSettings(host="127.0.0.1", port=controller.port, starttls=False, sender="orga@bottrop.de")
    finally:
        controller.stop()
