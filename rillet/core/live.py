"""The input side of a live (``.stream()``) event: the newest chunk, and when to stop.

A webcam or microphone sends chunks while the user's function runs on an earlier one.
Only the newest waits (latest wins): a chunk that comes while another is waiting replaces
it, so a slow function never builds a backlog and its next call always sees the freshest
input. The stream ends when the client closes it (after the chunk it sent last), when
``time_limit`` seconds have passed since it started, or after ``IDLE`` seconds without a chunk.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

#: Seconds a stream waits for its next chunk before it ends (Gradio's fallback too).
IDLE = 30.0


@dataclass
class LiveFeed:
    """Chunks pushed to one running stream event."""

    time_limit: float | None = None
    started: float = field(default_factory=time.monotonic)
    pending: list[Any] | None = None
    closed: bool = False
    received: int = 0
    dropped: int = 0
    _signal: asyncio.Event = field(default_factory=asyncio.Event)

    def push(self, data: list[Any]) -> None:
        """A new chunk (all inputs' values); it replaces one still waiting. Chunks after
        the close are not taken."""
        if self.closed:
            return
        self.received += 1
        if self.pending is not None:
            self.dropped += 1
        self.pending = data
        self._signal.set()

    def close(self) -> None:
        """The client stopped streaming: end once the call in progress, and the chunk
        sent before the close (a microphone's last words), have been processed."""
        self.closed = True
        self._signal.set()

    def time_left(self) -> float | None:
        """Seconds before ``time_limit`` ends the stream (None: no limit)."""
        if self.time_limit is None:
            return None
        return max(0.0, self.time_limit - (time.monotonic() - self.started))

    async def next(self) -> list[Any] | None:
        """The next chunk to process, waiting for one; None when the stream is over."""
        while self.pending is None and not self.closed:
            left = self.time_left()
            wait = IDLE if left is None else min(left, IDLE)
            if wait <= 0:
                return None
            self._signal.clear()
            try:
                await asyncio.wait_for(self._signal.wait(), wait)
            except asyncio.TimeoutError:
                return None
        if self.pending is None or self.time_left() == 0.0:
            return None
        data, self.pending = self.pending, None
        return data
