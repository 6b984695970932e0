"""Every colour pair the screens use keeps the WCAG 2.1 AA contrast; nothing is faded with opacity."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from werkstatt.palette import PAIRS, STAGES, contrast

ROOT = Path(__file__).resolve().parents[2]


def test_contrast_matches_the_wcag_reference_values() -> None:
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)  # the classic "just fails"
    assert contrast("#B34700", "#FFE3CF") < 4.5  # the old critical timer stage failed


@pytest.mark.parametrize(("fg", "bg", "minimum", "where"), PAIRS, ids=[p[3] for p in PAIRS])
def test_every_pair_meets_its_minimum(fg: str, bg: str, minimum: float, where: str) -> None:
    assert contrast(fg, bg) >= minimum, f"{where}: {fg} on {bg} is {contrast(fg, bg):.2f}:1"


def test_every_timer_stage_says_its_state_in_words() -> None:
    assert set(STAGES) == {"normal", "warn", "critical", "overrun"}
    assert all(stage.label for stage in STAGES.values())


def test_no_screen_fades_text_with_opacity() -> None:
    """A faded colour is a new colour with unknown contrast: it belongs into palette.py instead."""
    faded = []
    for path in [*ROOT.glob("werkstatt/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if any(float(value) < 1 for value in re.findall(r"opacity\s*:\s*([0-9]*\.?[0-9]+)", line)):
                faded.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not faded, "\n".join(faded)
