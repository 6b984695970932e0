"""Fixtures for the database tests: a real SMTP sink on loopback."""

from tests.db.smtp_sink import smtp_sink  # noqa: F401  (fixture)
