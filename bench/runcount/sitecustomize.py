"""Bench shim: count the server's script runs, per page and kind, with their CPU time (put this folder on PYTHONPATH).

Active only when WERKSTATT_BENCH_RUNS names a file: every finished run (full page or fragment) of
every session is counted under "<page>:<full|fragment>" with the script thread's CPU seconds, and
a daemon thread writes the totals there as JSON four times a second (bench/session_load.py reads
them before and after a window). Server-side, so a run the server starts on its own is counted too.
Not used by the app.
"""

import json
import os
import threading
import time

_PATH = os.environ.get("WERKSTATT_BENCH_RUNS")


def _install(path: str) -> None:
    from streamlit.runtime.scriptrunner import script_runner

    totals: dict[str, list[float]] = {}
    lock = threading.Lock()
    local = threading.local()
    original = script_runner.ScriptRunner._on_script_finished

    pages_of_sessions: dict[str, str] = {}  # session id -> page of its last full run (fragments have none)

    def page_of(runner: object, ctx: object) -> str:
        if ctx.fragment_ids_this_run:  # type: ignore[attr-defined]
            return pages_of_sessions.get(ctx.session_id, "?")  # type: ignore[attr-defined]
        try:
            pages = runner._pages_manager.get_pages()  # type: ignore[attr-defined]
            page = pages.get(ctx.page_script_hash) or {}  # type: ignore[attr-defined]
            name = str(page.get("url_pathname") or page.get("page_name") or "?").strip("/") or "main"
        except Exception:
            name = "?"
        pages_of_sessions[ctx.session_id] = name  # type: ignore[attr-defined]
        return name

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
            with lock:
                text = json.dumps(totals)
            tmp = f"{path}.tmp"
            with open(tmp, "w") as f:
                f.write(text)
            os.replace(tmp, path)
            time.sleep(0.25)

    threading.Thread(target=dump, name="bench-runcount", daemon=True).start()


if _PATH:
    try:
        _install(_PATH)
    except ImportError:  # not the app's venv
        pass
