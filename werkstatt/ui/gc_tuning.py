"""The server's garbage collector, tuned for many long-lived sessions (installed by serve.py's lifespan).

With 200 phones, Python's default thresholds (700, 10, 10) ran 15-20 full collections in 40 s of
posting, each walking every object of every session for ~250 ms with the GIL held: every phone waited
(docs/performance.md, "Round 5"). Two changes, measured together against the untuned server in one
invocation (200 phones: full collections 18 -> 0, post p50 1.0 -> 0.22 s, p95 6.0 -> 3.8 s, CPU per
run 28 -> 20 ms; cost: ~20 KB more per idle phone):

- `gc.freeze()` once the server has imported everything: Streamlit's, SQLAlchemy's and our modules
  live as long as the process; frozen, no collection walks them again.
- a first generation of 50,000 allocations instead of 700: a script run allocates tens of thousands of
  short-lived objects; with 700, each run pushed survivors into the older generations and triggered
  the full collections above. Reference counting still frees nearly all of it at once; the collector
  is only needed for cycles.

Streamlit's own full collection after every run stays off (`runner.postScriptGC = false`).
"""

from __future__ import annotations

import gc

FIRST_GENERATION = 50_000
OLDER_GENERATIONS = (20, 10)


def install() -> None:
    """Collect what start-up left, freeze the rest, raise the thresholds. Idempotent."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(FIRST_GENERATION, *OLDER_GENERATIONS)
