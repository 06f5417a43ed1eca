"""Reading (fragmented) MP4 boxes: split a file into its init and media segments, the codec
string browsers want, and the H.264 parameter sets inside an ``avcC``.

Stdlib only. A box is a 32-bit big-endian size (1: a 64-bit size follows; 0: to the end),
a four-letter type, then its body; ``moov``, ``trak``, ``moof``... hold boxes themselves.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass

#: Boxes whose body is a list of boxes.
CONTAINERS = frozenset(
    {
        b"moov",
        b"trak",
        b"mdia",
        b"minf",
        b"stbl",
        b"moof",
        b"traf",
        b"edts",
        b"mvex",
        b"dinf",
        b"udta",
    }
)
#: Top-level boxes of the init segment; the rest of a fragment is media (``mfra`` is dropped).
INIT_BOXES = frozenset({b"ftyp", b"moov"})
MEDIA_BOXES = frozenset({b"styp", b"sidx", b"prft", b"emsg", b"moof", b"mdat"})
#: The codec string of AAC-LC, the only audio codec rillet streams.
AAC_LC = "mp4a.40.2"


@dataclass(frozen=True)
class Box:
    """One box: its type, where it starts, its size, and the size of its header."""

    type: bytes
    start: int
    size: int
    header: int

    @property
    def body(self) -> slice:
        """Where the box's body lies in the data."""
        return slice(self.start + self.header, self.start + self.size)


def boxes(data: bytes, start: int = 0, end: int | None = None) -> Iterator[Box]:
    """The boxes from ``start`` to ``end`` (one level; ValueError when one is cut)."""
    end = len(data) if end is None else end
    at = start
    while at + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, at)
        header = 8
        if size == 1:
            if at + 16 > end:
                raise ValueError("an MP4 box header is cut")
            size, header = struct.unpack_from(">Q", data, at + 8)[0], 16
        elif size == 0:
            size = end - at
        if size < header or at + size > end:
            raise ValueError(f"the MP4 box {kind!r} is cut or corrupt")
        yield Box(kind, at, size, header)
        at += size


def walk(data: bytes, start: int = 0, end: int | None = None) -> Iterator[Box]:
    """Every box, depth first, descending into the container boxes."""
    for box in boxes(data, start, end):
        yield box
        if box.type in CONTAINERS:
            yield from walk(data, box.body.start, box.body.stop)


def split(data: bytes) -> tuple[bytes, bytes]:
    """A fragmented MP4 as (init segment: ``ftyp`` + ``moov``, media: the fragments)."""
    init, media = bytearray(), bytearray()
    for box in boxes(data):
        piece = data[box.start : box.start + box.size]
        if box.type in INIT_BOXES:
            init += piece
        elif box.type in MEDIA_BOXES:
            media += piece
    return bytes(init), bytes(media)


def codec_string(init: bytes) -> str:
    """The ``codecs`` parameter for the tracks of an init segment, e.g.
    ``avc1.64001F, mp4a.40.2`` (H.264 from its ``avcC``; AAC is always AAC-LC here)."""
    codecs = []
    for box in walk(init):
        if box.type == b"stsd":
            codecs += _sample_entries(init, box)
    if not codecs:
        raise ValueError("no track with a known codec in this MP4")
    return ", ".join(codecs)


def _sample_entries(data: bytes, stsd: Box) -> list[str]:
    # stsd: version/flags (4), entry count (4), then sample entry boxes
    found = []
    for entry in boxes(data, stsd.body.start + 8, stsd.body.stop):
        if entry.type in (b"avc1", b"avc3"):
            # a visual sample entry has 78 bytes of fields before its boxes
            for inner in boxes(data, entry.body.start + 78, entry.body.stop):
                if inner.type == b"avcC":
                    cfg = data[inner.body]
                    found.append(f"{entry.type.decode()}.{cfg[1]:02X}{cfg[2]:02X}{cfg[3]:02X}")
        elif entry.type == b"mp4a":
            found.append(AAC_LC)
    return found


def decode_times(data: bytes) -> list[tuple[int, int]]:
    """(track id, base media decode time) of every fragment, in file order."""
    out = []
    track = 0
    for box in walk(data):
        body = data[box.body]
        if box.type == b"tfhd":
            track = struct.unpack_from(">I", body, 4)[0]
        elif box.type == b"tfdt":
            wide = body[0] == 1
            out.append((track, struct.unpack_from(">Q" if wide else ">I", body, 4)[0]))
    return out


def timescales(data: bytes) -> dict[int, int]:
    """The timescale of each track of an init segment, by track id."""
    out, track = {}, 0
    for box in walk(data):
        body = data[box.body]
        if box.type == b"tkhd":
            track = struct.unpack_from(">I", body, 20 if body[0] == 1 else 12)[0]
        elif box.type == b"mdhd":
            out[track] = struct.unpack_from(">I", body, 20 if body[0] == 1 else 12)[0]
    return out


@dataclass(frozen=True)
class AvcConfig:
    """An ``avcC`` (AVCDecoderConfigurationRecord): NAL length size and parameter sets."""

    length_size: int
    sps: tuple[bytes, ...]
    pps: tuple[bytes, ...]

    @classmethod
    def parse(cls, record: bytes) -> AvcConfig:
        """Read an ``avcC`` body; ValueError when it is not one."""
        if len(record) < 7 or record[0] != 1:
            raise ValueError("not an avcC record")
        at, sets = 6, []
        count = record[5] & 0x1F
        for group in range(2):
            if group == 1:
                count, at = record[at], at + 1
            found = []
            for _ in range(count):
                size = struct.unpack_from(">H", record, at)[0]
                found.append(record[at + 2 : at + 2 + size])
                at += 2 + size
            sets.append(tuple(found))
        return cls((record[4] & 3) + 1, sets[0], sets[1])

    def with_parameter_sets(self, sample: bytes, length_size: int = 4) -> bytes:
        """A keyframe sample with this config's SPS and PPS in front of its NAL units,
        every NAL unit written with ``length_size``-byte lengths."""
        nals = [*self.sps, *self.pps, *nal_units(sample, self.length_size)]
        return b"".join(len(n).to_bytes(length_size, "big") + n for n in nals)


def nal_units(sample: bytes, length_size: int) -> Iterator[bytes]:
    """The NAL units of a length-prefixed H.264 sample."""
    at = 0
    while at + length_size <= len(sample):
        size = int.from_bytes(sample[at : at + length_size], "big")
        at += length_size
        yield sample[at : at + size]
        at += size
