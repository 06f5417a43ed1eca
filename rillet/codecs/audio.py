"""Audio on PyAV (FFmpeg inside its wheel; no ffmpeg binary, no subprocess).

- :class:`AudioStream` turns each chunk a generator yields (a file path, the bytes of a
  file or a slice of one, or ``(sample_rate, array)``) into 16-bit PCM at the stream's
  rate and channel count, which its first chunk fixes; later chunks are resampled and
  remixed to match, by one resampler per input format that lives as long as the stream,
  so slices of one signal join without a seam.
- :func:`wav_bytes` wraps PCM in a WAV header: the chunks sent to browsers are WAV
  because it decodes to exactly its samples (no codec priming), so chunks play
  back to back without a gap.
- :func:`join_wavs` writes a finished stream as one file; :func:`read_pcm`,
  :func:`write_audio` and :func:`convert` serve the component's input and output.

PyAV and numpy are imported inside the functions, so importing rillet stays light.
"""

from __future__ import annotations

import io
import math
import os
import wave
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rillet.codecs.limits import Limits, TooLong
from rillet.codecs.sources import (
    LAYOUTS,
    WavSlices,
    array_frame,
    container_frames,
    file_frames,
    sniff,
)

if TYPE_CHECKING:
    import av

    from rillet.codecs.mp3 import Mp3Bytes

SAMPLE_WIDTH = 2
#: Bytes a chunk needs before its format can be told; shorter first pieces wait for more.
SNIFF_BYTES = 16
#: Formats :func:`write_audio` can write, with their encoders.
ENCODERS = {"wav": "pcm_s16le", "mp3": "libmp3lame", "flac": "flac"}
#: What a slice of a WAV file may look like (raw samples can mimic an MP3 or AAC header).
CONTINUABLE = (None, "mp3", "aac")
MIME_TYPES = {
    "wav": "audio/wav",
    "mp3": "audio/mpeg",
    "flac": "audio/flac",
    "ogg": "audio/ogg",
    "webm": "audio/webm",
    "m4a": "audio/mp4",
    "aac": "audio/aac",
}
#: How many samples :func:`write_audio` encodes at a time.
BLOCK = 65536


