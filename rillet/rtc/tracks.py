"""The tracks the server sends: audio from a small buffer, video the newest frame.

``AudioOutput`` sends a 20 ms frame every 20 ms, on a clock of its own, from a buffer the
handler's chunks fill (:class:`~rillet.rtc.playout.AudioBuffer`): a chunk is played whole
(a frame is sent only once it is full, or once its start has waited one frame), the gaps
between chunks are silence, and ``clear()`` empties the buffer, so the next frame sent
(within 20 ms) is silent: a reply stops at once.

``VideoOutput`` sends the newest frame the handler made, once; a slow handler sends fewer
frames, never old ones.

Imported only by the transport (it needs aiortc, numpy and av).
"""

from __future__ import annotations

import asyncio
import fractions
import time
from typing import Any

import numpy as np
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

from rillet.rtc import frames
from rillet.rtc.playout import AudioBuffer

#: The sender is this far behind its clock (a stalled loop): restart the clock rather
#: than send a burst.
MAX_LATE = 0.1


class AudioOutput(MediaStreamTrack):
    """Audio from the handler: 20 ms frames of mono int16 at 48 kHz."""

    kind = "audio"

    def __init__(self) -> None:
        super().__init__()
        self._buffer = AudioBuffer(frames.RATE)
        self._start: float | None = None
        self._pts = 0
        self._partial_waits = 0
        #: Frames sent with sound in them, and silent ones (for tests and the bench).
        self.sounding = 0
        self.silent = 0

    def push(self, samples: Any) -> None:
        """Queue mono int16 samples at 48 kHz."""
        self._buffer.push(samples)

    def clear(self) -> None:
        """Drop every sample not sent yet (barge-in): the next frame is silent."""
        self._buffer.clear()
        self._partial_waits = 0

    def hold(self, on: bool) -> None:
        """Pause (``True``: the next frame is silent, the samples wait) or resume."""
        self._buffer.hold(on)

    @property
    def buffered(self) -> float:
        """Seconds of audio waiting to be sent."""
        return self._buffer.buffered

    async def wait_room(self) -> None:
        """Wait until the buffer holds less than
        :data:`~rillet.rtc.playout.BUFFER_SECONDS` (a generator that makes audio faster
        than real time is paced by it)."""
        await self._buffer.wait_room()

    def _next_samples(self) -> Any:
        """The samples of the next frame: a full frame, or silence while a short start
        waits (one frame at most) for the rest of its chunk."""
        if self._buffer.held:
            return np.zeros(frames.FRAME, dtype=np.int16), 0
        if 0 < self._buffer.samples < frames.FRAME and self._partial_waits < 1:
            self._partial_waits += 1
            return np.zeros(frames.FRAME, dtype=np.int16), 0
        self._partial_waits = 0
        return self._buffer.take(frames.FRAME)

    async def recv(self) -> Any:
        if self.readyState != "live":
            raise MediaStreamError
        now = time.monotonic()
        if self._start is None:
            self._start = now
        else:
            self._pts += frames.FRAME
            wait = self._start + self._pts / frames.RATE - now
            if wait < -MAX_LATE:
                self._start = now - self._pts / frames.RATE
            elif wait > 0:
                await asyncio.sleep(wait)
        samples, filled = self._next_samples()
        if filled:
            self.sounding += 1
        else:
            self.silent += 1
        return frames.audio_frame(samples, self._pts)


class VideoOutput(MediaStreamTrack):
    """Video from the handler: each new frame once, stamped by the wall clock."""

    kind = "video"

    def __init__(self) -> None:
        super().__init__()
        self._frame: Any = None
        self._fresh = asyncio.Event()
        self._start = time.monotonic()
        #: Frames handed to the sender.
        self.sent = 0

    def push(self, frame: Any) -> None:
        """The newest frame (an ``av.VideoFrame``, made in a worker thread by
        ``frames.array_to_video``); it replaces one not sent yet."""
        self._frame = frame
        self._fresh.set()

    async def recv(self) -> Any:
        if self.readyState != "live":
            raise MediaStreamError
        await self._fresh.wait()
        self._fresh.clear()
        if self.readyState != "live":
            raise MediaStreamError
        frame = self._frame
        frame.pts = int((time.monotonic() - self._start) * frames.VIDEO_CLOCK)
        frame.time_base = fractions.Fraction(1, frames.VIDEO_CLOCK)
        self.sent += 1
        return frame

    def stop(self) -> None:
        super().stop()
        self._fresh.set()  # a recv waiting for a frame ends
