"""The one place for the app's colours, with the contrast each pair must keep (WCAG 2.1 AA).

Text needs 4.5:1 against its background (3:1 for large text, 1.4.3); bars, borders
and other graphics need 3:1 (1.4.11). No colour is faded with opacity anywhere: a
faded colour is a new colour and belongs here, checked by tests/unit/test_palette.py.
Pure Python, no streamlit: charts (werkstatt/results/charts.py) use it too.
"""

from __future__ import annotations

from typing import NamedTuple

WHITE = "#FFFFFF"
INK = "#1B2430"  # body text (the theme's textColor)
NAVY = "#123C5A"  # headings, big numbers, the join code
ACCENT = "#1F6F8B"  # primary buttons, links, bars (the theme's primaryColor)
MUTED = "#4A5567"  # secondary text: captions, meta lines, radio hints (>= 4.5:1 on every surface)
LINE = "#7A8797"  # borders of cards and inputs that carry meaning (>= 3:1 on white)
HAIRLINE = "#D9E2EA"  # decorative separators only (no information)
SURFACE = "#F1F5F8"  # sidebar (the theme's secondaryBackgroundColor)
TINT = "#F4F9FB"  # soft panel behind the join corner
BADGE = "#E7F1F6"  # pill background
BAR_SOFT = "#5B8FA8"  # secondary bars in charts (>= 3:1 on white)
ERROR = "#A0001C"  # the message under a form field that needs another look


class Stage(NamedTuple):
    """One countdown colour stage: text and bar colour on a soft background."""

    fg: str
    bg: str
    label: str  # said in words too: colour is never the only signal (1.4.1)


STAGES: dict[str, Stage] = {
    "normal": Stage("#123C5A", "#E7F1F6", "im Plan"),
    "warn": Stage("#6E4700", "#FFF3D6", "noch 20 % der Zeit"),
    "critical": Stage("#8F3900", "#FFE3CF", "gleich vorbei"),
    "overrun": Stage("#A0001C", "#FDE2E4", "Zeit überschritten"),
}

# (foreground, background, minimum ratio, where): every pair the screens use.
PAIRS: list[tuple[str, str, float, str]] = [
    (INK, WHITE, 4.5, "body text"),
    (INK, SURFACE, 4.5, "sidebar text"),
    (MUTED, WHITE, 4.5, "captions"),
    (MUTED, SURFACE, 4.5, "captions in the sidebar"),
    (MUTED, TINT, 4.5, "join corner label"),
    (NAVY, TINT, 4.5, "join code"),
    (ACCENT, WHITE, 4.5, "links"),
    (ACCENT, TINT, 4.5, "join link"),
    (ACCENT, SURFACE, 4.5, "links in the sidebar"),
    (WHITE, ACCENT, 4.5, "primary buttons"),
    (NAVY, BADGE, 4.5, "pills"),
    (LINE, WHITE, 3.0, "meaningful borders"),
    (ERROR, WHITE, 4.5, "error text under a field"),
    (BAR_SOFT, WHITE, 3.0, "secondary chart bars"),
    (ACCENT, WHITE, 3.0, "chart bars"),
    (WHITE, NAVY, 4.5, "hero text (dark end)"),
    (WHITE, ACCENT, 4.5, "hero text (light end)"),
] + [(s.fg, s.bg, 4.5, f"timer stage {name}") for name, s in STAGES.items()]


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """Relative luminance of '#RRGGBB' (WCAG 2.1 definition)."""
    hex_digits = colour.lstrip("#")
    r, g, b = (int(hex_digits[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(fg: str, bg: str) -> float:
    """Contrast ratio between two colours, 1.0 to 21.0."""
    lighter, darker = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
