"""Frames between aiortc's PyAV frames and what handlers see: numpy arrays.

Video: an RGB ``uint8`` array ``(height, width, 3)`` each way. Audio: ``(rate, samples)``
with ``samples`` int16 shaped ``(channels, n)`` for handlers; what they emit may be any of
``(n,)``, ``(channels, n)`` or ``(n, channels)``, int16 or float in [-1, 1].

numpy and av are imported inside the functions: importing rillet loads neither.
"""

from __future__ import annotations

import fractions
from typing import Any

#: The rate the transport plays and sends audio at (Opus' own rate).
RATE = 48000
#: Samples in one 20 ms frame at ``RATE``.
FRAME = RATE // 50
#: The clock of video timestamps (RTP's video clock).
VIDEO_CLOCK = 90000


def video_to_array(frame: Any) -> Any:
    """An ``av.VideoFrame`` as an RGB uint8 array ``(height, width, 3)``."""
    return frame.to_ndarray(format="rgb24")


def array_to_video(array: Any, pts: int) -> Any:
    """An ``av.VideoFrame`` of an image array (RGB uint8; grey or RGBA accepted), stamped
    ``pts`` on the 90 kHz clock."""
    import av
    import numpy as np

    image = np.asarray(array)
    if image.dtype != np.uint8:
        image = np.clip(image, 0, 255).astype(np.uint8)
    if image.ndim == 2:
        image = np.repeat(image[:, :, None], 3, axis=2)
    if image.ndim != 3 or image.shape[2] not in (3, 4):
        raise ValueError(
            f"a video frame must be an image array (height, width, 3); got shape {image.shape}"
        )
    image = np.ascontiguousarray(image[:, :, :3])
    frame = av.VideoFrame.from_ndarray(image, format="rgb24")
    frame.pts = pts
    frame.time_base = fractions.Fraction(1, VIDEO_CLOCK)
    return frame


def is_video(value: Any) -> bool:
    """True for an image array (what a video handler emits)."""
    shape = getattr(value, "shape", None)
    return shape is not None and len(shape) == 3 and shape[2] in (3, 4)


def is_audio(value: Any) -> bool:
    """True for an audio chunk ``(rate, samples)``."""
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], int)
        and hasattr(value[1], "shape")
    )


class AudioIn:
    """Turns the frames of a received track into ``(rate, samples)`` at the handler's rate
    and layout (one per connection: the resampler keeps state between frames)."""

    def __init__(self, rate: int, layout: str) -> None:
        self.rate = rate
        self.layout = layout if layout in ("mono", "stereo") else "mono"
        self._resampler: Any = None

    def convert(self, frame: Any) -> list[tuple[int, Any]]:
        """The chunks one received ``av.AudioFrame`` makes (usually one)."""
        import av

        if self._resampler is None:
            self._resampler = av.AudioResampler(format="s16", layout=self.layout, rate=self.rate)
        channels = 1 if self.layout == "mono" else 2
        chunks = []
        for out in self._resampler.resample(frame):
            samples = out.to_ndarray().reshape(-1, channels).T
            chunks.append((self.rate, samples))
        return chunks


class AudioOut:
    """Turns what a handler emits into mono int16 samples at ``rate`` (``RATE`` for WebRTC,
    the client's rate for the WebSocket), one per connection: the resampler keeps state
    between chunks."""

    def __init__(self, rate: int = RATE) -> None:
        self.rate = rate
        self._resampler: Any = None
        self._from: int | None = None

    def convert(self, rate: int, samples: Any) -> Any:
        """Mono int16 samples at ``self.rate`` of one emitted chunk at ``rate``."""
        import av
        import numpy as np

        mono = as_mono_int16(samples)
        if rate == self.rate:
            return mono
        if self._resampler is None or self._from != rate:
            self._resampler = av.AudioResampler(format="s16", layout="mono", rate=self.rate)
            self._from = rate
        frame = av.AudioFrame.from_ndarray(mono.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = rate
        parts = [out.to_ndarray().reshape(-1) for out in self._resampler.resample(frame)]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int16)


def as_mono_int16(samples: Any) -> Any:
    """Emitted samples of any usual shape and type as one channel of int16."""
    import numpy as np

    data = np.asarray(samples)
    floats = data.dtype.kind == "f"  # read before averaging, which makes floats of ints
    if data.ndim == 2:
        # (channels, n) when the first axis is the short one, else (n, channels)
        data = data.mean(axis=0) if data.shape[0] <= data.shape[1] else data.mean(axis=1)
    elif data.ndim != 1:
        raise ValueError(f"audio samples must be 1- or 2-dimensional; got shape {data.shape}")
    if floats:
        return (np.clip(data, -1.0, 1.0) * 32767).astype(np.int16)
    return np.clip(np.rint(data), -32768, 32767).astype(np.int16)


def audio_frame(samples: Any, pts: int) -> Any:
    """An ``av.AudioFrame`` of mono int16 ``samples`` at ``RATE``, stamped ``pts``."""
    import av

    frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
    frame.sample_rate = RATE
    frame.pts = pts
    frame.time_base = fractions.Fraction(1, RATE)
    return frame
