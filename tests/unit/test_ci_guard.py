"""CI proves what it claims: under WERKSTATT_CI=1 a skipped test fails the run instead of passing silently."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _pytest(env_extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"WERKSTATT_TEST_PG_URL", "WERKSTATT_CI"}}
    env.update(env_extra)
    target = "tests/db/test_users.py::test_first_admin_gets_a_random_password_once"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", target],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_without_ci_a_missing_postgresql_is_a_visible_skip() -> None:
    run = _pytest({})
    assert run.returncode == 0, run.stdout
    assert "1 passed, 1 skipped" in run.stdout


def test_under_ci_a_skipped_postgresql_test_fails_the_run_with_its_reason() -> None:
    run = _pytest({"WERKSTATT_CI": "1"})
    assert run.returncode != 0, run.stdout
    assert "WERKSTATT_CI=1, aber der Test wurde übersprungen" in run.stdout
    assert "WERKSTATT_TEST_PG_URL ist nicht gesetzt" in run.stdout
