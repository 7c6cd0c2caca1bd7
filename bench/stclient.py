"""A Streamlit client that speaks the browser's websocket protocol, without a browser.

Browsers on the same two cores measure Chromium, not the server, so the load bench talks
to `/_stcore/stream` directly: it sends `BackMsg.rerun_script` (a `ClientState` with widget
states, exactly what the frontend sends when a slider moves) and times the answer to the
`script_finished` ForwardMsg. Each websocket frame carries one serialized ForwardMsg.

A widget drawn inside an st.fragment reruns only that fragment, as in the browser: its
delta carries the fragment's id, which the next rerun sends back in ClientState.fragment_id.

Widget ids are never made up: they are read from the widgets the server sends in its
`delta.new_element` ForwardMsgs and looked up by the user key (an element id ends in
"-<key>", see streamlit.runtime.state.common.user_key_from_element_id).
"""
from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from dataclasses import dataclass, field

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED = ForwardMsg.ScriptFinishedStatus
CACHE_MESSAGES = 64          # per session; the browser keeps more, the server only needs hits
WIDGET_TYPES = ("slider", "selectbox", "button", "checkbox", "number_input", "radio",
                "file_uploader", "select_slider", "segmented_control", "toggle")


@dataclass
class Run:
    """One rerun: how long it took and what went wrong, if anything."""
    seconds: float
    status: str                   # "ok", "rerun" (superseded), "compile_error", "timeout"
    exceptions: list[str] = field(default_factory=list)


def user_key(element_id: str) -> str | None:
    """'$$ID-<hash>-elu.alpha' → 'elu.alpha'; None for elements without a user key."""
    key = element_id.split("-", maxsplit=2)[-1]
    return None if key == "None" else key