class AudioStream:
    """One streamed output's audio: every chunk becomes PCM in one format."""

    def __init__(self) -> None:
        self.rate: int | None = None
        self.channels: int | None = None
        self.samples = 0
        self._resampler: Any = None
        self._resampler_key: tuple[str, str, int] | None = None
        self._wav: WavSlices | None = None
        self._mp3: Mp3Bytes | None = None
        self._pending = b""

    def decode(self, value: Any) -> bytes:
        """The PCM of one chunk, possibly empty (a slice shorter than one MP3 frame).

        Raises ValueError for an empty, corrupt or unknown chunk; the stream stays usable."""
        if isinstance(value, (bytes, bytearray, memoryview)):
            frames = self._bytes_frames(bytes(value))
        else:
            frames = self._value_frames(value)
        return self.convert_frames(frames)

    def finish(self) -> bytes:
        """The PCM still held inside (the last MP3 frames, the resampler's tail)."""
        frames = self._end_slices()
        pcm = self.convert_frames(frames)
        return pcm + self._flush_resampler()

    @property
    def duration(self) -> float:
        """Seconds of audio produced so far."""
        return self.samples / self.rate if self.rate else 0.0

    def _value_frames(self, value: Any) -> list[av.AudioFrame]:
        if isinstance(value, tuple) and len(value) == 2:
            frames = [array_frame(*value)]
        elif isinstance(value, (str, os.PathLike)):
            frames = list(file_frames(value))
        else:
            raise ValueError(
                f"cannot play a {type(value).__name__} as audio; yield a file "
                "path, the bytes of a file, or (sample_rate, numpy array)"
            )
        return self._end_slices() + frames

    def _bytes_frames(self, data: bytes) -> list[av.AudioFrame]:
        if not data:
            raise ValueError("the audio chunk is empty (0 bytes)")
        data, self._pending = self._pending + data, b""
        kind = sniff(data)
        if kind is None and len(data) < SNIFF_BYTES and not self._continuing():
            self._pending = data  # too short to tell what it is: wait for the next bytes
            return []
        if (
            self._wav is not None
            and self._wav.remaining
            and kind in CONTINUABLE
            and not data.startswith(b"ID3")
        ):
            return self._wav.take(data)
        if self._mp3 is not None and kind in (None, "mp3"):
            return self._mp3.feed(data)
        ended = self._end_slices()
        if kind == "wav":
            self._wav, body = WavSlices.start(data)
            return ended + self._wav.frames(body)
        if kind == "mp3":
            from rillet.codecs.mp3 import Mp3Bytes

            self._mp3 = Mp3Bytes()
            return ended + self._mp3.feed(data)
        return ended + list(container_frames(io.BytesIO(data), "the audio chunk"))

    def _continuing(self) -> bool:
        return self._mp3 is not None or (self._wav is not None and bool(self._wav.remaining))

    def _end_slices(self) -> list[av.AudioFrame]:
        """A chunk that is not a slice came: the sliced file before it has ended."""
        frames = self._mp3.finish() if self._mp3 is not None else []
        self._mp3 = self._wav = None
        self._pending = b""
        return frames

    def convert_frames(self, frames: Iterable[av.AudioFrame]) -> bytes:
        """Decoded frames of any format as PCM in the stream's (the first frame fixes it)."""
        out = bytearray()
        for frame in frames:
            if self.rate is None:
                self.rate = frame.sample_rate
                self.channels = min(len(frame.layout.channels), 2)
            key = (frame.format.name, frame.layout.name, frame.sample_rate)
            if key != self._resampler_key:
                out += self._flush_resampler()
                self._resampler, self._resampler_key = self._new_resampler(), key
            for converted in self._resampler.resample(frame):
                out += _pcm_of(converted, self.channels or 1)
        self.samples += len(out) // (SAMPLE_WIDTH * (self.channels or 1))
        return bytes(out)

    def _new_resampler(self) -> Any:
        import av

        return av.AudioResampler(format="s16", layout=LAYOUTS[self.channels or 1], rate=self.rate)

    def _flush_resampler(self) -> bytes:
        if self._resampler is None:
            return b""
        out = b"".join(_pcm_of(f, self.channels or 1) for f in self._resampler.resample(None))
        self._resampler = self._resampler_key = None
        self.samples += len(out) // (SAMPLE_WIDTH * (self.channels or 1))
        return out


def _pcm_of(frame: av.AudioFrame, channels: int) -> bytes:
    """The interleaved 16-bit samples of a packed ``s16`` frame (planes carry padding)."""
    return bytes(frame.planes[0])[: frame.samples * channels * SAMPLE_WIDTH]


def wav_bytes(pcm: bytes, rate: int, channels: int) -> bytes:
    """A WAV file (16-bit PCM) holding ``pcm``."""
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(SAMPLE_WIDTH)
        writer.setframerate(rate)
        writer.writeframes(pcm)
    return out.getvalue()


def wav_pcm(path: str | os.PathLike[str]) -> Iterator[bytes]:
    """The PCM of a 16-bit WAV file written by :func:`wav_bytes`, in blocks."""
    with wave.open(str(path), "rb") as reader:
        while block := reader.readframes(BLOCK):
            yield block


def join_wavs(
    paths: Iterable[str | os.PathLike[str]],
    tail: bytes,
    rate: int,
    channels: int,
    dest: str | os.PathLike[str],
    fmt: str = "wav",
) -> Path:
    """Write the chunks (16-bit WAV files of one format) and ``tail`` as one file."""

    def pcm() -> Iterator[bytes]:
        for path in paths:
            yield from wav_pcm(path)
        if tail:
            yield tail

    return write_audio(pcm(), rate, channels, dest, fmt)


def write_audio(
    pcm: Iterable[bytes], rate: int, channels: int, dest: str | os.PathLike[str], fmt: str = "wav"
) -> Path:
    """Encode 16-bit interleaved PCM blocks as a ``fmt`` file (see :data:`ENCODERS`)."""
    target = Path(dest)
    if fmt == "wav":
        with wave.open(str(target), "wb") as writer:
            writer.setnchannels(channels)
            writer.setsampwidth(SAMPLE_WIDTH)
            writer.setframerate(rate)
            for block in pcm:
                writer.writeframes(block)
        return target
    if fmt not in ENCODERS:
        raise ValueError(f"cannot write audio as {fmt!r}; choose one of {sorted(ENCODERS)}")
    _encode(pcm, rate, channels, target, fmt)
    return target


