"""Placeholder until the participation helper (issue 5) delivers the real panels; renders nothing."""

from __future__ import annotations

from werkstatt.ui.auth import StaffUser


def moderation_contributions_panel(workshop_id: int, user: StaffUser) -> None:
    return None


def beamer_join_corner(workshop_id: int) -> None:
    return None


def beamer_wall(workshop_id: int) -> None:
    return None
