"""Received media handed on as soon as each frame is whole.

aiortc's receive buffer gives the decoder a video frame only when a packet of the *next*
frame arrives, and an audio packet only once four more are queued behind it: a camera
frame (~33 ms at 30 fps) of latency on every video frame, and 80 ms on every piece of the
microphone. Neither wait is needed to know a frame is complete: the RTP marker bit is set
on the last packet of a video frame (RFC 7741 for VP8, RFC 6184 for H.264), and an audio
packet is a whole frame. :class:`WholeFrames` releases a frame when its packets, from the
first, are all there and the last is marked (video) or at once (audio); anything else (a
marker lost, packets out of order) falls back to aiortc's own rule.

:func:`use_whole_frames` puts one in place of the buffer aiortc made for a receiver. It
reaches into aiortc's receiver (the attribute is private), so it leaves the receiver as it
is, and says so in the log, if aiortc's shape is not the one it knows.
"""

from __future__ import annotations

import logging
from typing import Any

from aiortc.jitterbuffer import JitterBuffer, JitterFrame

log = logging.getLogger("rillet")

#: Where aiortc's RTCRtpReceiver keeps its buffer (a name-mangled private attribute).
_BUFFER = "_RTCRtpReceiver__jitter_buffer"


class WholeFrames(JitterBuffer):
    """aiortc's jitter buffer, releasing each frame as soon as all its packets are in."""

    def __init__(self, capacity: int, is_video: bool) -> None:
        super().__init__(capacity=capacity, prefetch=0, is_video=is_video)

    def _remove_frame(self, sequence_number: int) -> JitterFrame | None:
        whole = self._whole_first_frame()
        return whole if whole is not None else super()._remove_frame(sequence_number)

    def _whole_first_frame(self) -> JitterFrame | None:
        """The frame at the buffer's start, taken out, if it is complete; else None."""
        if self._origin is None:
            return None
        packets: list[Any] = []
        for count in range(self.capacity):
            packet = self._packets[(self._origin + count) % self.capacity]
            if packet is None or (packets and packet.timestamp != packets[0].timestamp):
                return None
            packets.append(packet)
            if packet.marker or not self._is_video:
                self.remove(count + 1)
                data = b"".join(p._data for p in packets)
                return JitterFrame(data=data, timestamp=packets[0].timestamp)
        return None


def use_whole_frames(receiver: Any) -> bool:
    """Give ``receiver`` (an aiortc RTCRtpReceiver, before media flows) a
    :class:`WholeFrames` buffer of the same size and kind; False if it could not."""
    buffer = getattr(receiver, _BUFFER, None)
    if type(buffer) is not JitterBuffer:
        log.debug("aiortc's receiver has no jitter buffer where expected; left as it is")
        return False
    setattr(receiver, _BUFFER, WholeFrames(buffer.capacity, buffer._is_video))
    return True
