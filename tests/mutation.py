"""`make mutate`: mutmut on the rule modules with their fast tests, then the score per module.

    python -m tests.mutation                          # every rule module (long: run it with nice, one at a time)
    python -m tests.mutation werkstatt.session.timer  # one module
    python -m tests.mutation --score                  # only print the scores of the last run

Which modules and tests: [tool.mutmut] in pyproject.toml. Exit codes in mutants/**.meta: 1 = killed (a test
failed), 0 = survived, 33/34/36 and the like = no test / skipped / timeout (counted apart). See docs/testing.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KILLED, SURVIVED, NO_TESTS, TIMEOUT = 1, 0, 33, 36


def rule_modules() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]
    return [path.removesuffix(".py").replace("/", ".") for path in config["only_mutate"]]


def scores(modules: list[str]) -> dict[str, Counter[str]]:
    out: dict[str, Counter[str]] = {}
    for module in modules:
        meta = ROOT / "mutants" / (module.replace(".", "/") + ".py.meta")
        if not meta.exists():
            continue
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        tally: Counter[str] = Counter()
        for code in codes.values():
            if code == KILLED:
                tally["killed"] += 1
            elif code == SURVIVED:
                tally["survived"] += 1
            elif code is None:
                tally["not run"] += 1
            elif code == NO_TESTS:
                tally["no tests"] += 1
            elif code in (TIMEOUT, -24):
                tally["timeout"] += 1
            else:
                tally[f"other ({code})"] += 1
        out[module] = tally
    return out


def print_scores(modules: list[str]) -> None:
    print(f"{'module':40} {'killed':>7} {'survived':>9} {'no tests':>9} {'timeout':>8} {'score':>7}")
    for module, t in scores(modules).items():
        judged = t["killed"] + t["survived"] + t["no tests"]
        score = f"{100 * (t['killed'] + t['timeout']) / (judged + t['timeout']):.1f} %" if judged else "–"
        extra = ", ".join(f"{k}: {v}" for k, v in t.items() if k not in {"killed", "survived", "no tests", "timeout"})
        print(f"{module:40} {t['killed']:7} {t['survived']:9} {t['no tests']:9} {t['timeout']:8} {score:>7} {extra}")


def main(argv: list[str]) -> int:
    modules = rule_modules()
    if argv[:1] == ["--score"]:
        print_scores(modules)
        return 0
    wanted = [a for a in argv if not a.startswith("-")] or modules
    env = {**os.environ, "WERKSTATT_TEST_PG_URL": ""}  # fast tests: SQLite only
    for module in wanted:
        print(f"== mutmut: {module}", flush=True)
        subprocess.run([sys.executable, "-m", "mutmut", "run", f"{module}.*"], cwd=ROOT, env=env, check=False)
    print_scores(modules)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
