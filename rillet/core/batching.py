"""``batch=True``: several waiting events of one function run in one call.

The queue takes up to ``max_batch_size`` waiting events of a batch dependency together
(:class:`rillet.core.queue.Queue`) and gives them one :class:`Batch`. Each event is still
run by its own job (its inputs read, its results sent, its Stop), but its function call goes
through the batch: once every event of the batch has its arguments (or has dropped out), the
function is called once with a list per input, and each of its results, a list per output,
is handed out, one value to each event. A generator's yields are handed out the same way.
Stopping one event leaves the others running; stopping them all stops the call.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

#: Makes the call of the batch from its arguments (a list per input).
Start = Callable[[list[list[Any]]], AsyncIterator[Any]]


@dataclass
class _Failed:
    error: BaseException


_END = object()


class Batch:
    """The events run by one call of a ``batch=True`` function."""

    def __init__(self, size: int, outputs: int, slot: str) -> None:
        #: The queue's concurrency slot the whole batch takes (its first event's id).
        self.slot = slot
        self.size = size
        self.outputs = outputs
        self.pending = set(range(size))
        self.args: dict[int, list[Any]] = {}
        self.queues: dict[int, asyncio.Queue[Any]] = {}
        self.starts: dict[int, Start] = {}
        self.ended = 0
        self._task: asyncio.Task[None] | None = None

    async def results(self, index: int, args: list[Any], start: Start) -> AsyncIterator[Any]:
        """The results of event ``index`` (whose arguments are ``args``), once the call of
        the whole batch starts; ``start`` makes that call."""
        queue: asyncio.Queue[Any] = asyncio.Queue()
        self.queues[index], self.args[index], self.starts[index] = queue, args, start
        self.pending.discard(index)
        self._start_when_ready()
        try:
            while True:
                item = await queue.get()
                if item is _END:
                    return
                if isinstance(item, _Failed):
                    raise item.error
                yield item
        finally:
            self.leave(index)

    def leave(self, index: int) -> None:
        """Event ``index`` needs no more results (it ended, failed or was stopped); when
        no event is left, the call is stopped."""
        self.pending.discard(index)
        self.queues.pop(index, None)
        if self._task is not None and not self.queues and not self._task.done():
            self._task.cancel()
        self._start_when_ready()

    def _start_when_ready(self) -> None:
        if self._task is None and not self.pending and self.queues:
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        order = sorted(self.queues)
        columns = [list(column) for column in zip(*(self.args[i] for i in order), strict=True)]
        calls = self.starts[order[0]](columns)
        try:
            async for result in calls:
                values = split(result, len(order), self.outputs)
                for index, value in zip(order, values, strict=True):
                    self._put(index, value)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - each event reports it
            for index in order:
                self._put(index, _Failed(error))
        else:
            for index in order:
                self._put(index, _END)
        finally:
            close = getattr(calls, "aclose", None)
            if close is not None:
                await close()

    def _put(self, index: int, item: Any) -> None:
        queue = self.queues.get(index)
        if queue is not None:
            queue.put_nowait(item)


def split(result: Any, count: int, outputs: int) -> list[Any]:
    """One value per event from a batch function's ``result``: a list (or tuple) per
    output, each holding one value per event. With one output, each event gets the value
    itself; with several, a tuple."""
    if outputs == 0:
        return [None] * count
    columns = result
    if not isinstance(columns, (list, tuple)) or len(columns) != outputs:
        raise ValueError(
            f"a batch=True function returns a list per output ({outputs}), each with one "
            f"value per event; got {_describe(result)}"
        )
    for column in columns:
        if not isinstance(column, (list, tuple)) or len(column) != count:
            raise ValueError(
                f"a batch=True function returns, for each output, a list of {count} value(s) "
                f"(one per event in the batch); got {_describe(column)}"
            )
    if outputs == 1:
        return list(columns[0])
    return [tuple(column[i] for column in columns) for i in range(count)]


def _describe(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of {len(value)}"
    return type(value).__name__
