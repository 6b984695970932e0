"""What one idle browser session costs Streamlit itself, before any Werkstatt code: the floor under
issue #11's "≤ 100 KB per idle phone".

Starts `streamlit run` on an `st.App` entry (the same server stack as serve.py: Starlette under
uvicorn), once per page below, connects N websocket sessions that each run the page once, and reports
the server's RSS growth per session after a full garbage collection (bench/runcount's SIGUSR2):

- `empty`: a page with one line of text;
- `phone-shaped`: the shape of a Werkstatt phone without its data: a heading, a form with a text area
  and a button, three fragments (badge, watch, list) and a list of 10 cards with a button each.

    .venv/bin/python -m bench.streamlit_floor --sessions 300 --runs 2

Figures: docs/performance.md, "Streamlit's floor per session".
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import tempfile
import time
from pathlib import Path

import psutil

from bench.st_client import StreamlitSession

ENTRY = 'import streamlit as st\n\napp = st.App("page.py")\n'
PAGES = {
    "empty": 'import streamlit as st\n\nst.write("Hallo")\n',
    "phone-shaped": """import streamlit as st

st.header("Gruppendiskussion")


@st.fragment
def badge():
    st.caption("Jetzt: Gruppendiskussion · noch 12:00")


@st.fragment
def watch():
    st.caption("")


@st.fragment
def cards():
    st.tabs(["Alle Beiträge (10)", "Meine Beiträge (0)"])
    for i in range(10):
        with st.container(border=True, key=f"card-{i}"):
            st.markdown(f"**#{i}** · Idee\\n\\nEin Beitrag mit etwas Text, wie ihn Menschen schreiben.")
            st.button(f"Punkt geben für #{i}", key=f"dot-{i}")


badge()
with st.form("post"):
    st.text_area("Ihr Beitrag", key="text")
    st.form_submit_button("Beitrag senden")
watch()
cards()
""",
}


async def _sessions(base: str, count: int) -> list[StreamlitSession]:
    gate, opened = asyncio.Semaphore(8), []

    async def one() -> None:
        async with gate:
            session = StreamlitSession(base, "")
            await session.connect()
            await session.rerun(auto=False)
            opened.append(session)

    await asyncio.gather(*(one() for _ in range(count)))
    return opened


def _rss_kb_after_gc(pid: int) -> float:
    os.kill(pid, signal.SIGUSR2)  # a full collection in the server (bench/runcount)
    time.sleep(1.0)
    return psutil.Process(pid).memory_info().rss / 1024


def measure(page: str, sessions: int, work: Path) -> float:
    from tests.e2e.conftest import start_server, stop_server

    app_dir = work / page
    app_dir.mkdir(parents=True, exist_ok=True)
    (app_dir / "entry.py").write_text(ENTRY, encoding="utf-8")
    (app_dir / "page.py").write_text(PAGES[page], encoding="utf-8")
    shim = str(Path(__file__).resolve().parent / "runcount")
    env = {"WERKSTATT_BENCH_RUNS": str(app_dir / "runs.json"), "PYTHONPATH": shim}
    server = start_server("sqlite://", app_dir / "server.log", extra_env=env, entry="entry.py", cwd=app_dir)
    try:

        async def scenario() -> float:
            warm = await _sessions(server.url, 5)  # imports and caches, not sessions
            before = _rss_kb_after_gc(server.process.pid)
            opened = await _sessions(server.url, sessions)
            await asyncio.sleep(2)
            after = _rss_kb_after_gc(server.process.pid)
            for s in warm + opened:
                await s.close()
            return (after - before) / sessions

        return asyncio.run(scenario())
    finally:
        stop_server(server.process)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=300)
    ap.add_argument("--runs", type=int, default=2)
    args = ap.parse_args()
    results: dict[str, list[float]] = {page: [] for page in PAGES}
    with tempfile.TemporaryDirectory(prefix="st-floor-") as tmp:
        for run in range(args.runs):
            for page in PAGES:
                kb = measure(page, args.sessions, Path(tmp) / f"run{run}")
                results[page].append(kb)
                print(f"run {run + 1} {page}: {kb:.1f} KB per idle session", flush=True)
    print(f"\n{args.sessions} idle sessions, {args.runs} run(s), load average {os.getloadavg()[0]:.1f}")
    for page, values in results.items():
        each = " / ".join(f"{v:.1f}" for v in values)
        print(f"{page:14s} median {statistics.median(values):6.1f} KB per idle session ({each})")


if __name__ == "__main__":
    main()
