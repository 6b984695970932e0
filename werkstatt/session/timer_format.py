"""Timer figures as people read them on every screen (pure, so tests pin the text)."""

from __future__ import annotations


def fmt_countdown(seconds: float) -> str:
    """'12:05' while time is left; '+01:23' counting up after zero."""
    if seconds < 0:
        s = int(-seconds)
        return f"+{s // 60:02d}:{s % 60:02d}"
    s = int(-(-seconds // 1))  # ceil: shows 00:01 until the last second has passed
    return f"{s // 60:02d}:{s % 60:02d}"


def fmt_drift(seconds: float | None) -> str:
    """'+4 min' behind, '−2 min' ahead, 'im Plan' within half a minute."""
    if seconds is None:
        return "–"
    minutes = round(seconds / 60)
    if minutes == 0:
        return "im Plan"
    return f"+{minutes} min" if minutes > 0 else f"−{-minutes} min"
