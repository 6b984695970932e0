"""The statement names a feedback address from the configuration, never anything that breaks its link."""

from __future__ import annotations

from werkstatt.accessibility.statement import KNOWN_LIMITS, feedback_contact
from werkstatt.settings import Settings


def test_contact_comes_from_the_configuration_with_the_mail_sender_as_fallback() -> None:
    env = {"WERKSTATT_A11Y_CONTACT": "barrierefrei@bottrop.de", "WERKSTATT_SMTP_FROM": "x@y.de"}
    assert feedback_contact(["Stadt Bottrop"], Settings.from_env(env)).email == "barrierefrei@bottrop.de"
    sender = {"WERKSTATT_SMTP_FROM": "Stadt Bottrop <werkstatt@bottrop.de>"}
    assert feedback_contact([], Settings.from_env(sender)).email == "werkstatt@bottrop.de"
    assert feedback_contact(["Stadt Bottrop"], Settings.from_env({})).organisations == ("Stadt Bottrop",)


def test_an_address_that_would_break_the_mailto_link_is_left_out() -> None:
    assert (
        feedback_contact([], Settings.from_env({"WERKSTATT_A11Y_CONTACT": "a@b.de) [x](javascript:alert(1)"})).email
        == ""
    )
    assert feedback_contact([], Settings.from_env({})).email == ""


def test_known_limits_name_the_english_labels_the_app_cannot_reach() -> None:
    assert any("Skip to main content" in limit for limit in KNOWN_LIMITS)
