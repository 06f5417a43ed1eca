"""The audio track of a streamed video: AAC-LC frames laid end to end on the stream's clock.

The first chunk fixes the track (its rate and channels); every later chunk's audio becomes
AAC-LC frames of that format: copied when the chunk already has them (AAC-LC in MP4, or
ADTS in MPEG-TS, at the same rate and channels), else decoded, resampled and encoded. The
frames are then placed one after the other from where the last chunk's audio ended, each
within half a frame of where it belongs against the video: a frame that would overlap is
dropped, a hole (a chunk without audio, audio shorter than its video) is filled with
silent frames. So the track never has a gap (a gap stalls a MediaSource player) and never
drifts from the picture by more than half a frame (about 11 ms at 48 kHz).
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterable, Iterator
from fractions import Fraction
from typing import Any

from rillet.codecs.video_source import FileChunk, audio_frames

#: Samples in one AAC-LC frame.
FRAME = 1024
#: Sample rates an AAC AudioSpecificConfig can name by index.
RATES = (96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350)
LAYOUTS = {1: "mono", 2: "stereo"}


def track_format(chunk: FileChunk) -> tuple[int, int]:
    """The (rate, channels) a stream whose first chunk is ``chunk`` keeps: the chunk's own
    when AAC can carry it (mono or stereo; more channels are mixed down to stereo)."""
    assert chunk.audio is not None, "a chunk with sound"
    ctx = chunk.audio.codec_context
    rate = ctx.sample_rate if ctx.sample_rate in RATES else 48000
    return rate, 1 if ctx.channels == 1 else 2


def audio_specific_config(rate: int, channels: int) -> bytes:
    """The 2-byte AudioSpecificConfig of AAC-LC at ``rate`` with ``channels``."""
    return ((2 << 11) | (RATES.index(rate) << 7) | (channels << 3)).to_bytes(2, "big")


class AacTrack:
    """One stream's AAC-LC track: its format and where its audio has got to."""

    def __init__(self, rate: int, channels: int) -> None:
        self.rate = rate
        self.channels = channels
        #: Samples laid so far (where the next frame goes).
        self.cursor = 0
        self._silence: bytes | None = None
        self._template: bytes | None = None

    def can_copy(self, chunk: FileChunk) -> bool:
        """True when the chunk's audio is AAC-LC in this track's format."""
        if chunk.audio is None or not chunk.audio_packets:
            return False
        ctx = chunk.audio.codec_context
        if not (
            ctx.name == "aac"
            and ctx.profile == "LC"
            and ctx.sample_rate == self.rate
            and ctx.channels == self.channels
        ):
            return False
        # ADTS frames (MPEG-TS) must hold one raw frame each to be copied as they are
        return bool(ctx.extradata) or all(_one_raw_frame(bytes(p)) for p in chunk.audio_packets)

    def add_stream(self, out: Any, chunk: FileChunk | None, copy: bool) -> Any:
        """This track as a stream of ``out`` (no encoder is opened for it)."""
        import av

        if copy and chunk is not None:
            stream = out.add_stream_from_template(chunk.audio)
        else:
            with av.open(io.BytesIO(self._template_file())) as template:
                stream = out.add_stream_from_template(template.streams.audio[0])
        stream.time_base = Fraction(1, self.rate)
        ctx = stream.codec_context
        ctx.extradata = audio_specific_config(self.rate, self.channels)
        ctx.bit_rate = 0
        return stream

    def lay(
        self, chunk: FileChunk | None, copy: bool, v0: Fraction, start: Fraction, duration: Fraction
    ) -> list[tuple[int, bytes]]:
        """The frames (sample position, bytes) that cover ``[start, start + duration)`` on
        the stream's clock, from the chunk's audio (its time ``v0`` is ``start``)."""
        if chunk is None or chunk.audio is None:
            timed: Iterable[tuple[Fraction, bytes]] = ()
        elif copy:
            timed = self._copied(chunk, v0)
        else:
            timed = self._encoded(chunk, v0)
        return self._place(timed, start, start + duration)

    def _place(
        self, timed: Iterable[tuple[Fraction, bytes]], start: Fraction, end: Fraction
    ) -> list[tuple[int, bytes]]:
        out: list[tuple[int, bytes]] = []
        last = round(end * self.rate)
        half = FRAME // 2
        for at, data in timed:
            target = round((start + at) * self.rate)
            if target < self.cursor - half:
                continue  # it would overlap what is laid already
            while target - self.cursor >= half and last - self.cursor > half:
                out.append(self._next(self.silence()))
            if last - self.cursor < half:
                break
            out.append(self._next(data))
        while last - self.cursor > half:
            out.append(self._next(self.silence()))
        return out

    def _next(self, data: bytes) -> tuple[int, bytes]:
        at = self.cursor
        self.cursor += FRAME
        return at, data

    def _copied(self, chunk: FileChunk, v0: Fraction) -> Iterator[tuple[Fraction, bytes]]:
        assert chunk.audio is not None, "a chunk with sound"
        adts = not chunk.audio.codec_context.extradata
        for packet in chunk.audio_packets:
            data = bytes(packet)
            yield packet.pts * packet.time_base - v0, _raw(data) if adts else data

    def _encoded(self, chunk: FileChunk, v0: Fraction) -> Iterator[tuple[Fraction, bytes]]:
        frames = audio_frames(chunk)
        first = next(frames, None)
        if first is None:
            return
        begin = (first.pts * first.time_base if first.pts is not None else v0) - v0
        for packet in self._encode(_chain(first, frames)):
            yield begin + Fraction(packet.pts, self.rate), bytes(packet)

    def _encode(self, frames: Iterable[Any]) -> Iterator[Any]:
        """AAC packets of the frames, resampled to this track's format (fresh encoder)."""
        import av

        encoder = av.CodecContext.create("aac", "w")
        encoder.sample_rate = self.rate
        encoder.layout = LAYOUTS[self.channels]
        encoder.format = "fltp"
        encoder.time_base = Fraction(1, self.rate)
        resampler = av.AudioResampler(
            format="fltp", layout=LAYOUTS[self.channels], rate=self.rate, frame_size=FRAME
        )
        count = 0
        for frame in itertools.chain(frames, [None]):  # decoded one at a time
            for piece in resampler.resample(frame):
                piece.pts, count = count, count + piece.samples
                yield from encoder.encode(piece)
        yield from encoder.encode(None)

    def silence(self) -> bytes:
        """One AAC-LC frame of silence in this track's format (made once, then reused)."""
        if self._silence is None:
            self._make_silence()
        assert self._silence is not None
        return self._silence

    def _template_file(self) -> bytes:
        if self._template is None:
            self._make_silence()
        assert self._template is not None
        return self._template

    def _make_silence(self) -> None:
        """Encode a few silent frames into a little M4A: one of its frames is the silence
        frame, and its stream is the template of the track in chunks that copy no audio."""
        import av
        import numpy as np

        layout = LAYOUTS[self.channels]
        out, frames = io.BytesIO(), []
        with av.open(out, "w", format="mp4") as container:
            stream = container.add_stream("aac", rate=self.rate, layout=layout)
            for n in range(4):
                frame = av.AudioFrame.from_ndarray(
                    np.zeros((self.channels, FRAME), dtype=np.float32), format="fltp", layout=layout
                )
                frame.sample_rate, frame.pts = self.rate, n * FRAME
                frames += stream.encode(frame)
            frames += stream.encode(None)
            for packet in frames:
                container.mux(packet)
        self._silence = bytes(frames[2])
        self._template = out.getvalue()


def _chain(first: Any, rest: Iterator[Any]) -> Iterator[Any]:
    yield first
    yield from rest


def _one_raw_frame(adts: bytes) -> bool:
    """True for an ADTS frame that holds exactly one raw AAC frame."""
    return len(adts) > 7 and adts[6] & 3 == 0


def _raw(frame: bytes) -> bytes:
    """The raw AAC frame inside an ADTS frame (its 7- or 9-byte header removed)."""
    if len(frame) < 7 or frame[0] != 0xFF or frame[1] & 0xF0 != 0xF0:
        return frame
    return frame[7 if frame[1] & 1 else 9 :]
