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
import re
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
            elif code in (TIMEOUT, -24, -9):
                tally["timeout"] += 1
            else:
                tally[f"other ({code})"] += 1
        out[module] = tally
    return out


_STRING = re.compile(r"""[rfbu]?("([^"\\]|\\.)*"|'([^'\\]|\\.)*')""")


def survivors(module: str) -> list[str]:
    meta = ROOT / "mutants" / (module.replace(".", "/") + ".py.meta")
    codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"] if meta.exists() else {}
    return sorted(name for name, code in codes.items() if code == SURVIVED)


def is_string_mutant(name: str) -> bool:
    """A mutant that only changes a string literal (a German message, a label) or turns it into None."""
    diff = subprocess.run(
        [sys.executable, "-m", "mutmut", "show", name], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.splitlines()
    before = [line[1:] for line in diff if line.startswith("- ") or line.startswith("-\t")]
    after = [line[1:] for line in diff if line.startswith("+ ") or line.startswith("+\t")]

    def shape(lines: list[str]) -> str:
        return _STRING.sub("S", " ".join(lines)).replace("None", "S").replace(" ", "")

    return bool(before) and shape(before) == shape(after)


def print_scores(modules: list[str], *, classify: bool = True) -> None:
    """Score = killed (and timeouts) of the mutants run, leaving out string-only survivors (messages, labels)."""
    print(f"{'module':34} {'run':>5} {'killed':>7} {'timeout':>8} {'survived':>9} {'of them strings':>16} {'score':>7}")
    for module, t in scores(modules).items():
        run = t["killed"] + t["survived"] + t["no tests"] + t["timeout"]
        strings = sum(map(is_string_mutant, survivors(module))) if classify and t["survived"] else 0
        counted = run - strings
        score = f"{100 * (t['killed'] + t['timeout']) / counted:.1f} %" if counted else "–"
        line = f"{module:34} {run:5} {t['killed']:7} {t['timeout']:8} {t['survived']:9} {strings:16} {score:>7}"
        print(line + (f"  (not run: {t['not run']})" if t["not run"] else ""))


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
