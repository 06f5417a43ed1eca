"""The contract between core and the components: what a block is, what a value block does,
and how one output streams.

A block says how its values stream as an output with one method, ``output_stream(run)``,
which makes a fresh :class:`OutputStream` for one output of one job. For each result of the
event's function, core then calls, per output::

    payload = stream.prepare(value)   # a worker thread if the stream is heavy, else the loop
    sent = stream.commit(payload)     # the event loop, in order: what the client is sent

and, when the function ends, ``stream.finish()`` (the final value, e.g. media chunks joined).
``prepare`` may be slow (encoding an image, remuxing a chunk): it runs off the loop while the
function makes its next result. ``commit`` is quick and keeps what the client has.

Nothing here knows a concrete component; the streams core offers (text that grows as diffs,
latest-wins frames, media chunks joined at the end, server-side state) are in
:mod:`rillet.core.streams`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, Literal, Protocol


class _Unchanged(enum.Enum):
    """The type of :data:`UNCHANGED` (an enum: one object, also after a pickle or a copy)."""

    UNCHANGED = "UNCHANGED"

    def __repr__(self) -> str:
        return "UNCHANGED"


#: "Leave this output as it is": what a function's ``gr.skip()`` (or an output missing from a
#: dict of outputs) becomes before any stream sees it; what ``prepare`` returns when a value
#: gives nothing to send yet (a media chunk still buffering); what ``commit`` returns when the
#: client's value does not change. Compare with ``is``.
UNCHANGED: Final = _Unchanged.UNCHANGED

#: What happens to results that wait while the function runs ahead of their preparing:
#: ``diff``: each is prepared, unless the client is far behind (then only the newest: its
#: edits against what the client has cover the others); ``latest``: only the newest (frames);
#: ``keep``: every one, in order, never merged (media chunks that play one after another).
#: The policy of an event is the strictest of its outputs' (``keep`` > ``latest`` > ``diff``).
Policy = Literal["diff", "latest", "keep"]

#: A job's last step for one output, run in a worker thread: the final payload, or UNCHANGED.
Finish = Callable[[], Any]


@dataclass(frozen=True)
class Run:
    """How one job runs, as the streams of its outputs see it."""

    #: The function is a generator: its values are the successive steps of a stream.
    generator: bool
    #: A live (``.stream()``) event: the function runs once per input chunk, and each
    #: result replaces the last (sent whole, never as edits).
    live: bool
    #: The session's ``gr.State`` values, by block id (kept on the server, never sent).
    state: dict[int, Any]


class Skipped(Exception):
    """Raised by :meth:`OutputStream.prepare`: this value is left out (its message is shown
    to the user as a warning), the output keeps its value and the stream goes on."""


class OutputStream(Protocol):
    """One output of one job: prepares the function's values and keeps what the client has.

    Implement this (and a block's ``output_stream`` returning it) to add a streaming output.
    The first message of a job sends each output's :attr:`value` whole; later ones send what
    :meth:`commit` returns, edits in the shape of :mod:`rillet.core.diff` that Gradio's
    clients apply (``[["append", [], "more text"]]``, ``[["add", [3], "a line"]]``).
    """

    @property
    def policy(self) -> Policy:
        """What happens to results that wait (see :data:`Policy`)."""
        ...

    @property
    def heavy(self) -> bool:
        """True when ``prepare`` is slow enough to run in a worker thread."""
        ...

    @property
    def holds_files(self) -> bool:
        """True when payloads may hold :class:`rillet.core.files.FileOut` values: core then
        stores each one and puts its ``FileData`` in its place, after ``prepare``. False
        spares a walk over every payload."""
        ...

    @property
    def value(self) -> Any:
        """What the client has of this output after the last commit (None before any)."""
        ...

    def prepare(self, value: Any) -> Any:
        """The payload for one value of the function (never UNCHANGED: core keeps those
        from the stream), or UNCHANGED when it gives nothing to send. May run in a worker
        thread, one call at a time, in order: it must not touch the job or the session.
        Files it makes go through :func:`rillet.core.files.new_file`. Raise
        :class:`Skipped` to leave a bad value out and go on."""
        ...

    def commit(self, payload: Any) -> Any:
        """Make ``payload`` (from ``prepare``, never UNCHANGED) the output's value, on the
        event loop; return the edits that turn the client's last value into it, or
        UNCHANGED when they change nothing."""
        ...

    def finish(self) -> Finish | None:
        """When the function has ended: None when the last value is the final one, else
        the step that makes the final payload (run in a worker thread)."""
        ...


class Block(Protocol):
    """What core needs of every block (a layout, a component) of an app."""

    _id: int | None

    def get_block_name(self) -> str:
        """The page module that draws the block."""
        ...

    def get_config(self) -> dict[str, Any]:
        """The block's props for ``/config``."""
        ...

    def output_stream(self, run: Run) -> OutputStream:
        """A fresh stream for this block as one output of one job."""
        ...


class ValueBlock(Block, Protocol):
    """A block with a value: a component, as an event's input or output."""

    label: str | None
    value: Any

    @property
    def heavy(self) -> bool:
        """True when pre/postprocessing is slow enough to run in a worker thread."""
        ...

    @property
    def stateful(self) -> bool:
        """True when the block's value stays on the server, one per session (``gr.State``):
        as an input, the function gets that value instead of a payload."""
        ...

    def preprocess(self, payload: Any) -> Any:
        """The Python value the function receives for the browser's ``payload``."""
        ...

    def postprocess(self, value: Any) -> Any:
        """The payload the browser receives for the Python ``value``."""
        ...

    def api_info(self) -> dict[str, Any]:
        """The JSON schema of the payload (``/gradio_api/info``)."""
        ...
