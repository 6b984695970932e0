"""A publication's frozen content: what /ergebnisse shows until the organizer republishes.

Plain JSON (no ids of people, nothing personal): contributions with their path,
votes and theme, the moderation summary and the workshop's next step.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from werkstatt.results.tallies import Moderation

VERSION = 1


def to_snapshot(
    *, contributions: list[Any], moderation: Moderation, next_step: str, title: str, number: int
) -> dict[str, Any]:
    return {
        "version": VERSION,
        "number": number,
        "title": title,
        "next_step": next_step,
        "moderation": {"hidden": moderation.hidden, "reasons": moderation.reasons, "merged": moderation.merged},
        "contributions": [asdict(c) for c in contributions],
    }


def moderation_from(data: dict[str, Any]) -> Moderation:
    return Moderation(
        hidden=int(data["hidden"]),
        reasons=[(str(r), int(n)) for r, n in data["reasons"]],
        merged=int(data["merged"]),
    )
