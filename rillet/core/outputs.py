"""One job's outputs: what the function returned, split over its output blocks, prepared and
committed by each output's stream (:mod:`rillet.core.contract`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rillet.core.contract import UNCHANGED, Block, Finish, OutputStream, Policy, Run, Skipped
from rillet.core.files import FileOut, FileStore, inline_file_data, resolve_outputs, writing_to
from rillet.core.streams import is_update

_STRICTNESS: dict[Policy, int] = {"diff": 0, "latest": 1, "keep": 2}


def left_as_is() -> dict[str, Any]:
    """What a result says of an output it leaves as it is, as Gradio says it to clients:
    an update without props (which the page applies as nothing)."""
    return {"__type__": "update"}


def is_skip(value: Any) -> bool:
    """True for ``gr.skip()`` (an update without props): leave the output as it is."""
    return is_update(value) and len(value) == 1


def split_outputs(value: Any, outputs: Sequence[Block]) -> list[Any]:
    """One value per output block, from what the function returned or yielded; UNCHANGED
    for the outputs it leaves as they are (``gr.skip()``, or left out of a dict)."""
    if not outputs:
        return []
    if (
        isinstance(value, dict)
        and not is_update(value)
        and value
        and all(hasattr(k, "_id") for k in value)
    ):
        # by id, not identity: from a Ray worker the keys are copies of the blocks
        by_id = {block._id: item for block, item in value.items()}
        values = [by_id.get(block._id, UNCHANGED) for block in outputs]
    elif len(outputs) == 1:
        values = [value]
    elif not isinstance(value, (tuple, list)) or len(value) != len(outputs):
        got = len(value) if isinstance(value, (tuple, list)) else 1
        # a bug of the app, not a message for its users: shown only with show_error, as in
        # Gradio
        raise ValueError(
            f"The function returned {got} value(s) but there are {len(outputs)} outputs."
        )
    else:
        values = list(value)
    values = [as_update(v) for v in values]
    return [UNCHANGED if is_skip(v) else v for v in values]


def as_update(value: Any) -> Any:
    """A block returned as a value (``return gr.Textbox(visible=True)``) is an update of
    the arguments it was made with, as in Gradio; any other value is itself."""
    to_update = getattr(value, "as_update", None)
    if callable(to_update) and hasattr(value, "get_block_name"):
        return to_update()
    return value


@dataclass(frozen=True)
class Files:
    """Where the files in a job's payloads go: the store, the session's folder in it, and
    the URL the client reached the server at."""

    store: FileStore
    owner: str
    root_url: str
    #: Files of a live event's frames travel inline (``data:`` URLs), unstored.
    inline: bool = False

    def resolve(self, payload: Any) -> Any:
        """``payload`` with its files stored and replaced by ``FileData``."""
        if self.inline and isinstance(payload, FileOut) and payload.data is not None:
            return inline_file_data(payload)  # shown once: no file to write, then fetch
        return resolve_outputs(payload, self.store, self.root_url, self.owner)


@dataclass
class Prepared:
    """The payloads of one result (UNCHANGED for outputs left as they are), and the
    warnings of the values left out."""

    payloads: list[Any]
    skipped: list[str] = field(default_factory=list)


class Outputs:
    """The streams of one job's outputs, one per output block."""

    def __init__(self, blocks: Sequence[Block], run: Run, files: Files) -> None:
        self.blocks = blocks
        self.files = files
        self.streams: list[OutputStream] = [b.output_stream(run) for b in blocks]
        #: The event's policy: the strictest of its outputs'.
        self.policy: Policy = max(
            (s.policy for s in self.streams), key=_STRICTNESS.__getitem__, default="diff"
        )
        #: True when preparing a result is better done in a worker thread.
        self.heavy = any(s.heavy for s in self.streams)
        #: The outputs the last committed result left as they were (``gr.skip()``, or
        #: left out of a dict), and those of the result prepared and not yet committed
        #: (results are prepared and committed one at a time, in order).
        self.left = [False] * len(blocks)
        self._left_next = self.left

    def prepare(self, value: Any) -> Prepared:
        """The payloads for one result of the function (in a worker thread when heavy)."""
        prepared = Prepared([])
        items = split_outputs(value, self.blocks)
        with writing_to(self.files.store, self.files.owner):
            for stream, item in zip(self.streams, items, strict=True):
                prepared.payloads.append(self._prepare_one(stream, item, prepared.skipped))
        self._left_next = [item is UNCHANGED for item in items]
        return prepared

    def _prepare_one(self, stream: OutputStream, item: Any, skipped: list[str]) -> Any:
        if item is UNCHANGED:
            return UNCHANGED
        try:
            payload = stream.prepare(item)
        except Skipped as why:
            skipped.append(str(why))
            return UNCHANGED
        if payload is UNCHANGED or not stream.holds_files:
            return payload
        return self.files.resolve(payload)

    def commit(self, payloads: list[Any]) -> list[Any]:
        """Commit one result's payloads, on the event loop: per output, the edits to send,
        or UNCHANGED."""
        self.left = self._left_next
        return [
            UNCHANGED if p is UNCHANGED else s.commit(p)
            for s, p in zip(self.streams, payloads, strict=True)
        ]

    def values(self) -> list[Any]:
        """What the client has of each output."""
        return [s.value for s in self.streams]

    def final_values(self) -> list[Any]:
        """The data of the event's last message: each output's value, and for an output
        the last result left as it was, an update without props, which is what Gradio
        sends clients for it (the page applies it as nothing)."""
        return [
            left_as_is() if left else value
            for value, left in zip(self.values(), self.left, strict=True)
        ]

    def last_step(self) -> Finish | None:
        """None when every output's last value is its final one; else the step, for a
        worker thread, that gives the final values (media chunks joined into one file)."""
        steps = [
            (i, s, step) for i, s in enumerate(self.streams) if (step := s.finish()) is not None
        ]
        if not steps:
            return None

        def final() -> list[Any]:
            values = self.final_values()
            with writing_to(self.files.store, self.files.owner):
                for i, stream, step in steps:
                    payload = step()
                    if payload is not UNCHANGED:
                        values[i] = self.files.resolve(payload) if stream.holds_files else payload
            return values

        return final
