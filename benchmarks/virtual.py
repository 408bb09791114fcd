"""A virtual participant: a lightweight client of Streamlit's own websocket protocol.

It speaks to the real running server exactly as the browser does (``streamlit.proto`` BackMsg/ForwardMsg
over ``/_stcore/stream``): it asks for a script run with a query string, reads the elements the page sends,
finds widgets by their key, and sends widget states to submit a form. A browser tab costs about 100 MB and
a CPU core to paint; this costs a socket, so a 2-core machine can drive 100 participants at once and still
measure the server rather than the browsers.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState


@dataclass
class RunResult:
    seconds: float
    widget_ids: dict[str, str] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)
    exception: str = ""


def _walk_element(element, out: RunResult) -> None:
    kind = element.WhichOneof("type")
    if kind is None:
        return
    inner = getattr(element, kind)
    widget_id = getattr(inner, "id", "")
    if isinstance(widget_id, str) and widget_id.startswith("$$ID"):
        # Widget ids end in the user key: "$$ID-<hash>-<key>".
        out.widget_ids[widget_id.rsplit("-", 1)[-1] if "-" in widget_id else widget_id] = widget_id
    body = getattr(inner, "body", None)
    if isinstance(body, str):
        out.texts.append(body)
    if kind == "exception":
        out.exception = inner.message


class VirtualParticipant:
    """One browser tab's worth of protocol, without the browser."""

    def __init__(self, base_url: str) -> None:
        self.ws_url = base_url.replace("http://", "ws://") + "/_stcore/stream"
        self.socket = None
        self.widget_ids: dict[str, str] = {}
        # The fragment each widget was drawn in: a browser sends it with a click on that widget, so the
        # server reruns only that fragment (st.fragment), not the whole page.
        self.fragments: dict[str, str] = {}
        # Fragments with run_every (st.fragment(run_every=...)): fragment id -> seconds. The browser reruns
        # them on a timer; ``stay_open`` does the same, so an open board costs the server what a real one does.
        self.auto_reruns: dict[str, float] = {}

    async def connect(self) -> None:
        self.socket = await websockets.connect(
            self.ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=60, ping_interval=None
        )

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()

    async def run(
        self,
        *,
        query: str,
        page_name: str = "",
        widget_states: Iterable[WidgetState] = (),
        fragment_id: str = "",
        timeout: float = 60,
    ) -> RunResult:
        """Ask for a script run and wait until the server says it finished."""
        assert self.socket is not None
        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_name = page_name
        msg.rerun_script.widget_states.widgets.extend(widget_states)
        msg.rerun_script.fragment_id = fragment_id
        started = time.perf_counter()
        await self.socket.send(msg.SerializeToString())
        result = RunResult(seconds=0.0)
        deadline = started + timeout
        while True:
            raw = await asyncio.wait_for(self.socket.recv(), timeout=max(0.1, deadline - time.perf_counter()))
            forward = ForwardMsg()
            forward.ParseFromString(raw)
            kind = forward.WhichOneof("type")
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                seen = set(result.widget_ids)
                _walk_element(forward.delta.new_element, result)
                for key in set(result.widget_ids) - seen:
                    self.fragments[key] = forward.delta.fragment_id
            elif kind == "auto_rerun":
                self.auto_reruns[forward.auto_rerun.fragment_id] = forward.auto_rerun.interval
            elif kind == "stop_auto_rerun":
                for fragment_id in forward.stop_auto_rerun.fragment_ids:
                    self.auto_reruns.pop(fragment_id, None)
            elif kind == "script_finished":
                if forward.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    # The run was cut short for another one (st.rerun): the browser shows the result only after
                    # that one, so the click is not answered yet. (Found when a keyed st.rerun was tried in the
                    # walk: the client answered early, sent its next save into the pending run, and saves merged.)
                    continue
                result.seconds = time.perf_counter() - started
                self.widget_ids.update(result.widget_ids)
                return result

    async def stay_open(self, seconds: float, *, query: str, page_name: str) -> int:
        """Keep the page open like a browser tab for ``seconds``: rerun its timed fragments on their timers."""
        if not self.auto_reruns:
            await asyncio.sleep(seconds)
            return 0
        end = time.perf_counter() + seconds
        interval = min(self.auto_reruns.values())
        reruns = 0
        while True:
            await asyncio.sleep(max(0.0, min(interval, end - time.perf_counter())))
            if time.perf_counter() >= end:
                return reruns
            for fragment_id in list(self.auto_reruns):
                await self.run(query=query, page_name=page_name, fragment_id=fragment_id)
                reruns += 1

    def widget(self, key: str) -> str:
        try:
            return self.widget_ids[key]
        except KeyError:
            raise KeyError(f"no widget with key {key!r}; seen: {sorted(self.widget_ids)}") from None


def text_state(widget_id: str, value: str) -> WidgetState:
    state = WidgetState(id=widget_id)
    state.string_value = value
    return state


def trigger_state(widget_id: str) -> WidgetState:
    state = WidgetState(id=widget_id)
    state.trigger_value = True
    return state
