"""Streamed video on PyAV (FFmpeg inside its wheel; no ffmpeg binary, no subprocess).

:class:`VideoStream` turns each chunk a generator yields into a standalone fragmented MP4
(``ftyp`` + ``moov``, then ``moof`` + ``mdat`` fragments) whose timestamps go on from where
the previous chunk ended, so the fragments of every chunk, appended in order to one
MediaSource buffer, play as one continuous video:

- H.264 a browser decodes (8-bit 4:2:0; Baseline, Main or High) is **copied**: remuxed as it
  is, no encoder is opened. A chunk keeps its own picture size; when its parameter sets
  differ from the previous chunk's, its init segment differs, and the page appends it
  before the chunk's fragments (MediaSource's way of switching streams).
- Any other codec (MPEG-4 Part 2 ``mp4v``, VP8, VP9, AV1, HEVC...) and frame batches are
  **encoded** to H.264 (libx264 ``veryfast``/``zerolatency``, yuv420p, a keyframe at the
  start of each chunk), scaled to fit the stream's picture size (the first chunk's), with
  black bars when the aspect ratio differs.
- Audio: the first chunk fixes the track layout. If it has audio, every chunk gets an AAC-LC
  track in its format (copied when it is AAC already, else encoded; silence for a chunk
  without audio): see :mod:`rillet.codecs.aac_track`. If it has none, later chunks' audio is
  left out, since a MediaSource buffer cannot add a track midway.

Chunk timestamps are on a 90 kHz clock (audio: its sample rate). A frame batch is
``(fps, frames)``, or frames alone at 25 frames per second (:data:`FRAME_RATE`).
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from rillet.codecs import fmp4
from rillet.codecs.aac_track import AacTrack, track_format
from rillet.codecs.limits import Limits
from rillet.codecs.video_source import (
    FRAME_RATE,
    FileChunk,
    FrameBatch,
    frame_durations,
    open_chunk,
    video_frames,
)

#: Ticks per second of every chunk's video timestamps.
CLOCK = 90000
TICK = Fraction(1, CLOCK)
#: Fragmented MP4 whose fragments follow on from the previous chunk's: ``frag_discont`` and
#: no timestamp shifting keep the given times; negative composition offsets let the first
#: frame show at its fragment's decode time even with B-frames.
FRAGMENTED = {
    "movflags": "frag_keyframe+empty_moov+default_base_moof+negative_cts_offsets+frag_discont",
    "avoid_negative_ts": "disabled",
}
#: libx264 settings for encoded chunks: fast, no frame delay.
X264 = {"preset": "veryfast", "tune": "zerolatency"}
#: Seconds between keyframes in encoded chunks (each chunk also starts with one).
KEYFRAME_SECONDS = 2


@dataclass
class VideoChunk:
    """One chunk as sent to the page: a standalone fragmented MP4 on the stream's clock."""

    data: bytes
    #: ``video/mp4; codecs="avc1.64001F, mp4a.40.2"``: what a MediaSource buffer needs.
    mime: str
    start: float
    duration: float
    #: ``"copy"`` (H.264 remuxed) or ``"encode"`` (transcoded to H.264).
    video: str
    #: ``"copy"``, ``"encode"``, ``"silence"``, or None (the stream has no audio).
    audio: str | None
    width: int
    height: int


@dataclass
class _Video:
    """A chunk's video as packets ready to mux: how long it lasts (90 kHz ticks), when its
    first frame shows in the chunk's own time (``v0``, seconds), its picture size."""

    packets: list[Any]
    ticks: int
    v0: Fraction
    mode: str
    size: tuple[int, int]


