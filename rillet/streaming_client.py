"""Drive a ``.stream()`` endpoint from Python, as the page does with a webcam or a
microphone: send chunks, receive each result as it comes, close.

    from rillet.streaming_client import StreamingCall

    with StreamingCall("http://127.0.0.1:7860/", "/flip") as call:
        for frame in frames:
            call.send(frame)              # the endpoint's input values, as payloads
            print(call.next_result())     # its outputs' values for the newest chunk
    print(call.final)                     # the values the event completed with

Payloads are the HTTP API's (a ``FileData`` dict for a file: upload it first and send
``{"path": ..., "meta": {"_type": "gradio.FileData"}}``). It speaks Gradio's protocol
(``queue/join``, then ``POST /gradio_api/stream/<event_id>`` per chunk and
``.../close``), so it also drives a Gradio app's ``.stream()`` endpoint. Only the standard
library is used.
"""

from __future__ import annotations

import json
import queue
import threading
import uuid
from typing import Any
from urllib.parse import quote, urljoin
from urllib.request import Request, urlopen

#: Seconds an HTTP request may take (the result stream waits as long as the event runs).
TIMEOUT = 30.0
#: What :meth:`StreamingCall.next_result` and :meth:`close` wait for, at most.
RESULT_TIMEOUT = 60.0


class StreamError(RuntimeError):
    """The event failed (its ``gr.Error`` message), or the server refused a request."""


class StreamingCall:
    """One live event of the ``.stream()`` endpoint ``api_name`` of the app at ``url``:
    the first :meth:`send` starts it, the next ones feed it, :meth:`close` ends it. A
    chunk sent while the previous one is still processed replaces any chunk still
    waiting (the server keeps the newest)."""

    def __init__(self, url: str, api_name: str, *, headers: dict[str, str] | None = None):
        self.base = url.rstrip("/") + "/"
        self.headers = {"content-type": "application/json", **(headers or {})}
        self.fn_index = self._fn_index(api_name)
        self.session_hash = uuid.uuid4().hex[:12]
        self.event_id: str | None = None
        #: The values the event completed with (after :meth:`close`).
        self.final: list[Any] | None = None
        self._results: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._reader: threading.Thread | None = None

    def _request(self, path: str, body: Any | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = Request(urljoin(self.base, path), data=data, headers=self.headers)
        with urlopen(request, timeout=TIMEOUT) as response:
            return json.loads(response.read() or b"null")

    def _fn_index(self, api_name: str) -> int:
        """The id of the dependency named ``api_name`` (with or without its ``/``)."""
        name = api_name.lstrip("/")
        for dep in self._request("config").get("dependencies", []):
            if dep.get("api_name") == name:
                return int(dep["id"])
        raise StreamError(f"the app has no endpoint named /{name}")

    def send(self, *values: Any) -> None:
        """Send one chunk: a payload per input of the endpoint."""
        if self.event_id is None:
            body = {"data": list(values), "fn_index": self.fn_index}
            joined = self._request("gradio_api/queue/join", body | self._hash())
            self.event_id = str(joined["event_id"])
            self._reader = threading.Thread(target=self._read, daemon=True)
            self._reader.start()
            return
        self._request(
            f"gradio_api/stream/{quote(self.event_id)}",
            {"data": list(values), "fn_index": self.fn_index} | self._hash(),
        )

    def _hash(self) -> dict[str, str]:
        return {"session_hash": self.session_hash}

    def next_result(self, timeout: float = RESULT_TIMEOUT) -> list[Any] | None:
        """The outputs' values of the next result (None once the event completed)."""
        kind, value = self._results.get(timeout=timeout)
        if kind == "error":
            raise StreamError(str(value))
        if kind == "completed":
            self.final = value
            self._results.put((kind, value))  # later calls see the end too
            return None
        return value

    def results(self) -> Any:
        """Each result's values as they come, until the event completes."""
        while (values := self.next_result()) is not None:
            yield values

    def close(self, timeout: float = RESULT_TIMEOUT) -> list[Any] | None:
        """Tell the server no chunk follows; wait for the event's end and return the
        values it completed with."""
        if self.event_id is None:
            return None
        self._request(
            f"gradio_api/stream/{quote(self.event_id)}/close?session_hash={self.session_hash}",
            self._hash(),
        )
        while self.final is None:
            self.next_result(timeout)
        return self.final

    def __enter__(self) -> StreamingCall:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.final is None and self.event_id is not None:
            self.close()

    def _read(self) -> None:
        """Read the session's SSE stream in a thread; put each of this event's results."""
        url = urljoin(self.base, f"gradio_api/queue/data?session_hash={self.session_hash}")
        try:
            with urlopen(Request(url, headers=self.headers), timeout=None) as response:
                for raw in response:
                    line = raw.decode().strip()
                    if line.startswith("data:") and self._handle(json.loads(line[5:])):
                        return
        except OSError as failed:
            self._results.put(("error", f"the result stream broke: {failed}"))

    def _handle(self, message: dict[str, Any]) -> bool:
        """Queue one message's result; True once the event ended."""
        if message.get("event_id") not in (self.event_id, None):
            return False
        kind = message.get("msg")
        output = message.get("output") or {}
        if kind in ("process_streaming", "process_generating"):
            self._results.put(("result", output.get("data")))
        elif kind == "process_completed":
            if message.get("success", True) and "error" not in output:
                self._results.put(("completed", output.get("data")))
            else:
                self._results.put(("error", output.get("error") or "the event failed"))
            return True
        elif kind == "unexpected_error":
            self._results.put(("error", message.get("message")))
            return True
        return kind == "close_stream"
