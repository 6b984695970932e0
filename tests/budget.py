"""How hard property tests try: fully in `make test`, briefly per mutant under `make mutate` (mutants/ copy)."""

from __future__ import annotations

from pathlib import Path

# mutmut runs the tests from its copy of the project in mutants/; every mutant reruns the property tests.
UNDER_MUTATION = Path(__file__).resolve().parents[1].name == "mutants"


def examples(full: int, *, under_mutation: int = 30) -> int:
    return min(full, under_mutation) if UNDER_MUTATION else full