class VideoStream:
    """One streamed output's video: every chunk continues the one before."""

    def __init__(self, audio: bool = True, limits: Limits | None = None) -> None:
        #: False: leave every chunk's audio out.
        self.keep_audio = audio
        #: What a chunk read from a file may decode to (an input's limits), or None.
        self.limits = limits
        #: Where the next chunk starts, in :data:`CLOCK` ticks.
        self.ticks = 0
        #: The picture size encoded chunks are scaled to (the first chunk's).
        self.size: tuple[int, int] | None = None
        self.audio: AacTrack | None = None
        self.chunks = 0

    @property
    def duration(self) -> float:
        """Seconds of video so far."""
        return self.ticks / CLOCK

    def add(self, value: Any) -> VideoChunk:
        """The next chunk: a path, a file's bytes, ``(fps, frames)`` or frames.

        Raises ValueError for a chunk that is not playable video (not a video file, corrupt,
        cut short, audio only); the stream stays as it was and takes the next chunk."""
        chunk = open_chunk(value, limits=self.limits)
        try:
            return self._add(chunk)
        finally:
            chunk.close()

    def _add(self, chunk: FileChunk | FrameBatch) -> VideoChunk:
        import av

        first = self.size is None
        if first:
            w, h = chunk.size
            self.size = (w - w % 2, h - h % 2)
            if (
                self.keep_audio
                and isinstance(chunk, FileChunk)
                and chunk.audio is not None
                and chunk.audio_packets
            ):
                self.audio = AacTrack(*track_format(chunk))
        try:
            return self._mux(chunk)
        except (av.FFmpegError, ValueError) as error:
            if first:
                self.size, self.audio = None, None
            if isinstance(error, ValueError):
                raise
            raise ValueError(f"this video chunk could not be converted: {error}") from error

    def _mux(self, chunk: FileChunk | FrameBatch) -> VideoChunk:
        import av

        buffer = io.BytesIO()
        out = av.open(buffer, "w", format="mp4", options=dict(FRAGMENTED))
        try:
            copy = isinstance(chunk, FileChunk) and chunk.is_browser_h264()
            video = self._copied(out, chunk) if copy else self._encoded(out, chunk)
            audio_mode, audio = self._audio(out, chunk, video)
            for packet in _interleaved(video.packets + audio):
                out.mux(packet)
        finally:
            out.close()
        data = buffer.getvalue()
        init, _ = fmp4.split(data)
        start, self.ticks = self.ticks, self.ticks + video.ticks
        self.chunks += 1
        return VideoChunk(
            data=data,
            mime=f'video/mp4; codecs="{fmp4.codec_string(init)}"',
            start=start / CLOCK,
            duration=video.ticks / CLOCK,
            video=video.mode,
            audio=audio_mode,
            width=video.size[0],
            height=video.size[1],
        )

    # ---- video ----

    def _copied(self, out: Any, chunk: FileChunk | FrameBatch) -> _Video:
        """The chunk's H.264 packets as they are, on the stream's clock from its first
        keyframe on (frames before it could not be decoded)."""
        assert isinstance(chunk, FileChunk)
        stream = out.add_stream_from_template(chunk.video)
        stream.time_base = TICK
        key = next((i for i, p in enumerate(chunk.video_packets) if p.is_keyframe), None)
        if key is None:
            raise ValueError(
                f"{chunk.name} has no keyframe: its video cannot be decoded on its own"
            )
        packets = chunk.video_packets[key:]
        times = sorted(p.pts * p.time_base for p in packets)
        guessed = dict(zip(times, frame_durations(times, _frame_time(chunk.video)), strict=False))
        v0, end = times[0], times[0]
        for packet in packets:
            t = packet.pts * packet.time_base
            length = packet.duration * packet.time_base if packet.duration else guessed[t]
            end = max(end, t + length)
            dts = packet.dts * packet.time_base
            packet.stream = stream
            packet.time_base = TICK
            packet.pts, packet.dts = self.ticks + _ticks(t - v0), self.ticks + _ticks(dts - v0)
            packet.duration = _ticks(length)
        return _Video(packets, _ticks(end - v0), v0, "copy", chunk.size)

    def _encoded(self, out: Any, chunk: FileChunk | FrameBatch) -> _Video:
        """The chunk's frames encoded to H.264 at the stream's picture size, decoded one
        at a time (a frame is encoded once the next one tells its duration), so a long
        chunk is never held decoded in memory."""
        from av.video.frame import PictureType

        assert self.size is not None
        timed = _timed_frames(chunk)
        first = next(timed, None)
        if first is None:
            raise ValueError("the video chunk holds no frames that could be decoded")
        v0, held = first
        fallback = _rate_step(chunk)
        stream = _x264_stream(out, self.size, round(1 / fallback))
        fit = _Fitter(self.size)
        packets: list[Any] = []
        lengths: dict[int, int] = {}

        def encode(frame: Any, t: Fraction, length: Fraction) -> None:
            picture = fit(frame)
            picture.pts, picture.time_base = _ticks(t), TICK
            picture.pict_type = PictureType.NONE  # a decoded I-frame would force a keyframe
            lengths[picture.pts] = _ticks(t + length) - _ticks(t)
            packets.extend(stream.encode(picture))

        held_t, steps = Fraction(0), []  # steps: between frames, as frame_durations
        for at, frame in timed:
            step = at - v0 - held_t
            if step > 0:
                steps.append(step)
            encode(held, held_t, step if step > 0 else fallback)
            held_t, held = at - v0, frame
        last = sorted(steps)[len(steps) // 2] if steps else fallback  # the typical step
        encode(held, held_t, last)
        packets += stream.encode(None)
        for packet in packets:
            offset = round(Fraction(self.ticks, CLOCK) / packet.time_base)
            packet.duration = round(
                lengths.get(round(packet.pts * packet.time_base * CLOCK), 0)
                * TICK
                / packet.time_base
            )
            packet.pts += offset
            packet.dts += offset
        return _Video(packets, _ticks(held_t + last), v0, "encode", self.size)

    # ---- audio ----

    def _audio(
        self, out: Any, chunk: FileChunk | FrameBatch, video: _Video
    ) -> tuple[str | None, list[Any]]:
        import av

        track = self.audio
        if track is None:
            return None, []
        source = chunk if isinstance(chunk, FileChunk) and chunk.audio_packets else None
        copy = source is not None and track.can_copy(source)
        stream = track.add_stream(out, source, copy)
        frames = track.lay(
            source, copy, video.v0, Fraction(self.ticks, CLOCK), Fraction(video.ticks, CLOCK)
        )
        packets = []
        for at, data in frames:
            packet = av.Packet(data)
            packet.stream = stream
            packet.pts = packet.dts = at
            packet.duration = 1024
            packet.time_base = Fraction(1, track.rate)
            packets.append(packet)
        mode = "silence" if source is None else "copy" if copy else "encode"
        return mode, packets


def _x264_stream(out: Any, size: tuple[int, int], rate: int) -> Any:
    """An H.264 encoder stream of ``out`` (the only place a video encoder is opened)."""
    stream = out.add_stream("libx264", rate=max(1, min(rate, 240)))
    stream.width, stream.height = size
    stream.pix_fmt = "yuv420p"
    stream.time_base = TICK
    stream.codec_context.time_base = TICK
    keyint = max(1, rate * KEYFRAME_SECONDS)
    stream.codec_context.options = {**X264, "x264-params": f"keyint={keyint}"}
    return stream


class _Fitter:
    """Frames scaled to fit a picture size (aspect kept, black bars), as yuv420p."""

    def __init__(self, size: tuple[int, int]) -> None:
        self.size = size
        self.graph: Any = None
        self.key: tuple[Any, ...] | None = None

    def __call__(self, frame: Any) -> Any:
        if (frame.width, frame.height) == self.size:
            return frame.reformat(format="yuv420p")
        key = (frame.width, frame.height, frame.format.name)
        if key != self.key:
            self.graph, self.key = self._graph(frame), key
        self.graph.push(frame)
        return self.graph.pull()

    def _graph(self, frame: Any) -> Any:
        import av.filter

        w, h = self.size
        graph = av.filter.Graph()
        chain = [
            graph.add_buffer(
                width=frame.width, height=frame.height, format=frame.format.name, time_base=TICK
            ),
            graph.add(
                "scale", f"w={w}:h={h}:force_original_aspect_ratio=decrease:force_divisible_by=2"
            ),
            graph.add("pad", f"w={w}:h={h}:x=(ow-iw)/2:y=(oh-ih)/2"),
            graph.add("format", "yuv420p"),
            graph.add("buffersink"),
        ]
        for a, b in itertools.pairwise(chain):
            a.link_to(b)
        graph.configure()
        return graph


def _timed_frames(chunk: FileChunk | FrameBatch) -> Iterator[tuple[Fraction, Any]]:
    """(presentation time in seconds, frame) of each frame of the chunk."""
    import av

    if isinstance(chunk, FrameBatch):
        step = 1 / chunk.rate
        for n, array in enumerate(chunk.frames):
            yield n * step, av.VideoFrame.from_ndarray(array, format="rgb24")
        return
    last, base = None, chunk.video.time_base
    for frame in video_frames(chunk):
        t = frame.pts * base if frame.pts is not None else None
        if t is None or (last is not None and t <= last):
            t = (last or Fraction(0)) + _frame_time(chunk.video)
        last = t
        yield t, frame


def _frame_time(stream: Any) -> Fraction:
    rate = stream.average_rate or stream.base_rate or stream.guessed_rate
    return 1 / Fraction(rate) if rate else Fraction(1, FRAME_RATE)


def _rate_step(chunk: FileChunk | FrameBatch) -> Fraction:
    return 1 / chunk.rate if isinstance(chunk, FrameBatch) else _frame_time(chunk.video)


def _ticks(seconds: Fraction) -> int:
    return round(seconds * CLOCK)


def _interleaved(packets: list[Any]) -> list[Any]:
    """Packets in decode-time order across the streams (stable within each)."""
    return sorted(packets, key=lambda p: p.dts * p.time_base)
