"""The server's garbage collector settings (werkstatt/ui/gc_tuning.py): fewer collections, cycles still freed."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from werkstatt.ui import gc_tuning


class _Node:
    other: _Node | None = None


@pytest.fixture
def tuned() -> Iterator[None]:
    threshold = gc.get_threshold()
    try:
        gc_tuning.install()
        gc_tuning.install()  # idempotent
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


def test_start_up_objects_are_frozen_and_the_first_generation_is_large(tuned: None) -> None:
    assert gc.isenabled()
    assert gc.get_freeze_count() > 1000  # the imported modules, out of every later collection
    assert gc.get_threshold() == (gc_tuning.FIRST_GENERATION, *gc_tuning.OLDER_GENERATIONS)


def test_a_reference_cycle_is_still_freed(tuned: None) -> None:
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    gone = weakref.ref(a)
    del a, b
    gc.collect(0)
    assert gone() is None
