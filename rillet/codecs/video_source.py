"""Where a video chunk comes from: a file (a path or its bytes) read with PyAV, or a batch
of frames (numpy arrays).

:func:`open_chunk` reads a whole chunk up front: its packets, or its frames. Problems with
the input raise ``ValueError`` naming the problem (not a video, no video stream, cut short,
corrupt), so a stream can skip that chunk and go on.
"""

from __future__ import annotations

import io
import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from rillet.codecs.limits import Limits, declared_seconds

#: Frames per second of a frame batch given without a rate (PAL's 25: whole 90 kHz ticks).
FRAME_RATE = 25
#: H.264 profiles browsers decode (8-bit 4:2:0).
BROWSER_PROFILES = frozenset({"Baseline", "Constrained Baseline", "Main", "Extended", "High"})


@dataclass
class FileChunk:
    """A chunk read from a file: its container (open) and every packet, in file order."""

    name: str
    container: Any
    video: Any
    audio: Any | None
    video_packets: list[Any] = field(default_factory=list)
    audio_packets: list[Any] = field(default_factory=list)
    #: What the chunk may decode to (an input's limits), or None.
    limits: Limits | None = None

    @property
    def size(self) -> tuple[int, int]:
        """The video's width and height."""
        return self.video.codec_context.width, self.video.codec_context.height

    def is_browser_h264(self) -> bool:
        """True when the video is H.264 a browser decodes, so it can be copied as it is."""
        ctx = self.video.codec_context
        return (
            ctx.name == "h264"
            and ctx.pix_fmt in ("yuv420p", "yuvj420p")
            and ctx.profile in BROWSER_PROFILES
            and bool(ctx.extradata)
        )

    def video_start(self) -> Fraction:
        """When the first frame shows, in seconds of the file's own time."""
        return min(p.pts * p.time_base for p in self.video_packets)

    def close(self) -> None:
        """Close the file."""
        self.container.close()


@dataclass
class FrameBatch:
    """A chunk given as frames: ``(n, height, width, 3)`` RGB uint8 at ``rate`` per second."""

    rate: Fraction
    frames: Any

    @property
    def size(self) -> tuple[int, int]:
        """The frames' width and height."""
        return int(self.frames.shape[2]), int(self.frames.shape[1])

    def close(self) -> None:
        """Nothing to release (the same interface as :class:`FileChunk`)."""


def open_chunk(
    value: Any, name: str = "the video chunk", limits: Limits | None = None
) -> FileChunk | FrameBatch:
    """Read a chunk: a path, a file's bytes, ``(fps, frames)`` or a frame array/list.
    With ``limits`` (an input's), a file that lasts too long or whose pictures are too
    large is refused (TooLarge): from its header, then as its packets and frames come."""
    if isinstance(value, (str, os.PathLike)):
        path = Path(value)
        if not path.is_file():
            raise ValueError(f"no such video file: {value}")
        if path.stat().st_size == 0:
            raise ValueError(f"the video file {path.name} is empty (0 bytes)")
        return read_file(str(path), path.name, limits)
    if isinstance(value, (bytes, bytearray, memoryview)):
        if not len(value):
            raise ValueError("the video chunk is empty (0 bytes)")
        return read_file(io.BytesIO(bytes(value)), name, limits)
    return frame_batch(value)


def read_file(source: Any, name: str, limits: Limits | None = None) -> FileChunk:
    """Open a video file and read all of its packets."""
    import av

    try:
        container = av.open(source)
    except (av.FFmpegError, OSError) as error:
        raise ValueError(
            f"{name} is not a video file FFmpeg can read (unknown format, "
            f"corrupt or cut short): {_reason(error)}"
        ) from error
    try:
        return _demuxed(container, name, limits)
    except BaseException:
        container.close()
        raise


def _demuxed(container: Any, name: str, limits: Limits | None = None) -> FileChunk:
    import av

    if not container.streams.video:
        kind = "an audio-only file" if container.streams.audio else "not a video"
        raise ValueError(f"{name} has no video stream ({kind})")
    video = container.streams.video[0]
    audio = container.streams.audio[0] if container.streams.audio else None
    chunk = FileChunk(name, container, video, audio, limits=limits)
    if limits is not None:  # what the header says, before reading any packet
        limits.check_seconds(declared_seconds(container), name)
        limits.check_pixels(video.codec_context.width, video.codec_context.height, name)
    wanted = [s for s in (video, audio) if s is not None]
    first: Fraction | None = None
    try:
        for packet in container.demux(wanted):
            _keep(chunk, packet, name)
            if limits is not None and packet.pts is not None and packet.time_base:
                at = packet.pts * packet.time_base
                first = at if first is None else min(first, at)
                limits.check_seconds(float(at - first), name)
    except av.FFmpegError as error:
        raise ValueError(
            f"{name} could not be read to its end (corrupt or cut short): {_reason(error)}"
        ) from error
    if not chunk.video_packets:
        raise ValueError(f"{name} holds no video frames")
    if video.frames and len(chunk.video_packets) < video.frames:  # its index lists more
        raise ValueError(
            f"{name} is cut short or corrupt ({len(chunk.video_packets)} of its "
            f"{video.frames} video frames are there)"
        )
    return chunk