def _encode(pcm: Iterable[bytes], rate: int, channels: int, target: Path, fmt: str) -> None:
    import av

    layout = LAYOUTS[channels]
    with av.open(str(target), "w", format=fmt) as container:
        stream = container.add_stream(ENCODERS[fmt], rate=rate, layout=layout)
        resampler = av.AudioResampler(
            format=stream.codec_context.format.name,
            layout=layout,
            rate=rate,
            frame_size=1152 if fmt == "mp3" else 4096,
        )
        for block in [*pcm, None]:
            frames = resampler.resample(
                _s16_frame(block, rate, layout, channels) if block else None
            )
            for frame in frames:
                container.mux(stream.encode(frame))
        container.mux(stream.encode(None))


def _s16_frame(block: bytes, rate: int, layout: str, channels: int) -> av.AudioFrame:
    import av

    frame = av.AudioFrame(
        format="s16", layout=layout, samples=len(block) // (SAMPLE_WIDTH * channels)
    )
    frame.planes[0].update(block)
    frame.sample_rate = rate
    return frame


def array_pcm(rate: Any, array: Any, *, peak: bool = False) -> tuple[int, int, bytes]:
    """``(sample_rate, array)`` as 16-bit PCM: (rate, channels, pcm). ``peak`` scales
    float arrays to their peak (Gradio's rule for a whole clip)."""
    stream = AudioStream()
    pcm = stream.convert_frames([array_frame(rate, array, peak)]) + stream.finish()
    assert stream.rate is not None and stream.channels is not None
    return stream.rate, stream.channels, pcm


def read_pcm(
    source: str | os.PathLike[str] | bytes, limits: Limits | None = None
) -> tuple[int, int, bytes]:
    """A whole file decoded to 16-bit PCM at its own rate: (rate, channels, pcm). With
    ``limits`` (a file on disk, an input), a file that says or turns out to be too long
    is refused before or while it is decoded (TooLarge)."""
    stream = AudioStream()
    if limits is not None and isinstance(source, (str, os.PathLike)):
        pcm = stream.convert_frames(file_frames(source, limits)) + stream.finish()
    else:
        pcm = stream.decode(source) + stream.finish()
    assert stream.rate is not None and stream.channels is not None
    return stream.rate, stream.channels, pcm


def convert(
    source: str | os.PathLike[str] | bytes,
    dest: str | os.PathLike[str],
    fmt: str,
    limits: Limits | None = None,
) -> Path:
    """Decode ``source`` (any format FFmpeg reads) and write it to ``dest`` as ``fmt``."""
    rate, channels, pcm = read_pcm(source, limits)
    return write_audio([pcm], rate, channels, dest, fmt)


def duration_of(source: str | os.PathLike[str] | bytes, stop_after: float | None = None) -> float:
    """Seconds of audio in a file, counted by decoding it (exact; no samples are kept).
    With ``stop_after``, a file whose header says it is longer, or that turns out longer
    while it is decoded, gives ``inf`` without being decoded further."""
    if isinstance(source, (bytes, bytearray)):
        frames = container_frames(
            io.BytesIO(bytes(source)), "the audio", limits=Limits(seconds=stop_after)
        )
    else:
        frames = file_frames(source, Limits(seconds=stop_after))
    seconds = 0.0
    try:
        for frame in frames:
            seconds += frame.samples / frame.sample_rate
    except TooLong:
        return math.inf
    return seconds


def format_of(source: str | os.PathLike[str] | bytes) -> str | None:
    """The audio format of a file or of a file's bytes, from its first bytes."""
    if isinstance(source, (bytes, bytearray)):
        return sniff(bytes(source[:64]))
    try:
        with open(source, "rb") as handle:
            return sniff(handle.read(64))
    except OSError:
        return None
