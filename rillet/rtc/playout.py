"""Audio waiting to be sent to a client: the buffer between a handler's chunks and the
transport that plays them out in real time.

A handler makes audio in chunks of any length, often faster than real time; the transport
takes it out a frame at a time on its own clock (WebRTC's outgoing track, or the WebSocket's
paced sender). ``clear()`` drops everything not taken yet, which is how a reply stops at
once when the user speaks over it; ``hold()`` pauses it (the transport sends silence and
keeps the rest) until it is released or cleared. ``wait_room()`` makes a producer that is
far ahead wait.

No aiortc here: both transports use it.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Any

import numpy as np

#: Seconds of audio the buffer holds before ``wait_room`` makes the producer wait.
BUFFER_SECONDS = 2.0


class AudioBuffer:
    """Mono int16 samples at ``rate``, in the order they were pushed."""

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self._chunks: deque[Any] = deque()
        self.samples = 0  # how many are waiting
        #: While True, ``take`` gives silence and keeps what waits (a paused reply).
        self.held = False
        self._room = asyncio.Event()
        self._room.set()

    def push(self, samples: Any) -> None:
        """Queue mono int16 samples."""
        if len(samples) == 0:
            return
        self._chunks.append(samples)
        self.samples += len(samples)
        if self.samples > BUFFER_SECONDS * self.rate:
            self._room.clear()

    def clear(self) -> None:
        """Drop every sample not taken yet (barge-in); a hold ends with them."""
        self._chunks.clear()
        self.samples = 0
        self.held = False
        self._room.set()

    def hold(self, on: bool) -> None:
        """Pause (``True``) or resume (``False``) playing out what waits."""
        self.held = on

    @property
    def buffered(self) -> float:
        """Seconds of audio waiting."""
        return self.samples / self.rate

    async def wait_room(self) -> None:
        """Wait until the buffer holds less than ``BUFFER_SECONDS`` (a generator that makes
        audio faster than real time is paced by it)."""
        await self._room.wait()

    def take(self, count: int) -> tuple[Any, int]:
        """``count`` samples from the buffer, the rest silence, and how many were audio."""
        out = np.zeros(count, dtype=np.int16)
        filled = 0
        while not self.held and filled < count and self._chunks:
            chunk = self._chunks[0]
            used = min(count - filled, len(chunk))
            out[filled : filled + used] = chunk[:used]
            filled += used
            if used == len(chunk):
                self._chunks.popleft()
            else:
                self._chunks[0] = chunk[used:]
        self.samples -= filled
        if self.samples <= BUFFER_SECONDS * self.rate:
            self._room.set()
        return out, filled
