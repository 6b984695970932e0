"""A browserless Streamlit client: one websocket session on /_stcore/stream, as the browser frontend speaks it.

The browser sends `BackMsg.rerun_script` (a `ClientState`: query string, page name, the values of all
widgets, and for a fragment tick its fragment id) and receives `ForwardMsg`s: deltas (elements, with
widget ids), `auto_rerun` (a fragment's `run_every`), `page_info_changed` (query string) and finally
`script_finished`. This client does the same, records every widget it is shown, and answers
`rerun()` with the time until the script (or fragment) finished.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED = ForwardMsg.ScriptFinishedStatus
# Element types whose `body` is text a person reads (searched for markers on shared screens).
TEXT_ELEMENTS = ("markdown", "text", "alert", "heading", "html")
TRIGGERS = ("trigger_value", "string_trigger_value", "json_trigger_value", "chat_input_value")


@dataclass
class LivePart:
    """A live part (werkstatt/ui/live_parts.py) as drawn: which fragment to rerun when its mark is outdated."""

    fragment_id: str
    topic: str  # "r" (revision) or "k" (timer key); "" for a page watch
    shown: int
    gap_s: float
    spread_s: float = 0.0
    delay_s: float = 0.0
    wake_at: float | None = None  # epoch seconds: the part asks for a redraw then without any event


@dataclass
class BoardPart:
    """A phone's list drawn in the browser: the shared page it fetches after a change, paced as the browser does."""

    workshop_id: int
    ticket: str
    limit: int
    gap_s: float
    spread_s: float
    delay_s: float


@dataclass
class Widget:
    kind: str  # element type: text_area, radio, button, ...
    id: str
    label: str
    options: list[str] = field(default_factory=list)
    fragment_id: str = ""  # a widget inside a fragment reruns only that fragment, as in the browser


class ScriptError(RuntimeError):
    """The script raised (an exception element) or the server closed the session."""


