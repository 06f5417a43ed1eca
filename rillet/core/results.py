"""The results of an event's function, handed over through a small bounded buffer.

The function runs in its own task (the *producer*): while one result is prepared (an image
encoded, a chunk remuxed) the next step already runs, and at most ``BUFFER`` results wait.
When several wait, the consumer takes them all at once and may prepare only the newest.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

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
        #: Results the function has made so far (a notice it issues follows them).
        self.produced = 0
        self._buffer: asyncio.Queue[Any] = asyncio.Queue(BUFFER)
        self._producer = asyncio.create_task(self._produce(calls))

    async def batch(self) -> Batch:
        """Every result waiting, after waiting for one."""
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
        if not self._producer.done():
            self._producer.cancel()
            await asyncio.gather(self._producer, return_exceptions=True)

    async def _produce(self, calls: AsyncIterator[Any]) -> None:
        try:
            async for item in calls:
                self.produced += 1
                await self._buffer.put(item)
        except asyncio.CancelledError:
            raise
        except BaseException as error:  # noqa: BLE001 - handed to the consumer
            await self._buffer.put(_End(error))
        else:
            await self._buffer.put(_End())
        finally:
            # Cancelled while waiting for room in the buffer, the call is paused at a
            # yield: close it now (its finally runs), not whenever it is collected.
            close = getattr(calls, "aclose", None)
            if close is not None:
                await close()
