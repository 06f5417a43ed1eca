"""Files that decode to far more than their size (decompression bombs), written cheaply:
never held decoded while they are made."""

from __future__ import annotations

import struct
import zlib
from fractions import Fraction
from pathlib import Path

import av
import numpy as np


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def flat_png(path: Path, width: int, height: int) -> Path:
    """A black greyscale PNG, written row by row (never held decoded)."""
    pack = zlib.compressobj(9)
    row = bytes(width + 1)  # filter byte 0, then the pixels
    data = b"".join(pack.compress(row) for _ in range(height)) + pack.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", data)
        + png_chunk(b"IEND", b"")
    )
    return path


def silent_flac(path: Path, seconds: int, rate: int = 48000) -> Path:
    block = rate * min(seconds, 10)
    with av.open(str(path), "w", format="flac") as out:
        stream = out.add_stream("flac", rate=rate, layout="stereo")
        silence = np.zeros((1, block * 2), dtype=np.int16)
        for start in range(0, seconds * rate, block):
            frame = av.AudioFrame.from_ndarray(silence, format="s16", layout="stereo")
            frame.sample_rate, frame.pts = rate, start
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


def lying_flac(source: Path, path: Path, samples: int) -> Path:
    """A copy of a FLAC file whose header (STREAMINFO) says it holds ``samples`` samples."""
    data = source.read_bytes()
    info = bytearray(data[8:42])
    packed = int.from_bytes(info[10:18], "big")  # rate, channels, bits, then 36 bits: samples
    info[10:18] = ((packed >> 36 << 36) | samples).to_bytes(8, "big")
    info[18:34] = bytes(16)  # no MD5 to check
    path.write_bytes(data[:8] + bytes(info) + data[42:])
    return path


def still_video(path: Path, seconds: int, period: int = 5) -> Path:
    """A 1280x720 MPEG-4 Part 2 video (re-encoded to H.264 on input) of black frames, one
    every ``period`` seconds."""
    with av.open(str(path), "w", format="matroska") as out:
        stream = out.add_stream("mpeg4", rate=Fraction(1, period))
        stream.width, stream.height, stream.pix_fmt = 1280, 720, "yuv420p"
        black = av.VideoFrame.from_ndarray(np.zeros((720, 1280, 3), np.uint8), format="rgb24")
        frame = black.reformat(format="yuv420p")
        for n in range(seconds // period):
            frame.pts = n
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path
