"""Gradio's ``sse_v3`` queue protocol: message shapes and SSE framing.

Every message rillet sends on ``/gradio_api/queue/data`` is one of the dataclasses below,
turned into a dict by :func:`to_wire` and framed as one ``data:`` line by :func:`sse_frame`.
rillet adds one field Gradio does not have: ``seq``, a per-session sequence number that a
client can hand back on reconnect to get what it missed. It lives inside the JSON (not as
an SSE ``id:`` line) because ``gradio_client`` fails on any SSE line that is not ``data:``.

Standard library only: this module is the bottom layer.
"""

from __future__ import annotations

import functools
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, fields
from typing import Any

PROTOCOL = "sse_v3"
API_PREFIX = "/gradio_api"
#: The Gradio API version rillet speaks; clients gate features on it.
GRADIO_API_VERSION = "6.31.0"

Output = dict[str, Any]


@dataclass
class Message:
    """Base of every queue message; ``event_id`` is None for session-wide ones."""

    event_id: str | None

    msg = "message"

    def to_dict(self) -> dict[str, Any]:
        # Shallow on purpose: ``asdict`` would deep-copy the output values of every message.
        wire = {"msg": self.msg}
        for name in _field_names(type(self)):
            wire[name] = getattr(self, name)
        return wire

    def frame(self, seq: int | None = None) -> bytes:
        """The SSE frame of this message (with rillet's ``seq`` when given)."""
        return sse_frame(to_wire(self, seq))


def _field_names(cls: type[Any]) -> tuple[str, ...]:
    """The names of ``cls``'s fields, in order (looked up once per class: ``fields``
    walks the class's dict of them at every call)."""
    names: tuple[str, ...] | None = cls.__dict__.get("_wire_names")
    if names is None:
        names = tuple(f.name for f in fields(cls))
        setattr(cls, "_wire_names", names)  # noqa: B010 - a cache, not a declared field
    return names


@dataclass
class Estimation(Message):
    rank: int | None = None
    queue_size: int = 0
    rank_eta: float | None = None
    msg = "estimation"


@dataclass
class ProcessStarts(Message):
    eta: float | None = None
    msg = "process_starts"


@dataclass
class Progress(Message):
    progress_data: list[dict[str, Any]] = field(default_factory=list)
    msg = "progress"


@dataclass
class Log(Message):
    log: str = ""
    level: str = "info"
    duration: float | None = 10.0
    visible: bool = True
    title: str = "Info"
    msg = "log"


@dataclass
class ProcessGenerating(Message):
    output: Output = field(default_factory=dict)
    success: bool = True
    time_limit: float | None = None
    msg = "process_generating"


class Generating(ProcessGenerating):
    """A ``process_generating`` message whose envelope is :func:`output`'s for ``data``
    (what each streamed result sends): framed from a template around the JSON of its
    data and event id, with the same bytes as :func:`sse_frame` gives, at a third of the
    cost. Make one with :func:`generating`."""

    def frame(self, seq: int | None = None) -> bytes:
        tail = GENERATING_TAIL if seq is None else f'{GENERATING_TAIL},"seq":{seq:d}'
        return (
            f'data: {{"msg":"process_generating","event_id":{dumps(self.event_id)},'
            f'"output":{{"data":{dumps(self.output["data"])},{tail}}}\n\n'
        ).encode()


#: What follows the data in a :class:`Generating` frame, up to ``seq``.
GENERATING_TAIL = (
    '"is_generating":true,"duration":0.0,"average_duration":null,"render_config":null,'
    '"changed_state_ids":[],"used_cache":null},"success":true,"time_limit":null'
)


def generating(event_id: str | None, data: list[Any]) -> Generating:
    """One streamed result: ``data`` in the standard ``process_generating`` envelope."""
    return Generating(event_id=event_id, output=output(data, is_generating=True))


@dataclass
class ProcessStreaming(Message):
    """A result of a ``.stream()`` event: whole values (never diffs), with the seconds
    the stream has left."""

    output: Output = field(default_factory=dict)
    success: bool = True
    time_limit: float | None = None
    msg = "process_streaming"


@dataclass
class ProcessCompleted(Message):
    output: Output = field(default_factory=dict)
    success: bool = True
    title: str | None = None
    used_cache: str | None = None
    cache_duration: float | None = None
    avg_time: float | None = None
    msg = "process_completed"


@dataclass
class Heartbeat(Message):
    msg = "heartbeat"


@dataclass
class CloseStream(Message):
    msg = "close_stream"


@dataclass
class UnexpectedError(Message):
    message: str = ""
    session_not_found: bool = False
    success: bool = False
    msg = "unexpected_error"


def output(
    data: list[Any],
    *,
    is_generating: bool,
    duration: float = 0.0,
    average_duration: float | None = None,
) -> Output:
    """The ``output`` envelope of a generating/completed message."""
    return {
        "data": data,
        "is_generating": is_generating,
        "duration": duration,
        "average_duration": average_duration,
        "render_config": None,
        "changed_state_ids": [],
        "used_cache": None,
    }


def error_output(
    message: str | None,
    *,
    duration: float | None = 10.0,
    visible: bool = True,
    title: str = "Error",
) -> Output:
    """The ``output`` of a failed event; ``message`` None means 'details hidden'."""
    return {"error": message, "duration": duration, "visible": visible, "title": title}


def to_wire(message: Message, seq: int | None = None) -> dict[str, Any]:
    """The JSON-able dict of ``message``, with rillet's ``seq`` when given."""
    wire = message.to_dict()
    if seq is not None:
        wire["seq"] = seq
    return wire


def dumps(obj: Any) -> str:
    """Compact JSON, NaN-free (``NaN`` is not JSON; it becomes null)."""
    return _encoder().encode(obj)


@functools.cache
def _encoder() -> json.JSONEncoder:
    # One encoder for every message: ``json.dumps`` with options builds a new one per call.
    return json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, default=_default)


def _default(obj: Any) -> Any:
    if hasattr(obj, "tolist"):
        return obj.tolist()
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    raise TypeError(f"{type(obj).__name__} is not JSON serializable")


def sse_frame(wire: dict[str, Any]) -> bytes:
    """One SSE event carrying ``wire`` as a single ``data:`` line."""
    return f"data: {dumps(wire)}\n\n".encode()


def parse_sse(buffer: str) -> tuple[list[dict[str, Any]], str]:
    """Split complete ``data:`` events off ``buffer``; return them and the remainder."""
    events: list[dict[str, Any]] = []
    while "\n\n" in buffer:
        block, buffer = buffer.split("\n\n", 1)
        for line in block.splitlines():
            if line.startswith("data:"):
                events.append(json.loads(line[5:]))
    return events, buffer


async def messages(writes: AsyncIterator[bytes]) -> AsyncIterator[dict[str, Any]]:
    """The messages of a session's stream (``Session.stream``), whose writes each hold
    one or more whole SSE events."""
    async for write in writes:
        for message in parse_sse(write.decode())[0]:
            yield message