class Session:
    """One browser tab's worth of protocol: connect, run the page, move widgets, time it."""

    def __init__(self, base_url: str, query: str = "", page: str = "",
                 locale: str = "en-US"):
        self.ws_url = base_url.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream"
        self.base_url = base_url.rstrip("/")
        self.query = query                 # "lang=en&act=elu" (no leading ?)
        self.page = page                   # url path of the page, "" = default page
        self.locale = locale
        self.widgets: dict[str, tuple[str, object]] = {}   # key → (element id, proto)
        self.fragment_of: dict[str, str] = {}                # key → id of its st.fragment
        self._fragment = ""                  # the next rerun is of this fragment ("" = page)
        self.values: dict[str, WidgetState] = {}               # element id → WidgetState
        self.elements: list[tuple[str, object]] = []        # (type, proto) of the last run
        self.session_id = ""
        self.page_hash = ""
        self._cache: OrderedDict[str, ForwardMsg] = OrderedDict()   # hash → message
        self._ws = None
        self._reader: asyncio.Task | None = None
        self._done: asyncio.Future | None = None
        self._exceptions: list[str] = []
        self.received_bytes = 0

    # --- connection -------------------------------------------------------------------
    async def connect(self, timeout: float = 30.0) -> Run:
        self._ws = await websockets.connect(self.ws_url, subprotocols=["streamlit"],
                                            max_size=None, open_timeout=timeout,
                                            compression=None, ping_interval=None)
        self._reader = asyncio.create_task(self._read())
        return await self.rerun(timeout=timeout, first=True)

    async def close(self) -> None:
        if self._done is not None and not self._done.done():
            self._done.cancel()                 # a run nobody waits for any more
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            try:
                await self._reader
            except (asyncio.CancelledError, Exception):
                pass

    async def _read(self) -> None:
        try:
            async for frame in self._ws:
                self.received_bytes += len(frame)
                msg = ForwardMsg()
                msg.ParseFromString(frame)
                self._on_message(msg)
        except websockets.ConnectionClosed:
            pass
        finally:
            if self._done is not None and not self._done.done():
                self._done.set_exception(ConnectionError("websocket closed"))

    def _on_message(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":                    # "you have this one": take it from the cache
            cached = self._cache.get(msg.ref_hash)
            if cached is None:
                self._exceptions.append(f"ref_hash {msg.ref_hash} not in the client cache")
                return
            self._cache.move_to_end(msg.ref_hash)
            delta_path = list(msg.metadata.delta_path)
            msg = ForwardMsg()
            msg.CopyFrom(cached)
            msg.metadata.ClearField("delta_path")
            msg.metadata.delta_path.extend(delta_path)
            kind = msg.WhichOneof("type")
        elif msg.metadata.cacheable and msg.hash:  # like the browser: keep it, report it back
            self._cache[msg.hash] = msg
        if kind == "new_session":
            self.session_id = msg.new_session.initialize.session_id
            self.page_hash = msg.new_session.page_script_hash or self.page_hash
        elif kind == "navigation":
            self.page_hash = msg.navigation.page_script_hash or self.page_hash
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            etype = element.WhichOneof("type")
            proto = getattr(element, etype) if etype else None
            self.elements.append((etype, proto))
            if etype == "exception":
                self._exceptions.append(f"{proto.type}: {proto.message}")
            element_id = getattr(proto, "id", "") if etype in WIDGET_TYPES else ""
            if element_id and (key := user_key(element_id)):
                self.widgets[key] = (element_id, proto)
                self.fragment_of[key] = msg.delta.fragment_id
        elif kind == "page_not_found":
            self._exceptions.append(f"page not found: {msg.page_not_found.page_name}")
        elif kind == "script_finished":
            status = msg.script_finished
            if status == FINISHED.FINISHED_EARLY_FOR_RERUN:
                return                                      # a newer run answers
            if self._done is not None and not self._done.done():
                self._done.set_result("compile_error"
                                      if status == FINISHED.FINISHED_WITH_COMPILE_ERROR
                                      else "ok")

    # --- reruns -----------------------------------------------------------------------
    def _client_state(self, first: bool) -> BackMsg:
        back = BackMsg()
        state = back.rerun_script
        state.query_string = self.query
        state.page_script_hash = "" if first else self.page_hash
        state.page_name = self.page if first else ""
        state.context_info.locale = self.locale
        state.context_info.timezone = "UTC"
        state.context_info.url = f"{self.base_url}/{self.page}?{self.query}"
        # Trim only here, between runs: the server answers with a ref_hash for any hash this
        # list names, so a message must stay until the run that was told about it is over
        # (trimming as messages arrived once dropped one a few messages before its ref_hash).
        while len(self._cache) > CACHE_MESSAGES:
            self._cache.popitem(last=False)
        state.cached_message_hashes.extend(self._cache)
        for widget_state in self.values.values():
            state.widget_states.widgets.append(widget_state)
        state.fragment_id = "" if first else self._fragment
        return back

    async def rerun(self, timeout: float = 30.0, first: bool = False,
                    trigger: str | None = None) -> Run:
        """Send the current widget states; wait for script_finished. `trigger`: a button key."""
        t0 = await self.send_rerun(first, trigger)
        try:
            status = await asyncio.wait_for(self._done, timeout)
        except asyncio.TimeoutError:
            status = "timeout"
        except ConnectionError:
            status = "closed"
        seconds = time.perf_counter() - t0
        self._done = None
        return Run(seconds, status, list(self._exceptions))

    async def send_rerun(self, first: bool = False, trigger: str | None = None) -> float:
        """Send the current widget states (pressing button `trigger`) without waiting for the
        answer, like a student who clicks and closes the tab; returns the send time."""
        if trigger is not None:
            self._touch(trigger)
        back = self._client_state(first)
        self._fragment = ""
        if trigger is not None:
            ws = back.rerun_script.widget_states.widgets.add()
            ws.id = self.widget_id(trigger)
            ws.trigger_value = True
        self.elements, self._exceptions = [], []
        self._done = asyncio.get_running_loop().create_future()
        t0 = time.perf_counter()
        await self._ws.send(back.SerializeToString())
        return t0

    # --- widgets ----------------------------------------------------------------------
    def widget_id(self, key: str) -> str:
        if key not in self.widgets:
            raise KeyError(f"no widget keyed {key!r}; have {sorted(self.widgets)}")
        return self.widgets[key][0]

    def _touch(self, key: str) -> str:
        """Like the browser: a widget drawn inside an st.fragment reruns only that fragment
        (its id goes in ClientState.fragment_id); any other widget reruns the page."""
        self._fragment = self.fragment_of.get(key, "")
        return self.widget_id(key)

    def slider_range(self, key: str) -> tuple[float, float, float]:
        proto = self.widgets[key][1]
        return proto.min, proto.max, proto.step

    def slider_value(self, key: str) -> list[float]:
        """The slider's current value as a list (one number, or two for a range slider)."""
        element_id, proto = self.widgets[key]
        if element_id in self.values:
            return list(self.values[element_id].double_array_value.data)
        return list(proto.value) or list(proto.default)

    def set_slider(self, key: str, value) -> None:
        """Move a slider; `value` is a number or (low, high) for a range slider."""
        element_id = self._touch(key)
        state = WidgetState()
        state.id = element_id
        values = value if isinstance(value, (list, tuple)) else [value]
        state.double_array_value.data.extend(float(v) for v in values)
        self.values[element_id] = state

    def set_number(self, key: str, value: float) -> None:
        """Type a number into an st.number_input (sent as double_value, ints included)."""
        element_id = self._touch(key)
        state = WidgetState()
        state.id = element_id
        state.double_value = float(value)
        self.values[element_id] = state

    def set_select(self, key: str, option: str) -> None:
        element_id = self._touch(key)
        state = WidgetState()
        state.id = element_id
        state.string_value = option
        self.values[element_id] = state

    def shown(self, etype: str = "slider") -> list[str]:
        """User keys of the widgets of type `etype` the last run drew."""
        return [k for t, p in self.elements if t == etype and (k := user_key(p.id))]

    def texts(self) -> list[str]:
        """Markdown/alert bodies of the last run (what a student reads)."""
        out = []
        for etype, proto in self.elements:
            if etype in ("markdown", "alert", "heading", "text"):
                out.append(getattr(proto, "body", ""))
        return out

    def alerts(self, kind: str = "ERROR") -> list[str]:
        """Bodies of the last run's alerts of one kind: ERROR (st.error), WARNING, INFO,
        SUCCESS."""
        wanted = Alert.Format.Value(kind)
        return [p.body for t, p in self.elements if t == "alert" and p.format == wanted]

    def charts(self) -> dict[str, str]:
        """Plotly specs of the last run, by user key."""
        return {user_key(p.id) or "": p.spec for t, p in self.elements
                if t == "plotly_chart" and getattr(p, "id", "")}
