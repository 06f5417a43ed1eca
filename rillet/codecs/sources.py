"""Where decoded audio frames come from: arrays, files, bytes (whole files or slices).

Every function here gives PyAV ``AudioFrame`` objects in the source's own format; turning
them into the stream's format is :class:`rillet.codecs.audio.AudioStream`'s job. Problems
with the input raise ``ValueError`` with a message that names the problem.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rillet.codecs.limits import Limits, TooLarge, declared_seconds

if TYPE_CHECKING:
    import av

#: Channel layouts by channel count (FFmpeg's default layouts).
LAYOUTS = {1: "mono", 2: "stereo", 3: "3.0", 4: "quad", 5: "5.0", 6: "5.1", 7: "6.1", 8: "7.1"}
#: Magic bytes of containers that are always whole files here.
CONTAINERS = (
    (b"OggS", "ogg"),
    (b"fLaC", "flac"),
    (b"\x1a\x45\xdf\xa3", "webm"),
    (b"#!AMR", "amr"),
    (b"FORM", "aiff"),
    (b"caff", "caf"),
)


def sniff(data: bytes) -> str | None:
    """The audio format of a file's first bytes (``"wav"``, ``"mp3"``, ``"ogg"``...)."""
    from rillet.codecs.mp3 import id3_size, is_frame_header

    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "wav"
    if id3_size(data) or is_frame_header(data):
        return "mp3"
    for magic, name in CONTAINERS:
        if data.startswith(magic):
            return name
    if data[4:8] == b"ftyp":
        return "m4a"
    if len(data) > 1 and data[0] == 0xFF and data[1] & 0xF6 == 0xF0:
        return "aac"
    return None


def array_frame(rate: Any, array: Any, peak: bool = False) -> av.AudioFrame:
    """One frame holding a ``(samples,)`` or ``(samples, channels)`` array.

    int16/int32/uint8 keep their values (int32 is scaled down to 16 bits later); floats
    are full scale at 1.0 (or at their peak, with ``peak``), NaN becomes silence and
    values are clipped to [-1, 1]."""
    import av
    import numpy as np

    if isinstance(rate, bool) or not isinstance(rate, (int, np.integer)) or rate <= 0:
        raise ValueError(f"the sample rate must be a positive int, got {rate!r}")
    data = np.asarray(array)
    if data.ndim == 1:
        data = data[:, None]
    if data.ndim != 2 or data.shape[1] not in LAYOUTS:
        raise ValueError(
            "audio arrays must have shape (samples,) or (samples, channels) "
            f"with 1 to 8 channels; got shape {np.shape(array)}"
        )
    if data.shape[0] == 0:
        raise ValueError("the audio array holds no samples")
    data, fmt = _packed(data, peak)
    frame = av.AudioFrame.from_ndarray(
        np.ascontiguousarray(data).reshape(1, -1), format=fmt, layout=LAYOUTS[data.shape[1]]
    )
    frame.sample_rate = int(rate)
    return frame


def _packed(data: Any, peak: bool) -> tuple[Any, str]:
    """The array in a sample format PyAV takes, and that format's name."""
    import numpy as np

    kind, size = data.dtype.kind, data.dtype.itemsize
    if kind == "f":
        clean = np.nan_to_num(data.astype(np.float32), nan=0.0, posinf=1.0, neginf=-1.0)
        top = float(np.abs(clean).max()) if peak else 0.0
        if top > 0:
            clean /= top
        return np.clip(clean, -1.0, 1.0), "flt"
    if kind == "i" and size == 2:
        return data, "s16"
    if kind == "i" and size == 4:
        return data, "s32"
    if kind == "u" and size == 1:
        return data, "u8"
    if kind == "i" and size == 1:
        return data.astype(np.int16) * 256, "s16"
    if kind == "u" and size == 2:
        return (data.astype(np.int32) - 32768).astype(np.int16), "s16"
    if kind == "b":
        return data.astype(np.int16) * 32767, "s16"
    raise ValueError(
        f"cannot play an audio array of dtype {data.dtype}; use int16, int32 or float arrays"
    )


