"""The results of an event's function, handed over through a small bounded buffer.

The function runs in its own task (the *producer*): while one result is prepared (an image
encoded, a chunk remuxed) the next step already runs, and at most ``BUFFER`` results wait.
When several wait, the consumer takes them all at once and may prepare only the newest.

A sync function's results (:class:`rillet.core.runner.Steps`) need no producer task: its
worker steps already run ahead into a buffer of their own, read here directly.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from rillet.core.runner import Steps

#: Results that may wait, made but not prepared yet.
BUFFER = 4


@dataclass
class _End:
    """The function returned (``error`` None) or raised."""

    error: BaseException | None = None


@dataclass
class Batch:
    """The results that were waiting, oldest first; ``ended`` when the function is done
    (``error``: what it raised, after these results)."""

    values: list[Any] = field(default_factory=list)
    ended: bool = False
    error: BaseException | None = None


class Results:
    """A running call's results, read in batches."""

    def __init__(self, calls: AsyncIterator[Any]) -> None:
        self._produced = 0
        self._steps = calls if isinstance(calls, Steps) else None
        self._buffer: asyncio.Queue[Any] | None = None
        self._producer: asyncio.Task[None] | None = None
        if self._steps is None:
            self._buffer = asyncio.Queue(BUFFER)
            self._producer = asyncio.create_task(self._produce(calls))

    @property
    def produced(self) -> int:
        """Results the function has made so far (a notice it issues follows them)."""
        return self._steps.produced if self._steps is not None else self._produced

    async def batch(self) -> Batch:
        """Every result waiting, after waiting for one."""
        if self._steps is not None:
            values, ended, error = await self._steps.take()
            return Batch(values, ended, error)
        assert self._buffer is not None
        batch = Batch()
        items = [await self._buffer.get()]
        while not self._buffer.empty():
            items.append(self._buffer.get_nowait())
        for item in items:
            if isinstance(item, _End):
                batch.ended, batch.error = True, item.error
            else:
                batch.values.append(item)
        return batch

    async def close(self) -> None:
        """Stop the call if it still runs (its ``finally`` runs now) and wait for it."""
        if self._steps is not None:
            await self._steps.aclose()
            return
        assert self._producer is not None
        if not self._producer.done():
            self._producer.cancel()
            await asyncio.gather(self._producer, return_exceptions=True)

    async def _produce(self, calls: AsyncIterator[Any]) -> None:
        buffer = self._buffer
        assert buffer is not None
        try:
            async for item in calls:
                self._produced += 1
                await buffer.put(item)
        except asyncio.CancelledError:
            raise
        except BaseException as error:  # noqa: BLE001 - handed to the consumer
            await buffer.put(_End(error))
        else:
            await buffer.put(_End())
        finally:
            # Cancelled while waiting for room in the buffer, the call is paused at a
            # yield: close it now (its finally runs), not whenever it is collected.
            close = getattr(calls, "aclose", None)
            if close is not None:
                await close()