class StreamlitSession:
    """One browser tab. Not thread-safe; one rerun at a time (the lock), like a person clicking."""

    def __init__(self, base: str, page: str, query: str = "", on_text: Callable[[str], None] | None = None):
        self.url = base.replace("http://", "ws://", 1).rstrip("/") + "/_stcore/stream"
        self.page = page
        self.query = query
        self.on_text = on_text  # called with each text body shown (screens look for markers)
        self.widgets: dict[str, Widget] = {}  # label -> widget, as last drawn
        self.fragments: dict[str, float] = {}  # fragment id -> run_every seconds
        self.live_parts: dict[str, LivePart] = {}  # component id -> part, as last drawn
        self.boards: dict[str, BoardPart] = {}  # component id -> list drawn in the browser
        self.texts: list[str] = []  # text bodies of the current run (bounded: reset per rerun)
        self.exceptions: list[str] = []
        self.lock = asyncio.Lock()
        self._ws = None
        self._reader: asyncio.Task | None = None
        self._finished: asyncio.Queue = asyncio.Queue()  # script_finished statuses, in order
        self._answers: list[tuple[Callable[[str], bool], asyncio.Future[str]]] = []  # clicks awaiting their text
        self._typed: list[WidgetState] = []  # values sent with those clicks

    async def connect(self, timeout: float = 30) -> None:
        self._ws = await asyncio.wait_for(
            websockets.connect(self.url, subprotocols=["streamlit"], max_size=None, open_timeout=timeout), timeout
        )
        self._reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()

    async def rerun(
        self, states: list[WidgetState] | None = None, fragment_id: str = "", timeout: float = 30, auto: bool = True
    ) -> tuple[float, int]:
        """Send one rerun as the browser does; return (seconds until script_finished, finish status).

        A script that reruns itself (st.rerun) finishes early once and then again: wait for the last.
        """
        msg = self._rerun_msg(states, fragment_id, auto)
        start = time.perf_counter()
        deadline = start + timeout
        if not fragment_id:
            # As the frontend: a full run forgets the fragments' timers; the run registers them anew.
            self.texts = []
            self.fragments = {}
            self.live_parts = {}
            self.boards = {}
        while not self._finished.empty():  # a late message of an earlier, timed-out run
            self._finished.get_nowait()
        await self._ws.send(msg)
        while True:
            status = await asyncio.wait_for(self._finished.get(), max(0.01, deadline - time.perf_counter()))
            if status is None:
                raise ScriptError("Verbindung geschlossen")
            if status != FINISHED.FINISHED_EARLY_FOR_RERUN:
                break
        if self.exceptions:
            raise ScriptError(self.exceptions.pop())
        return time.perf_counter() - start, status

    async def act(
        self, states: list[WidgetState], fragment_id: str, answer: Callable[[str], bool], timeout: float = 30
    ) -> tuple[float, str]:
        """A person's click, sent at once as the browser sends it, even while a redraw of this tab runs
        (the tab's lock is for redraws): seconds until a text arrives for which `answer` is true, and the text."""
        answered: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        watch = (answer, answered)
        self._answers.append(watch)
        # Until answered, the tab's other requests carry what the person typed, as a browser's do: Streamlit
        # merges a request that arrives while another waits, and keeps only the newer one's values.
        typed = [w for w in states if w.WhichOneof("value") not in TRIGGERS]
        self._typed.extend(typed)
        start = time.perf_counter()
        try:
            await self._ws.send(self._rerun_msg(states, fragment_id, auto=False))
            body = await asyncio.wait_for(answered, timeout)
        finally:
            self._answers.remove(watch)
            for w in typed:
                self._typed.remove(w)
        if self.exceptions:
            raise ScriptError(self.exceptions.pop())
        return time.perf_counter() - start, body

    def _rerun_msg(self, states: list[WidgetState] | None, fragment_id: str, auto: bool) -> bytes:
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_name = self.page
        cs.fragment_id = fragment_id
        cs.is_auto_rerun = auto and bool(fragment_id)  # False: a person's click inside a fragment
        cs.widget_states.widgets.extend(states or [])
        given = {w.id for w in states or []}
        cs.widget_states.widgets.extend(w for w in self._typed if w.id not in given)
        cs.context_info.timezone = "Europe/Berlin"
        cs.context_info.locale = "de-DE"
        return msg.SerializeToString()

    def widget(self, label_prefix: str) -> Widget:
        for label, w in self.widgets.items():
            if label.startswith(label_prefix):
                return w
        raise KeyError(f"kein Widget »{label_prefix}« auf {self.page} (gesehen: {sorted(self.widgets)})")

    async def _read(self) -> None:
        try:
            async for raw in self._ws:
                msg = ForwardMsg()
                msg.ParseFromString(raw)
                self._handle(msg)
        except websockets.ConnectionClosed:
            pass
        finally:
            self._finished.put_nowait(None)

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._element(msg.delta.new_element, msg.delta.fragment_id)
        elif kind == "new_session" and not msg.metadata.run.fragment_ids:
            # A full-app run begins (also one the script asked for, st.rerun): drawn parts and fragment
            # timers start anew, as in the browser; a fragment of the previous run may not exist anymore.
            self.live_parts = {}
            self.fragments = {}
            self.boards = {}
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "auto_rerun":
            self.fragments[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
        elif kind == "stop_auto_rerun":
            self.fragments.pop(msg.stop_auto_rerun.fragment_id, None)
        elif kind == "script_finished":
            self._finished.put_nowait(msg.script_finished)

    def _element(self, element, fragment_id: str = "") -> None:
        etype = element.WhichOneof("type")
        if etype == "bidi_component" and element.bidi_component.component_name == "werkstatt_live":
            self._live_part(element.bidi_component, fragment_id)
            return
        if etype == "exception":
            self.exceptions.append(f"{element.exception.type}: {element.exception.message}")
            return
        if etype in TEXT_ELEMENTS:
            body = getattr(element, etype).body
            self.texts.append(body)
            if self.on_text is not None:
                self.on_text(body)
            for answer, answered in self._answers:
                if not answered.done() and answer(body):
                    answered.set_result(body)
            return
        inner = getattr(element, etype, None) if etype else None
        wid = getattr(inner, "id", "") if inner is not None else ""
        label = getattr(inner, "label", "") if wid else ""
        if wid and label:
            options = list(getattr(inner, "options", []) or [])
            self.widgets[label] = Widget(
                kind=etype, id=wid, label=label, options=[str(o) for o in options], fragment_id=fragment_id
            )

    def _live_part(self, part, fragment_id: str) -> None:
        data = json.loads(part.json or "{}")
        if data.get("page") or "posted" in data:
            return
        if board := data.get("board"):
            # A list the browser draws from the shared page it fetches (werkstatt/live/live_client.js).
            self.boards[part.id] = BoardPart(
                workshop_id=int(data["w"]),
                ticket=board["ticket"],
                limit=int(board["limit"]),
                gap_s=float(data.get("gap_ms") or 0) / 1000,
                spread_s=float(data.get("spread_ms") or 0) / 1000,
                delay_s=float(data.get("delay_ms") or 0) / 1000,
            )
            return
        self.live_parts[part.id] = LivePart(
            fragment_id=fragment_id,
            topic=data.get("topic", "r"),
            shown=int(data.get("shown") or 0),
            gap_s=float(data.get("gap_ms") or 0) / 1000,
            spread_s=float(data.get("spread_ms") or 0) / 1000,
            delay_s=float(data.get("delay_ms") or 0) / 1000,
            wake_at=float(data["wake_at"]) / 1000 if data.get("wake_at") else None,
        )
        if html := data.get("html"):
            self.texts.append(html)
            if self.on_text is not None:
                self.on_text(html)


def text_state(widget: Widget, value: str) -> WidgetState:
    return WidgetState(id=widget.id, string_value=value)


def trigger(widget: Widget) -> WidgetState:
    return WidgetState(id=widget.id, trigger_value=True)


def live_trigger(part_id: str) -> WidgetState:
    """What werkstatt/live/live_client.js sends: the component's trigger "changed" (components v2 send
    every trigger of a component through one aggregator widget, `<internal prefix>_<id>__events`)."""
    payload = json.dumps([{"event": "changed", "value": f"event@{round(time.time() * 1000)}"}])
    return WidgetState(id=f"$$STREAMLIT_INTERNAL_KEY_{part_id}__events", json_trigger_value=payload)
