"""A finished video stream as one file, without re-encoding; video files converted.

:func:`join` remuxes the chunks :class:`~rillet.codecs.video.VideoStream` made (standalone
fragmented MP4s on one clock) into one ordinary MP4 (``moov`` first, so a player can seek
at once) holding every frame as it was sent. When the chunks' H.264 parameter sets differ
(copied chunks from different sources, a size change), each keyframe carries its chunk's
SPS and PPS in front of it, so a decoder switches with the picture.

:func:`convert` turns any video file into an MP4 (H.264 + AAC) or another container.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rillet.codecs.fmp4 import AvcConfig, nal_units
from rillet.codecs.limits import Limits

#: Containers :func:`join` and :func:`convert` write, with their muxer options.
WRITERS = {"mp4": {"movflags": "+faststart"}, "mov": {"movflags": "+faststart"}, "mkv": {}}
MUXERS = {"mp4": "mp4", "mov": "mov", "mkv": "matroska"}

Source = str | os.PathLike[str] | bytes


@dataclass
class _Scan:
    """What joining needs to know about one chunk before writing any of it."""

    source: Source
    #: How far FFmpeg's reading moved the chunk's video presentation times (it shows
    #: negative composition offsets late); subtracted again.
    shift: int
    #: The largest decode-before-show distance in the chunk (90 kHz ticks).
    delay: int
    config: bytes


def join(chunks: Sequence[Source], dest: str | os.PathLike[str], fmt: str = "mp4") -> Path:
    """Write the chunks, in order, as one ``fmt`` file (``mp4``, ``mov`` or ``mkv``)."""
    import av

    if not chunks:
        raise ValueError("there are no chunks to join")
    if fmt not in WRITERS:
        raise ValueError(f"cannot join video into {fmt!r}; choose one of {sorted(WRITERS)}")
    scans = [_scan(c) for c in chunks]
    delay = max(s.delay for s in scans)
    lengths = None
    if len({s.config for s in scans}) > 1 and scans[0].config[:1] == b"\x01":
        lengths = AvcConfig.parse(scans[0].config).length_size
    target = Path(dest)
    with av.open(str(target), "w", format=MUXERS[fmt], options=dict(WRITERS[fmt])) as out:
        streams = _streams_like(out, scans[0].source)
        for scan in scans:
            with _open(scan.source) as container:
                for packet in _rebased(container, scan, delay, lengths):
                    packet.stream = streams[packet.stream.type]
                    out.mux(packet)
    return target


def _open(source: Source) -> Any:
    import av

    return av.open(io.BytesIO(source) if isinstance(source, bytes) else str(source))


def _scan(source: Source) -> _Scan:
    """Read a chunk's timestamps (not kept) to learn its shift and delay."""
    with _open(source) as container:
        video = container.streams.video[0]
        shift, delay, first = 0, 0, True
        for packet in container.demux(video):
            if packet.pts is None or not packet.size:
                continue
            if first:
                shift, first = packet.pts - packet.dts, False
            delay = max(delay, packet.dts - (packet.pts - shift))
        return _Scan(source, shift, delay, bytes(video.codec_context.extradata or b""))


def _streams_like(out: Any, source: Source) -> dict[str, Any]:
    """The output's video (and audio) stream, made from the first chunk's."""
    streams = {}
    with _open(source) as container:
        for stream in (container.streams.video[0], *container.streams.audio[:1]):
            made = out.add_stream_from_template(stream)
            made.time_base = stream.time_base
            streams[stream.type] = made
    return streams


def _rebased(container: Any, scan: _Scan, delay: int, lengths: int | None) -> Iterator[Any]:
    """The chunk's packets with true presentation times, decode times moved back by the
    stream's largest delay (so they never pass the presentation times nor go backwards).
    With ``lengths`` (the chunks' parameter sets differ), keyframes carry the chunk's SPS
    and PPS, and NAL units have ``lengths``-byte sizes."""
    video = container.streams.video[0]
    config = AvcConfig.parse(scan.config) if lengths and scan.config[:1] == b"\x01" else None
    for packet in container.demux(video, *container.streams.audio[:1]):
        if packet.pts is None or not packet.size:
            continue
        if packet.stream is video:
            packet.pts -= scan.shift
            packet.dts -= delay
            if config is not None and lengths is not None:
                packet = _in_band(packet, config, lengths)
        yield packet


def _in_band(packet: Any, config: AvcConfig, lengths: int) -> Any:
    """The packet with ``lengths``-byte NAL sizes, and the parameter sets if a keyframe."""
    import av

    if packet.is_keyframe:
        data = config.with_parameter_sets(bytes(packet), lengths)
    elif config.length_size != lengths:
        data = b"".join(
            len(n).to_bytes(lengths, "big") + n
            for n in nal_units(bytes(packet), config.length_size)
        )
    else:
        return packet
    made = av.Packet(data)
    made.stream = packet.stream
    made.pts, made.dts, made.duration = packet.pts, packet.dts, packet.duration
    made.time_base, made.is_keyframe = packet.time_base, packet.is_keyframe
    return made


def convert(
    source: Any,
    dest: str | os.PathLike[str],
    fmt: str = "mp4",
    *,
    audio: bool = True,
    limits: Limits | None = None,
) -> Path:
    """A video file (or its bytes, or frames) as ``fmt``: ``mp4``, ``mov``, ``mkv`` (H.264
    copied or encoded, audio as AAC-LC, through one :class:`~rillet.codecs.video.VideoStream`
    chunk) or ``webm`` (:func:`rillet.codecs.webm.to_webm`); ``audio=False`` leaves it out.
    ``limits`` (an input's): a file that lasts too long or whose pictures are too large
    is refused with TooLarge (:mod:`rillet.codecs.limits`)."""
    from rillet.codecs.video import VideoStream

    if fmt == "webm":
        from rillet.codecs.webm import to_webm

        return to_webm(source, dest, audio=audio, limits=limits)
    chunk = VideoStream(audio=audio, limits=limits).add(source)
    return join([chunk.data], dest, fmt)


def duration_of(source: Source) -> float:
    """Seconds of video in a file (its container's duration, else its video stream's)."""
    import av

    try:
        with _open(source) as container:
            if container.duration:
                return container.duration / av.time_base
            stream = container.streams.video[0]
            return float(stream.duration * stream.time_base) if stream.duration else 0.0
    except (av.FFmpegError, OSError, IndexError) as error:
        raise ValueError(f"cannot read this video file: {error}") from error


def probe(source: Source) -> dict[str, Any]:
    """The container format, codecs and picture size of a video file (ValueError when it
    is not one)."""
    import av

    try:
        with _open(source) as container:
            video = container.streams.video[0] if container.streams.video else None
            audio = container.streams.audio[0] if container.streams.audio else None
            return {
                "format": container.format.name,
                "video": video.codec_context.name if video else None,
                "audio": audio.codec_context.name if audio else None,
                "width": video.codec_context.width if video else 0,
                "height": video.codec_context.height if video else 0,
            }
    except (av.FFmpegError, OSError) as error:
        raise ValueError(f"not a video file FFmpeg can read: {error}") from error


def playable(info: dict[str, Any]) -> bool:
    """True when browsers play a file with this :func:`probe` result as it is."""
    mp4 = "mp4" in info["format"].split(",")
    webm = "webm" in info["format"].split(",")
    if mp4:
        return info["video"] in ("h264", "av1") and info["audio"] in (None, "aac", "mp3", "opus")
    if webm:
        return info["video"] in ("vp8", "vp9", "av1") and info["audio"] in (None, "opus", "vorbis")
    return False