def _keep(chunk: FileChunk, packet: Any, name: str) -> None:
    if not packet.size or (packet.pts is None and packet.dts is None):
        return  # the demuxer's end-of-stream packet
    if packet.pts is None:
        packet.pts = packet.dts
    if packet.dts is None:
        packet.dts = packet.pts
    if packet.stream is chunk.video:
        if packet.is_corrupt:
            at = float(packet.pts * packet.time_base)
            raise ValueError(
                f"{name} is cut short or corrupt (a damaged video frame at {at:.2f} s)"
            )
        chunk.video_packets.append(packet)
    elif not packet.is_corrupt:
        chunk.audio_packets.append(packet)


def frame_batch(value: Any) -> FrameBatch:
    """``(fps, frames)`` or frames alone (at :data:`FRAME_RATE`), as RGB uint8 frames."""
    import numpy as np

    rate: Any = FRAME_RATE
    if isinstance(value, tuple) and len(value) == 2 and _is_rate(value[0]):
        rate, value = value
    if isinstance(value, (list, tuple)):
        value = np.stack([np.asarray(v) for v in value]) if len(value) else np.empty((0,))
    if not hasattr(value, "shape"):
        raise ValueError(
            f"cannot play a {type(value).__name__} as video; yield a file path "
            "(mp4, ts, webm, mov, mkv...), its bytes, or (fps, frames) with frames "
            "a (n, height, width, 3) uint8 array"
        )
    frames = _rgb(np.asarray(value))
    rate = Fraction(rate).limit_denominator(1001000)
    if rate <= 0:
        raise ValueError(f"the frame rate must be positive, got {rate}")
    return FrameBatch(rate, frames)


def _is_rate(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, (int, float, Fraction)) or getattr(value, "shape", None) == ()


def _rgb(frames: Any) -> Any:
    """Frames as contiguous ``(n, h, w, 3)`` uint8 (RGBA loses its alpha; floats in [0, 1]
    are scaled to 0-255)."""
    import numpy as np

    if frames.ndim != 4 or frames.shape[3] not in (3, 4) or 0 in frames.shape[:3]:
        raise ValueError(
            "video frames must have shape (n, height, width, 3) (RGB) with at "
            f"least one frame; got shape {frames.shape}"
        )
    if frames.shape[1] < 2 or frames.shape[2] < 2:
        raise ValueError(
            f"video frames must be at least 2x2 pixels; got {frames.shape[2]}x{frames.shape[1]}"
        )
    frames = frames[..., :3]
    if frames.dtype.kind == "f":
        frames = np.clip(np.nan_to_num(frames) * 255.0 + 0.5, 0, 255)
    elif frames.dtype.kind not in "uib":
        raise ValueError(f"cannot play video frames of dtype {frames.dtype}; use uint8")
    return np.ascontiguousarray(frames.astype(np.uint8, copy=False))


def frame_durations(times: list[Fraction], fallback: Fraction) -> list[Fraction]:
    """Each frame's duration from the next one's time (the last: the typical one)."""
    steps = [b - a for a, b in itertools.pairwise(times)]
    positive = sorted(s for s in steps if s > 0)
    typical = positive[len(positive) // 2] if positive else fallback
    return [s if s > 0 else typical for s in steps] + [typical]


def video_frames(chunk: FileChunk) -> Iterator[Any]:
    """The decoded frames of a file chunk, in presentation order."""
    import av

    ctx = chunk.video.codec_context
    ctx.thread_type = "AUTO"
    try:
        for packet in [*chunk.video_packets, None]:
            for frame in ctx.decode(packet):
                if chunk.limits is not None:  # the bitstream may change the picture size
                    chunk.limits.check_pixels(frame.width, frame.height, chunk.name)
                yield frame
    except av.FFmpegError as error:
        raise ValueError(
            f"{chunk.name}: its video could not be decoded (corrupt): {_reason(error)}"
        ) from error


def audio_frames(chunk: FileChunk) -> Iterator[Any]:
    """The decoded audio frames of a file chunk (none when its audio is undecodable)."""
    import av

    if chunk.audio is None:
        return
    ctx = chunk.audio.codec_context
    try:
        for packet in [*chunk.audio_packets, None]:
            yield from ctx.decode(packet)
    except av.FFmpegError:
        return  # broken audio: the stream fills this chunk with silence


def _reason(error: BaseException) -> str:
    return getattr(error, "strerror", None) or str(error)
