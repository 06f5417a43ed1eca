"""The output streams core offers (:class:`rillet.core.contract.OutputStream`), one per kind.

- :class:`DiffStream`: text, chatbot, JSON, any value. Each value sends its edits against
  the last one; results that wait are merged.
- :class:`FrameStream`: images. Each frame is sent whole, encoded for speed; the newest of
  the results that wait wins.
- :class:`ChunkStream`: streaming audio and video. Every chunk is sent, in order, and they
  are joined into one file at the end.
- :class:`StateStream`: ``gr.State``. The value stays on the server; nothing is sent.

A component picks one in its ``output_stream(run)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Protocol

from rillet.core import diff
from rillet.core.contract import UNCHANGED, Finish, Policy, Run, Skipped


def is_update(value: Any) -> bool:
    """True for ``gr.update(...)`` values (props, and maybe a ``value``)."""
    return isinstance(value, dict) and value.get("__type__") == "update"


def postprocess_update(update: dict[str, Any], postprocess: Callable[[Any], Any]) -> Any:
    """The payload of a ``gr.update(...)``: its props, with its ``value`` postprocessed
    by the component as the update changes it (``choices`` and ``value`` together)."""
    out = dict(update)
    if "value" in out:
        block = getattr(postprocess, "__self__", None)
        with_props = getattr(block, "with_props", None)
        if callable(with_props) and len(out) > 2:
            postprocess = getattr(with_props(out), postprocess.__name__, postprocess)
        out["value"] = postprocess(out["value"])
    return out


class Sent:
    """What the client has of one output, and the edits each new payload makes to it: the
    commit half of every stream here."""

    policy: ClassVar[Policy] = "diff"
    heavy: bool = False
    holds_files: bool = True

    def __init__(self) -> None:
        self.value: Any = None

    def commit(self, payload: Any) -> Any:
        """Edits from the last value to ``payload``; UNCHANGED for the very same object."""
        old, self.value = self.value, payload
        return UNCHANGED if payload is old else diff.diff(old, payload)

    def finish(self) -> Finish | None:
        """The last value is the final one."""
        return None


class DiffStream(Sent):
    """A value sent as edits against the last one: a grown string costs only its new end."""

    def __init__(
        self, postprocess: Callable[[Any], Any], *, heavy: bool = False, holds_files: bool = True
    ) -> None:
        super().__init__()
        self.postprocess = postprocess
        self.heavy = heavy
        self.holds_files = holds_files

    def prepare(self, value: Any) -> Any:
        if is_update(value):
            return postprocess_update(value, self.postprocess)
        return self.postprocess(value)


class Chunked(Protocol):
    """A component whose values can also be the chunks of a stream."""

    label: str | None

    @property
    def heavy(self) -> bool: ...

    def get_block_name(self) -> str: ...

    def postprocess(self, value: Any) -> Any: ...

    def stream_chunk(self, value: Any, state: dict[str, Any]) -> Any:
        """One chunk of a stream as a payload (``state``: a dict kept for the stream); None
        when it gives nothing to send yet; ValueError when it is not a chunk of this kind."""
        ...


class Joined(Chunked, Protocol):
    """A component whose stream's chunks join into one final value."""

    def join_stream(self, chunks: list[Any], state: dict[str, Any]) -> Any:
        """The whole stream from the payloads of its ``chunks``; None when there is none."""
        ...


class _Chunks(Sent):
    """Values made by ``stream_chunk`` while streaming, by ``postprocess`` otherwise."""

    def __init__(self, block: Chunked, streaming: bool) -> None:
        super().__init__()
        self.block = block
        self.heavy = block.heavy
        self.streaming = streaming
        self.state: dict[str, Any] = {}

    def prepare(self, value: Any) -> Any:
        if is_update(value):
            return postprocess_update(value, self.block.postprocess)
        if not self.streaming:
            return self.block.postprocess(value)
        try:
            payload = self.block.stream_chunk(value, self.state)
        except ValueError as error:
            name = self.block.label or self.block.get_block_name()
            raise Skipped(f"{name}: skipped a chunk of the stream: {error}") from error
        return UNCHANGED if payload is None else payload


class FrameStream(_Chunks):
    """Frames (images): each one replaces the last; while results wait, only the newest is
    prepared. The frames of a generator or a live event are encoded by ``stream_chunk``
    (fast), a function's one result by ``postprocess``."""

    policy: ClassVar[Policy] = "latest"

    def __init__(self, block: Chunked, run: Run) -> None:
        super().__init__(block, run.generator or run.live)
        #: A generator's final frame, encoded again in the block's own format when its
        #: frames went in a faster one (``final_of_stream``); a live event has no final.
        final = getattr(block, "final_of_stream", None)
        self._final_of: Callable[[Any], Any] | None = (
            final if run.generator and not run.live else None
        )
        self._last: Any = None

    def prepare(self, value: Any) -> Any:
        if self._final_of is not None and not is_update(value):
            self._last = value
        return super().prepare(value)

    def finish(self) -> Finish | None:
        if self._final_of is None or self._last is None:
            return None
        final_of, last = self._final_of, self._last

        def encode() -> Any:
            made = final_of(last)
            return UNCHANGED if made is None else made

        return encode


class ChunkStream(_Chunks):
    """Media chunks (streaming audio, video): every chunk a generator yields is sent, in
    order, and when it ends they are joined into one file (replay, seek, download)."""

    policy: ClassVar[Policy] = "keep"

    def __init__(self, block: Joined, run: Run) -> None:
        super().__init__(block, run.generator)
        self.joiner = block
        self.chunks: list[Any] | None = None if run.live else []

    def commit(self, payload: Any) -> Any:
        if self.chunks is not None and payload is not None:
            self.chunks.append(payload)
        return super().commit(payload)

    def finish(self) -> Finish | None:
        if not self.chunks:
            return None
        chunks = self.chunks

        def join() -> Any:
            joined = self.joiner.join_stream(chunks, self.state)
            return UNCHANGED if joined is None else joined

        return join


class StateStream(Sent):
    """``gr.State``: the value is kept for the session, on the server; the client is sent
    nothing (its value stays None). ``gr.update(...)`` leaves the value as it is."""

    holds_files = False

    def __init__(self, block_id: int | None, run: Run) -> None:
        super().__init__()
        self.block_id = block_id
        self.state = run.state

    def prepare(self, value: Any) -> Any:
        return UNCHANGED if is_update(value) else value

    def commit(self, payload: Any) -> Any:
        if self.block_id is not None:
            self.state[self.block_id] = payload
        return UNCHANGED