def file_frames(
    path: str | os.PathLike[str], limits: Limits | None = None
) -> Iterator[av.AudioFrame]:
    """The frames of an audio file on disk (within ``limits``, if given: TooLarge)."""
    target = Path(path)
    if not target.is_file():
        raise ValueError(f"no such audio file: {path}")
    if target.stat().st_size == 0:
        raise ValueError(f"the audio file {target.name} is empty (0 bytes)")
    return container_frames(str(target), target.name, limits=limits)


def container_frames(
    source: Any, name: str, fmt: str | None = None, limits: Limits | None = None
) -> Iterator[av.AudioFrame]:
    """The frames of the first audio stream of a file (a path or a file object). With
    ``limits``, a file whose header says it lasts too long is refused at once, and one
    whose decoded samples go past the limit is refused as they come (TooLarge)."""
    import av

    try:
        container = av.open(source, format=fmt)
    except (av.FFmpegError, OSError) as error:
        raise ValueError(
            f"{name} is not an audio file FFmpeg can read "
            f"(unknown format or corrupt): {_reason(error)}"
        ) from error
    if limits is not None:
        try:
            limits.check_seconds(declared_seconds(container), name)
        except TooLarge:
            container.close()
            raise
    return _decoded(container, name, limits)


def _decoded(container: Any, name: str, limits: Limits | None = None) -> Iterator[av.AudioFrame]:
    import av

    with container:
        if not container.streams.audio:
            raise ValueError(f"{name} has no audio stream")
        count = 0
        try:
            for frame in container.decode(container.streams.audio[0]):
                count += frame.samples
                if limits is not None:
                    limits.check_rate(frame.sample_rate, name)
                    limits.check_seconds(count / frame.sample_rate, name)
                yield frame
        except av.FFmpegError as error:
            if not count:
                raise ValueError(
                    f"{name} could not be decoded (corrupt audio): {_reason(error)}"
                ) from error
        if not count:
            raise ValueError(f"{name} holds no audio samples")


def _reason(error: BaseException) -> str:
    return getattr(error, "strerror", None) or str(error)


@dataclass
class WavSlices:
    """A WAV file arriving in slices: its header, kept to decode each later slice."""

    header: bytes
    block_align: int
    remaining: float
    carry: bytes = b""

    @classmethod
    def start(cls, data: bytes) -> tuple[WavSlices, bytes]:
        """The slices' state from the first slice, and the audio bytes in it."""
        fmt, pos = None, 12
        while pos + 8 <= len(data):
            kind, size = data[pos : pos + 4], int.from_bytes(data[pos + 4 : pos + 8], "little")
            if kind == b"fmt ":
                fmt = data[pos + 8 : pos + 8 + size]
            elif kind == b"data":
                if fmt is None or len(fmt) < 14:
                    break
                declared = float("inf") if size in (0, 0xFFFFFFFF) else size
                body = data[pos + 8 :]
                align = max(int.from_bytes(fmt[12:14], "little"), 1)
                return cls(data[: pos + 8], align, max(declared - len(body), 0)), body
            pos += 8 + size + (size & 1)
        raise ValueError(
            "this WAV chunk is cut before its audio data begins, or its header is corrupt"
        )

    def frames(self, body: bytes) -> list[av.AudioFrame]:
        """Decode the next audio bytes (whole sample frames; the rest waits for more)."""
        body = self.carry + body
        usable = len(body) - len(body) % self.block_align
        body, self.carry = body[:usable], body[usable:]
        if not body:
            return []
        return list(container_frames(io.BytesIO(self.header + body), "this WAV chunk", fmt="wav"))

    def take(self, data: bytes) -> list[av.AudioFrame]:
        """A continuation slice: raw audio bytes of the same WAV file."""
        self.remaining = max(self.remaining - len(data), 0)
        return self.frames(data)
