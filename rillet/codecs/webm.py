"""Video files as WebM, for ``gr.Video(format="webm")``: VP8, VP9 or AV1 video and Opus or
Vorbis audio are copied; anything else is encoded (VP8 in real-time mode, Opus)."""

from __future__ import annotations

import itertools
import os
from fractions import Fraction
from pathlib import Path
from typing import Any

from rillet.codecs.limits import Limits
from rillet.codecs.video_source import FileChunk, audio_frames, open_chunk, video_frames

COPY_VIDEO = frozenset({"vp8", "vp9", "av1"})
COPY_AUDIO = frozenset({"opus", "vorbis"})
#: Milliseconds: WebM's clock.
TIME_BASE = Fraction(1, 1000)


def to_webm(
    source: Any, dest: str | os.PathLike[str], *, audio: bool = True, limits: Limits | None = None
) -> Path:
    """Write ``source`` (a path, a file's bytes, or frames) to ``dest`` as WebM, within
    ``limits`` if given (an input's: TooLarge past them)."""
    import av

    chunk = open_chunk(source, limits=limits)
    target = Path(dest)
    try:
        with av.open(str(target), "w", format="webm") as out:
            _write(out, chunk, audio)
    finally:
        chunk.close()
    return target


def _write(out: Any, chunk: Any, audio: bool) -> None:
    """Add every stream first (the header needs them all), then the packets."""
    is_file = isinstance(chunk, FileChunk)
    copy_video = is_file and chunk.video.codec_context.name in COPY_VIDEO
    video = out.add_stream_from_template(chunk.video) if copy_video else _encoder(out, chunk)
    sound, copy_audio = None, False
    if audio and is_file and chunk.audio is not None and chunk.audio_packets:
        copy_audio = chunk.audio.codec_context.name in COPY_AUDIO
        sound = (
            out.add_stream_from_template(chunk.audio)
            if copy_audio
            else out.add_stream("libopus", rate=48000, layout=_layout(chunk))
        )
    if copy_video:
        _copy(out, video, chunk.video_packets)
    else:
        _encode(out, video, _timed(chunk))
    if sound is not None and copy_audio:
        _copy(out, sound, chunk.audio_packets)
    elif sound is not None:
        _encode_audio(out, sound, chunk)


def _timed(chunk: Any) -> Any:
    """(seconds, frame) of each frame of a file or a frame batch."""
    import av

    if isinstance(chunk, FileChunk):
        base = chunk.video.time_base
        return ((f.pts * base, f) for f in video_frames(chunk) if f.pts is not None)
    return (
        (Fraction(n) / chunk.rate, av.VideoFrame.from_ndarray(f, format="rgb24"))
        for n, f in enumerate(chunk.frames)
    )


def _encoder(out: Any, chunk: Any) -> Any:
    rate = chunk.rate if not isinstance(chunk, FileChunk) else chunk.video.average_rate or 25
    stream = out.add_stream("libvpx", rate=round(rate) or 25)
    width, height = chunk.size
    stream.width, stream.height = width - width % 2, height - height % 2
    stream.pix_fmt = "yuv420p"
    stream.codec_context.time_base = TIME_BASE
    stream.codec_context.options = {"deadline": "realtime", "cpu-used": "8", "b": "2M"}
    return stream


def _copy(out: Any, stream: Any, packets: list[Any]) -> None:
    for packet in packets:
        packet.stream = stream
        out.mux(packet)


def _encode(out: Any, stream: Any, timed: Any) -> None:
    last = None
    for t, frame in timed:
        picture = frame.reformat(width=stream.width, height=stream.height, format="yuv420p")
        picture.pts = max(round(t / TIME_BASE), -1 if last is None else last + 1)
        picture.time_base, last = TIME_BASE, picture.pts
        out.mux(stream.encode(picture))
    out.mux(stream.encode(None))


def _layout(chunk: FileChunk) -> str:
    assert chunk.audio is not None, "a chunk with sound"
    return "mono" if chunk.audio.codec_context.channels == 1 else "stereo"


def _encode_audio(out: Any, stream: Any, chunk: FileChunk) -> None:
    import av

    ctx = stream.codec_context
    resampler = av.AudioResampler(
        format=ctx.format.name, layout=_layout(chunk), rate=48000, frame_size=ctx.frame_size or 960
    )
    assert chunk.audio is not None, "a chunk with sound"
    frames = audio_frames(chunk)  # decoded one at a time
    head = next(frames, None)
    first = head.pts if head is not None and head.pts is not None else 0
    count = round(first * chunk.audio.time_base * 48000)
    for frame in itertools.chain([head] if head is not None else [], frames, [None]):
        for piece in resampler.resample(frame):
            piece.pts, count = count, count + piece.samples
            out.mux(stream.encode(piece))
    out.mux(stream.encode(None))
