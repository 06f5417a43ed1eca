"""Small test videos made with PyAV: FFmpeg's test pattern (testsrc2) and a sine tone."""

from __future__ import annotations

import io
import re
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from av.video.frame import PictureType

#: container format and audio codec for each video codec's usual home
HOMES = {
    "libx264": ("mp4", "aac"),
    "mpeg4": ("mp4", "aac"),
    "libvpx-vp9": ("webm", "libopus"),
    "libvpx": ("webm", "libopus"),
}


def make_video(
    path: Path,
    *,
    codec: str = "libx264",
    fmt: str | None = None,
    size: tuple[int, int] = (320, 240),
    fps: int = 25,
    seconds: float = 1.0,
    audio: bool = True,
    rate: int = 48000,
    options: dict | None = None,
) -> Path:
    """Write ``seconds`` of the moving test pattern (and a 440 Hz tone) to ``path``."""
    home, audio_codec = HOMES[codec]
    fmt = fmt or ("mpegts" if path.suffix == ".ts" else home)
    with av.open(str(path), "w", format=fmt) as out:
        video = out.add_stream(codec, rate=fps)
        video.width, video.height = size
        video.pix_fmt = "yuv420p"
        video.codec_context.options = (
            {"deadline": "realtime", "cpu-used": "8"} if "vpx" in codec else dict(options or {})
        )
        tone = out.add_stream(audio_codec, rate=rate, layout="mono") if audio else None
        _encode_video(out, video, size, fps, seconds)
        if tone is not None:
            _encode_tone(out, tone, rate, seconds)
    return path


def _encode_video(out, stream, size, fps, seconds) -> None:
    pattern = f"testsrc2=size={size[0]}x{size[1]}:rate={fps}:duration={seconds}"
    with av.open(pattern, format="lavfi") as source:
        for n, frame in enumerate(source.decode(video=0)):
            frame.pts, frame.time_base = n, Fraction(1, fps)
            frame.pict_type = PictureType.NONE  # lavfi frames come tagged as keyframes
            out.mux(stream.encode(frame))
    out.mux(stream.encode(None))


def _encode_tone(out, stream, rate, seconds) -> None:
    ctx = stream.codec_context
    resampler = av.AudioResampler(
        format=ctx.format.name, layout="mono", rate=rate, frame_size=ctx.frame_size or 960
    )
    t = np.arange(int(rate * seconds)) / rate
    frame = av.AudioFrame.from_ndarray(
        (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)[None], format="flt", layout="mono"
    )
    frame.sample_rate, frame.pts = rate, 0
    for piece in [*resampler.resample(frame), *resampler.resample(None)]:
        out.mux(stream.encode(piece))
    out.mux(stream.encode(None))


def make_m4a(path: Path, seconds: float = 1.0, rate: int = 48000) -> Path:
    """An audio-only AAC file."""
    with av.open(str(path), "w", format="mp4") as out:
        _encode_tone(out, out.add_stream("aac", rate=rate, layout="mono"), rate, seconds)
    return path


def frames(n: int = 25, size: tuple[int, int] = (160, 120)) -> np.ndarray:
    """``n`` RGB frames of a moving gradient, ``(n, height, width, 3)`` uint8."""
    w, h = size
    x = np.linspace(0, 255, w, dtype=np.float32)[None, :]
    y = np.linspace(0, 255, h, dtype=np.float32)[:, None]
    out = np.empty((n, h, w, 3), dtype=np.uint8)
    for i in range(n):
        out[i, ..., 0] = (x + 10 * i) % 256
        out[i, ..., 1] = (y + 5 * i) % 256
        out[i, ..., 2] = 128
    return out


def packets(source, kind: str = "video") -> list[av.Packet]:
    """The packets of the first ``kind`` stream of a file (a path or bytes)."""
    with av.open(io.BytesIO(source) if isinstance(source, bytes) else str(source)) as container:
        stream = getattr(container.streams, kind)[0]
        return [p for p in container.demux(stream) if p.size]


def decoded(source) -> list[av.VideoFrame]:
    """Every decoded video frame of a file (a path or bytes)."""
    with av.open(io.BytesIO(source) if isinstance(source, bytes) else str(source)) as container:
        return list(container.decode(video=0))


def seconds_of(source) -> float:
    """A file's duration: where its last video frame ends (decoded timestamps)."""
    with av.open(io.BytesIO(source) if isinstance(source, bytes) else str(source)) as container:
        stream = container.streams.video[0]
        timed = [(p.pts, p.duration) for p in container.demux(stream) if p.size]
        start = min(pts for pts, _ in timed)
        end = max(pts + duration for pts, duration in timed)
        return float((end - start) * stream.time_base)


def annex_b_units(data: bytes) -> list[bytes]:
    """The NAL units of an Annex B (start-code delimited) H.264 sample."""
    return [u for u in (p.rstrip(b"\x00") for p in re.split(b"\x00\x00\x01", data)) if u]
