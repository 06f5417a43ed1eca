"""MP3 bytes that arrive in pieces: slices of one file cut anywhere, or whole files one
after another, decoded as one seamless stream.

One FFmpeg parser + decoder (``av.CodecContext``) lives as long as the stream, so a frame
cut in two by a chunk boundary is decoded once, when its second half arrives, and no
sample is lost or repeated. What FFmpeg's MP3 demuxer does for a whole file is done here
for each file in the byte stream: its ID3v2 tag is skipped, its Xing/Info frame (which
holds no audio) is not decoded, and the encoder delay and padding it records (the LAME
tag) are cut, so a file decoded in slices gives exactly the samples of the file decoded
at once. The last ``padding`` samples of each file are held back until the next bytes
show whether they are the file's end.

PyAV and numpy are imported inside the methods, so importing this module is light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import av
    import numpy as np

#: Samples of delay in FFmpeg's MP3 decoder, added to the encoder delay (as FFmpeg does).
DECODER_DELAY = 528 + 1
#: Encoders whose Info frame carries a LAME-style delay/padding field.
LAME_LIKE = (b"LAME", b"Lavf", b"Lavc", b"L3.9")


def is_frame_header(data: bytes) -> bool:
    """True if ``data`` starts with a valid MPEG audio layer III frame header."""
    if len(data) < 4:
        return False
    head = int.from_bytes(data[:4], "big")
    sync, version, layer = head >> 21, (head >> 19) & 3, (head >> 17) & 3
    bitrate, rate = (head >> 12) & 0xF, (head >> 10) & 3
    return sync == 0x7FF and version != 1 and layer == 1 and bitrate not in (0, 15) and rate != 3


def id3_size(data: bytes) -> int:
    """The length of the ID3v2 tag at the start of ``data`` (0 if there is none)."""
    if len(data) < 10 or data[:3] != b"ID3":
        return 0
    size = 0
    for byte in data[6:10]:
        size = (size << 7) | (byte & 0x7F)
    footer = 10 if data[5] & 0x10 else 0
    return 10 + size + footer


def info_frame_trims(frame: bytes) -> tuple[int, int] | None:
    """For a Xing/Info frame: the samples to cut at the start and at the end of its file
    (from the LAME tag; (0, 0) without one). None for a frame that holds audio."""
    if not is_frame_header(frame):
        return None
    mpeg1 = (frame[1] >> 3) & 3 == 3
    mono = (frame[3] >> 6) & 3 == 3
    offset = 4 + ((17 if mono else 32) if mpeg1 else (9 if mono else 17))
    if frame[offset : offset + 4] not in (b"Xing", b"Info"):
        return None
    flags = int.from_bytes(frame[offset + 4 : offset + 8], "big")
    lame = offset + 8 + sum(size for bit, size in ((1, 4), (2, 4), (4, 100), (8, 4)) if flags & bit)
    if frame[lame : lame + 4] not in LAME_LIKE or len(frame) < lame + 24:
        return 0, 0
    field = int.from_bytes(frame[lame + 21 : lame + 24], "big")
    delay, padding = field >> 12, field & 0xFFF
    return delay + DECODER_DELAY, max(padding - DECODER_DELAY, 0)


class Mp3Bytes:
    """An MP3 byte stream fed in arbitrary pieces; :meth:`feed` gives the decoded frames."""

    def __init__(self) -> None:
        self._codec: Any = None
        self._skip = 0  # bytes of an ID3 tag still to skip
        self._cut = 0  # samples still to drop at the start of the current file
        self._padding = 0  # samples to drop at the end of the current file
        self._held: np.ndarray | None = None  # the last `padding` samples, held back
        self._format: tuple[str, int] | None = None  # (layout, rate) of the held samples

    def feed(self, data: bytes) -> list[av.AudioFrame]:
        """Decode what ``data`` completes; a slice shorter than one frame may give nothing.

        Raises ValueError when ``data`` holds MP3 frames none of which can be decoded."""
        frames: list[av.AudioFrame] = []
        if id3_size(data):  # a new file starts here
            frames += self._end_file()
            self._skip = id3_size(data)
        if self._skip:
            cut = min(self._skip, len(data))
            data, self._skip = data[cut:], self._skip - cut
        if not data:
            return frames
        if self._codec is None:
            import av

            self._codec = av.CodecContext.create("mp3", "r")
        packets = self._codec.parse(data)
        decoded, failed = self._decode(packets)
        if packets and failed == len(packets):
            raise ValueError("the MP3 data in this chunk cannot be decoded (corrupt frames)")
        return frames + decoded

    def finish(self) -> list[av.AudioFrame]:
        """The last frames of the stream (its final file's padding is dropped)."""
        return self._end_file()

    def _end_file(self) -> list[av.AudioFrame]:
        """Flush the decoder: the current file ends here."""
        if self._codec is None:
            return []
        frames, _ = self._decode(self._codec.parse(b""))
        frames += self._trim(list(self._drain()))
        self._codec, self._held, self._cut, self._padding = None, None, 0, 0
        return frames

    def _drain(self) -> list[av.AudioFrame]:
        import av

        try:
            return list(self._codec.decode(None))
        except av.FFmpegError:
            return []

    def _decode(self, packets: list[Any]) -> tuple[list[av.AudioFrame], int]:
        import av

        frames: list[av.AudioFrame] = []
        failed = 0
        for packet in packets:
            trims = info_frame_trims(bytes(packet))
            if trims is not None:  # an Info frame: a new file starts, its padding is cut
                self._held = None
                self._cut, self._padding = trims
                continue
            try:
                frames += self._trim(list(self._codec.decode(packet)))
            except av.FFmpegError:
                failed += 1
        return frames, failed

    def _trim(self, frames: list[av.AudioFrame]) -> list[av.AudioFrame]:
        """Drop the encoder delay and hold back the padding of the current file."""
        if not frames or (not self._cut and not self._padding):
            return frames
        import numpy as np

        layout, rate = frames[0].layout.name, frames[0].sample_rate
        samples = np.concatenate([f.to_ndarray() for f in frames], axis=1)
        if self._cut:
            cut = min(self._cut, samples.shape[1])
            samples, self._cut = samples[:, cut:], self._cut - cut
        if self._padding:
            if self._held is not None and self._format == (layout, rate):
                samples = np.concatenate([self._held, samples], axis=1)
            keep = max(samples.shape[1] - self._padding, 0)
            samples, self._held = samples[:, :keep], samples[:, keep:]
            self._format = (layout, rate)
        if not samples.shape[1]:
            return []
        return [_frame(samples, frames[0].format.name, layout, rate)]


def _frame(samples: np.ndarray, fmt: str, layout: str, rate: int) -> av.AudioFrame:
    import av
    import numpy as np

    frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(samples), format=fmt, layout=layout)
    frame.sample_rate = rate
    return frame
