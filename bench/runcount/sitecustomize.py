"""Bench shim: count the server's script runs, per page and kind, with their CPU time (put this folder on PYTHONPATH).

Active only when WERKSTATT_BENCH_RUNS names a file: every finished run (full page or fragment) of
every session is counted under "<page>:<full|fragment>" with the script thread's CPU seconds, and
a daemon thread writes the totals there as JSON four times a second (bench/session_load.py reads
them before and after a window). Server-side, so a run the server starts on its own is counted too.
SIGUSR2 runs a full garbage collection (the bench reads RSS after it).
WERKSTATT_BENCH_TRACEMALLOC=<file> also traces allocations (slow; for finding where memory goes):
SIGUSR1 starts tracing, the next one writes what is still alive of what was allocated since.
Not used by the app.
"""

import gc
import json
import os
import signal
import sys
import threading
import time

_PATH = os.environ.get("WERKSTATT_BENCH_RUNS")


def _install(path: str) -> None:
    from streamlit.runtime.scriptrunner import script_runner

    totals: dict[str, list[float]] = {}
    lock = threading.Lock()
    local = threading.local()
    original = script_runner.ScriptRunner._on_script_finished

    from streamlit.runtime import app_session

    pages_of_sessions: dict[str, str] = {}  # session id -> the page its browser asked for last
    original_request = app_session.AppSession.request_rerun

    requested: dict[str, float] = {}  # session id -> when its browser's last rerun request arrived

    def request_rerun(self, client_state):  # type: ignore[no-untyped-def]
        if client_state is not None and client_state.page_name:
            pages_of_sessions[self.id] = client_state.page_name
        if client_state is not None and client_state.fragment_id and not client_state.is_auto_rerun:
            requested[self.id] = time.perf_counter()  # a person's click in a fragment (a post)
        return original_request(self, client_state)

    # A person's fragment runs (posts): "click:wait" = request arrived -> its run began (the session's
    # other run, the event loop), "click:run" = the run itself, as [count, seconds] sums.
    original_run = script_runner.ScriptRunner._run_script

    def timed_run(self, rerun_data):  # type: ignore[no-untyped-def]
        began = time.perf_counter()
        asked = requested.pop(self._session_id, None) if not rerun_data.is_auto_rerun else None
        try:
            return original_run(self, rerun_data)
        finally:
            if asked is not None and rerun_data.fragment_id_queue:
                with lock:
                    for key, seconds in (("click:wait", began - asked), ("click:run", time.perf_counter() - began)):
                        entry = totals.setdefault(key, [0, 0.0])
                        entry[0] += 1
                        entry[1] += seconds

    script_runner.ScriptRunner._run_script = timed_run  # type: ignore[method-assign]

    app_session.AppSession.request_rerun = request_rerun  # type: ignore[method-assign]

    def page_of(runner: object, ctx: object) -> str:
        return pages_of_sessions.get(ctx.session_id, "?")  # type: ignore[attr-defined]

    def counted(self, ctx, event, premature_stop, run_descriptor):  # type: ignore[no-untyped-def]
        try:
            cpu = time.thread_time()
            used, local.cpu = cpu - getattr(local, "cpu", 0.0), cpu  # a thread may serve several runs
            kind = "fragment" if ctx.fragment_ids_this_run else "full"
            key = f"{page_of(self, ctx)}:{kind}{':stopped' if premature_stop else ''}"
            with lock:
                entry = totals.setdefault(key, [0, 0.0])
                entry[0] += 1
                entry[1] += used
        except Exception:  # counting must never break a run
            pass
        return original(self, ctx, event, premature_stop, run_descriptor)

    script_runner.ScriptRunner._on_script_finished = counted  # type: ignore[method-assign]

    def dump() -> None:
        while True:
            lanes = sys.modules.get("werkstatt.live.lanes")  # the app's background lane, once imported
            with lock:
                if lanes is not None:
                    lane = lanes.BACKGROUND
                    totals["lane:wait"] = [lane.runs, lane.waited_s]
                    totals["lane:gave_up"] = [lane.gave_up, 0.0]
                    totals["lane:made_way"] = [getattr(lane, "made_way", 0), 0.0]
                text = json.dumps(totals)
            tmp = f"{path}.tmp"
            with open(tmp, "w") as f:
                f.write(text)
            os.replace(tmp, path)
            time.sleep(0.25)

    # Garbage collections as "gc:<generation>" entries: [count, seconds the collection held the GIL].
    started: list[float] = [0.0]

    def on_gc(phase: str, info: dict) -> None:  # type: ignore[type-arg]
        if phase == "start":
            started[0] = time.perf_counter()
            return
        with lock:
            entry = totals.setdefault(f"gc:{info['generation']}", [0, 0.0])
            entry[0] += 1
            entry[1] += time.perf_counter() - started[0]

    gc.callbacks.append(on_gc)
    threading.Thread(target=dump, name="bench-runcount", daemon=True).start()
    signal.signal(signal.SIGUSR2, lambda _num, _frame: gc.collect())  # the bench measures RSS after a full collection


def _trace_memory(path: str) -> None:
    """SIGUSR1 starts tracing; the next one writes what was allocated since then and is still alive to `path`."""
    import tracemalloc

    def on_signal(_num: int, _frame: object) -> None:
        if not tracemalloc.is_tracing():
            tracemalloc.start(8)
            return
        gc.collect()  # the app turns the full collection after each run off: count only what is reachable
        snap = tracemalloc.take_snapshot().filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
        tracemalloc.stop()
        with open(path, "w") as f:
            for group in ("filename", "traceback"):
                f.write(f"== alive since the first signal, by {group}\n")
                for stat in snap.statistics(group)[:25]:
                    where = " <- ".join(f"{fr.filename.split('packages/')[-1]}:{fr.lineno}" for fr in stat.traceback)
                    f.write(f"{stat.size / 1024:10.1f} KB {stat.count:8d} blocks  {where}\n")

    signal.signal(signal.SIGUSR1, on_signal)


if _PATH:
    try:
        _install(_PATH)
    except ImportError:  # not the app's venv
        pass
if _MEMORY := os.environ.get("WERKSTATT_BENCH_TRACEMALLOC"):
    _trace_memory(_MEMORY)
if os.environ.get("WERKSTATT_BENCH_WRITER_LOCK"):
    import bench_writer_lock  # noqa: F401  (an experiment: one in-process lock before SQLite writes)
