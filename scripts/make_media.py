#!/usr/bin/env python3
"""Make rillet's sample media (``rillet/media_files/``), the files ``rillet.media`` hands out.

Gradio's demos ask ``gradio.media`` for sample files by name (``get_image("cheetah1.jpg")``,
``get_video("world.mp4")``...). rillet ships files under the same names, but every one is
made here, from code: pictures drawn with Pillow, sounds synthesised with numpy, videos
drawn frame by frame and encoded with PyAV, 3D models built from spheres, and small text
files written out. Nothing is copied from Gradio or anywhere else. The names say what a demo
expects (a "cheetah" is a spotted animal on grass), not that the content is that thing.

    .venv/bin/python scripts/make_media.py               # rewrite rillet/media_files/
    .venv/bin/python scripts/make_media.py OUT_DIR       # write the set elsewhere

Seeds are fixed, so a rerun writes the same bytes, except for the H.264 videos: their
pictures are the same, but libx264's output varies slightly from run to run. Keep the set
small: the wheel carries it (under 1 MB in all).
"""

from __future__ import annotations

import base64
import csv
import io
import json
import math
import struct
import sys
import tempfile
import wave
from collections.abc import Callable, Iterator, Sequence
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "rillet" / "media_files"
AUDIO_RATE = 16_000
VIDEO_SIZE = (320, 240)
VIDEO_FPS = 15

Mesh = tuple[np.ndarray, np.ndarray]  # float32 vertices (n, 3), uint32 triangles (m, 3)
Colour = tuple[int, int, int]


# --- pictures ------------------------------------------------------------------------------


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _sky_and_ground(
    size: tuple[int, int], sky: Colour, ground: Colour, horizon: float
) -> Image.Image:
    """A vertical gradient sky over flat ground."""
    width, height = size
    image = Image.new("RGB", size, ground)
    draw = ImageDraw.Draw(image)
    line = int(height * horizon)
    for y in range(line):
        t = y / max(1, line)
        colour = tuple(int(c * (0.75 + 0.25 * t)) for c in sky)
        draw.line([(0, y), (width, y)], fill=colour)  # type: ignore[arg-type]
    return image


def _caption(image: Image.Image, text: str) -> None:
    draw = ImageDraw.Draw(image)
    font = _font(max(12, image.height // 16))
    draw.text(
        (10, image.height - 10),
        text,
        fill=(255, 255, 255),
        font=font,
        anchor="ls",
        stroke_width=2,
        stroke_fill=(0, 0, 0),
    )


def spotted_cat(size: tuple[int, int], seed: int, facing_right: bool = True) -> Image.Image:
    """A spotted big cat on grass ("cheetah")."""
    rng = np.random.default_rng(seed)
    image = _sky_and_ground(size, (150, 200, 235), (196, 170, 90), 0.55)
    draw = ImageDraw.Draw(image)
    w, h = size
    body = (w * 0.22, h * 0.42, w * 0.72, h * 0.68)
    fur, dark = (222, 170, 70), (40, 30, 20)
    for x in (0.28, 0.38, 0.58, 0.66):  # legs
        draw.rectangle((w * x, h * 0.6, w * x + w * 0.035, h * 0.88), fill=fur)
    draw.ellipse(body, fill=fur)
    head_x = 0.78 if facing_right else 0.16
    draw.ellipse((w * (head_x - 0.08), h * 0.3, w * (head_x + 0.08), h * 0.52), fill=fur)
    for ear in (-0.05, 0.05):
        cx = w * (head_x + ear)
        draw.polygon([(cx - 8, h * 0.33), (cx + 8, h * 0.33), (cx, h * 0.26)], fill=fur)
    eye = w * (head_x + (0.03 if facing_right else -0.03))
    draw.ellipse((eye - 4, h * 0.38, eye + 4, h * 0.38 + 8), fill=dark)
    tail_from = body[0] if facing_right else body[2]
    tail_to = tail_from - w * 0.15 if facing_right else tail_from + w * 0.15
    draw.line([(tail_from, h * 0.5), (tail_to, h * 0.35)], fill=fur, width=max(4, w // 60))
    for _ in range(60):  # spots, inside the body's ellipse
        u, v = rng.uniform(-0.9, 0.9, 2)
        if u * u + v * v > 0.8:
            continue
        cx = (body[0] + body[2]) / 2 + u * (body[2] - body[0]) / 2
        cy = (body[1] + body[3]) / 2 + v * (body[3] - body[1]) / 2
        r = rng.uniform(2, 5)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=dark)
    for _ in range(120):  # grass blades
        x, y = rng.uniform(0, w), rng.uniform(h * 0.7, h)
        draw.line([(x, y), (x + rng.uniform(-3, 3), y - rng.uniform(4, 12))], fill=(150, 130, 60))
    return image


def maned_cat(size: tuple[int, int]) -> Image.Image:
    """A big cat's face with a mane ("lion")."""
    image = _sky_and_ground(size, (120, 180, 230), (170, 150, 80), 0.7)
    draw = ImageDraw.Draw(image)
    w, h = size
    cx, cy, r = w / 2, h * 0.48, min(w, h) * 0.36
    for i in range(24):  # mane tufts
        a = 2 * math.pi * i / 24
        x, y = cx + math.cos(a) * r * 0.8, cy + math.sin(a) * r * 0.8
        draw.ellipse((x - r * 0.32, y - r * 0.32, x + r * 0.32, y + r * 0.32), fill=(150, 80, 30))
    draw.ellipse((cx - r * 0.7, cy - r * 0.7, cx + r * 0.7, cy + r * 0.7), fill=(225, 170, 80))
    for side in (-1, 1):
        ex = cx + side * r * 0.28
        draw.ellipse((ex - 7, cy - r * 0.22, ex + 7, cy - r * 0.22 + 12), fill=(50, 35, 15))
    draw.polygon([(cx - 12, cy + 6), (cx + 12, cy + 6), (cx, cy + 22)], fill=(90, 50, 40))
    draw.arc((cx - 24, cy + 10, cx, cy + 36), 20, 160, fill=(90, 50, 40), width=3)
    draw.arc((cx, cy + 10, cx + 24, cy + 36), 20, 160, fill=(90, 50, 40), width=3)
    return image


def tower(size: tuple[int, int]) -> Image.Image:
    """A lattice tower against the sky ("tower")."""
    image = _sky_and_ground(size, (110, 160, 220), (90, 120, 80), 0.85)
    draw = ImageDraw.Draw(image)
    w, h = size
    base, top = h * 0.85, h * 0.08
    left, right, mid = w * 0.3, w * 0.7, w / 2
    steel = (70, 60, 55)
    draw.line([(left, base), (mid - 4, top)], fill=steel, width=5)
    draw.line([(right, base), (mid + 4, top)], fill=steel, width=5)
    for i in range(1, 12):  # cross braces
        t0, t1 = (i - 1) / 12, i / 12
        y0, y1 = base - (base - top) * t0, base - (base - top) * t1
        half0, half1 = (right - left) / 2 * (1 - t0), (right - left) / 2 * (1 - t1)
        draw.line([(mid - half0, y0), (mid + half1, y1)], fill=steel, width=2)
        draw.line([(mid + half0, y0), (mid - half1, y1)], fill=steel, width=2)
        if i % 4 == 0:
            draw.rectangle((mid - half1 - 6, y1 - 4, mid + half1 + 6, y1 + 2), fill=steel)
    draw.line([(mid, top), (mid, top - h * 0.06)], fill=steel, width=3)
    return image


def tree_figure(size: tuple[int, int]) -> Image.Image:
    """A little tree with a face ("groot")."""
    rng = np.random.default_rng(7)
    image = _sky_and_ground(size, (170, 215, 240), (80, 140, 70), 0.8)
    draw = ImageDraw.Draw(image)
    w, h = size
    bark = (120, 80, 45)
    draw.rectangle((w * 0.4, h * 0.35, w * 0.6, h * 0.85), fill=bark)
    for side in (-1, 1):  # branch arms
        draw.line([(w / 2, h * 0.5), (w / 2 + side * w * 0.3, h * 0.3)], fill=bark, width=14)
    for _ in range(40):  # leaves
        x, y = rng.uniform(w * 0.15, w * 0.85), rng.uniform(h * 0.05, h * 0.35)
        r = rng.uniform(10, 24)
        green = (int(rng.uniform(40, 90)), int(rng.uniform(120, 180)), int(rng.uniform(40, 80)))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=green)
    for side in (-1, 1):
        ex = w / 2 + side * w * 0.045
        draw.ellipse((ex - 9, h * 0.45, ex + 9, h * 0.45 + 18), fill=(30, 20, 10))
    draw.arc((w * 0.45, h * 0.5, w * 0.55, h * 0.58), 20, 160, fill=(30, 20, 10), width=3)
    return image


def avatar(size: int) -> Image.Image:
    """A round face on a soft background (an avatar)."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((0, 0, size - 1, size - 1), fill=(255, 196, 64, 255))
    s = size / 128
    for x in (44, 84):
        draw.ellipse((x * s - 7 * s, 46 * s, x * s + 7 * s, 60 * s), fill=(60, 40, 20, 255))
    draw.arc((36 * s, 52 * s, 92 * s, 100 * s), 25, 155, fill=(60, 40, 20, 255), width=int(6 * s))
    return image


def stream_logo(size: int) -> Image.Image:
    """rillet's mark: three wavy lines (a rill) in a rounded square, transparent around."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((4, 4, size - 5, size - 5), radius=size // 5, fill=(40, 110, 200, 255))
    for row in range(3):
        y0 = size * (0.32 + 0.18 * row)
        points = [
            (x, y0 + math.sin(x / size * 2 * math.pi * 1.5 + row) * size * 0.05)
            for x in range(size // 6, size - size // 6)
        ]
        draw.line(points, fill=(255, 255, 255, 255), width=max(3, size // 20))
    return image


def smiley_badge(size: int) -> Image.Image:
    """A smiling badge on a transparent background (a watermark with alpha)."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    c = size / 2
    draw.ellipse(
        (c - size * 0.45, c - size * 0.45, c + size * 0.45, c + size * 0.45),
        fill=(250, 210, 40, 230),
        outline=(200, 120, 20, 255),
        width=size // 30,
    )
    for side in (-1, 1):
        x = c + side * size * 0.15
        draw.ellipse(
            (x - size * 0.05, c - size * 0.17, x + size * 0.05, c - size * 0.03),
            fill=(60, 40, 20, 255),
        )
    draw.chord(
        (c - size * 0.25, c - size * 0.1, c + size * 0.25, c + size * 0.3),
        0,
        180,
        fill=(120, 40, 30, 255),
    )
    return image


def bus(size: tuple[int, int]) -> Image.Image:
    """A side view of a bus, on white."""
    image = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    w, h = size
    draw.rounded_rectangle((w * 0.05, h * 0.15, w * 0.95, h * 0.75), radius=12, fill=(230, 60, 50))
    for i in range(5):
        x = w * (0.1 + i * 0.16)
        draw.rectangle((x, h * 0.25, x + w * 0.12, h * 0.45), fill=(200, 230, 250))
    for x in (0.22, 0.78):
        draw.ellipse((w * x - h * 0.13, h * 0.62, w * x + h * 0.13, h * 0.88), fill=(40, 40, 40))
    return image


def bouncing_gif() -> bytes:
    """A short animated GIF: a ball crossing a window ("screenshot.gif")."""
    frames = []
    for i in range(8):
        frame = Image.new("RGB", (160, 120), (245, 245, 250))
        draw = ImageDraw.Draw(frame)
        draw.rectangle((0, 0, 159, 16), fill=(60, 90, 160))
        x = 20 + i * 16
        y = 70 - abs(math.sin(i / 7 * math.pi)) * 40
        draw.ellipse((x - 10, y - 10, x + 10, y + 10), fill=(230, 90, 40))
        frames.append(frame.convert("P", palette=Image.Palette.ADAPTIVE, colors=16))
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=120, loop=0)
    return out.getvalue()


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80, optimize=True)
    return out.getvalue()


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def images() -> dict[str, bytes]:
    """The pictures, by file name."""
    cheetah = spotted_cat((480, 320), seed=1)
    _caption(cheetah, "cheetah (drawn)")
    cheetah1 = spotted_cat((400, 400), seed=2, facing_right=False)
    return {
        "avatar.png": _png(avatar(128)),
        "bus.png": _png(bus((240, 150))),
        "cheetah.jpg": _jpeg(cheetah),
        "cheetah1.jpg": _jpeg(cheetah1),
        "groot.jpeg": _jpeg(tree_figure((480, 480))),
        "hf-logo_transpng.png": _png(smiley_badge(200)),
        "lion.jpg": _jpeg(maned_cat((400, 360))),
        "logo.png": _png(stream_logo(128)),
        "screenshot.gif": bouncing_gif(),
        "tower.jpg": _jpeg(tower((360, 480))),
    }


# --- sounds -------------------------------------------------------------------------------


def _note(
    freq: float, seconds: float, harmonics: Sequence[float], vibrato: float = 0.0
) -> np.ndarray:
    t = np.arange(int(AUDIO_RATE * seconds)) / AUDIO_RATE
    phase = 2 * np.pi * freq * t + vibrato * np.sin(2 * np.pi * 5.5 * t)
    wave_ = sum(a * np.sin((k + 1) * phase) for k, a in enumerate(harmonics))
    attack = np.minimum(1.0, t / 0.02)
    release = np.minimum(1.0, (seconds - t) / 0.05)
    return np.asarray(wave_ * attack * release, dtype=np.float64)


def _melody(
    notes: Sequence[tuple[float, float]], harmonics: Sequence[float], vibrato: float = 0.0
) -> np.ndarray:
    """Notes as (MIDI number, seconds); 0 is a rest."""
    parts = []
    for midi, seconds in notes:
        if midi == 0:
            parts.append(np.zeros(int(AUDIO_RATE * seconds)))
        else:
            parts.append(_note(440.0 * 2 ** ((midi - 69) / 12), seconds, harmonics, vibrato))
    signal = np.concatenate(parts)
    return signal / max(1e-9, float(np.abs(signal).max())) * 0.6


def _wav(signal: np.ndarray) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(AUDIO_RATE)
        w.writeframes((signal * 32767).astype("<i2").tobytes())
    return out.getvalue()


def _mp3(signal: np.ndarray) -> bytes:
    out = io.BytesIO()
    with av.open(out, "w", format="mp3") as container:
        stream = container.add_stream("libmp3lame", rate=AUDIO_RATE, layout="mono")
        stream.bit_rate = 32_000
        for frame in _audio_frames(signal, AUDIO_RATE):
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return out.getvalue()


def _audio_frames(signal: np.ndarray, rate: int, size: int = 1024) -> Iterator[av.AudioFrame]:
    pcm = (signal * 32767).astype(np.int16)
    for start in range(0, len(pcm), size):
        frame = av.AudioFrame.from_ndarray(
            pcm[None, start : start + size], format="s16", layout="mono"
        )
        frame.sample_rate = rate
        frame.pts = start
        frame.time_base = Fraction(1, rate)
        yield frame


def audio() -> dict[str, bytes]:
    """The sounds, by file name: melodies and tones, all synthesised."""
    bright = (1.0, 0.5, 0.3, 0.15)
    reedy = (1.0, 0.7, 0.5, 0.35, 0.2, 0.1)
    hum = (1.0, 0.3, 0.1)
    jaunty = [
        (67, 0.25),
        (72, 0.25),
        (67, 0.25),
        (72, 0.25),
        (67, 0.15),
        (72, 0.35),
        (0, 0.1),
        (67, 0.25),
        (72, 0.25),
        (67, 0.25),
        (72, 0.25),
        (66, 0.25),
        (67, 0.25),
    ]
    return {
        "audio_sample.wav": _wav(_melody([(69, 1.0)], hum)),
        "cantina.wav": _wav(_melody(jaunty, bright)),
        "recording1.wav": _wav(_melody([(60, 0.5), (64, 0.5), (67, 0.5), (72, 0.5)], hum, 0.3)),
        "sax.wav": _wav(
            _melody([(62, 0.8), (65, 0.4), (69, 0.8), (67, 0.6), (65, 1.4)], reedy, 0.6)
        ),
        "cate_blanch.mp3": _mp3(_melody([(57, 0.75), (60, 0.75), (64, 0.75), (69, 0.75)], hum)),
        "cate_blanch_2.mp3": _mp3(
            _melody([(64, 0.5), (62, 0.5), (60, 0.5), (59, 0.5), (57, 0.5)], hum)
        ),
        "heath_ledger.mp3": _mp3(
            _melody([(48, 0.6), (0, 0.2), (47, 0.6), (0, 0.2), (45, 0.6)], reedy)
        ),
    }


# --- videos -------------------------------------------------------------------------------


def globe_frame(i: int, count: int) -> Image.Image:
    """A turning globe: continents (green blobs) sliding across a blue disc."""
    w, h = VIDEO_SIZE
    image = Image.new("RGB", VIDEO_SIZE, (12, 16, 40))
    draw = ImageDraw.Draw(image)
    cx, cy, r = w / 2, h / 2, 95
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(40, 90, 180))
    turn = i / count
    for k, (lat, size) in enumerate([(-0.3, 80), (0.2, 100), (0.55, 60), (-0.65, 50)]):
        lon = (turn + k * 0.27) % 1.0 * 2 * math.pi
        x = math.sin(lon) * r * math.cos(lat)
        if math.cos(lon) < 0:  # behind the globe
            continue
        y = math.sin(lat) * r
        sx = size * math.cos(lon)
        draw.ellipse(
            (cx + x - sx / 2, cy + y - size / 3, cx + x + sx / 2, cy + y + size / 3),
            fill=(60, 160, 80),
        )
    draw.text((8, h - 8), "world (drawn)", fill=(230, 230, 230), font=_font(14), anchor="ls")
    return image


def ball_frame(i: int, count: int) -> Image.Image:
    """A ball bouncing across the frame."""
    w, h = VIDEO_SIZE
    image = Image.new("RGB", VIDEO_SIZE, (240, 236, 225))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, h - 30, w, h), fill=(120, 100, 80))
    x = 20 + (w - 40) * i / max(1, count - 1)
    y = h - 45 - abs(math.sin(i / count * 3 * math.pi)) * 150
    draw.ellipse((x - 15, y - 15, x + 15, y + 15), fill=(220, 60, 50))
    draw.text((8, 20), f"a  {i:02d}", fill=(40, 40, 40), font=_font(16))
    return image


def bars_frame(i: int, count: int) -> Image.Image:
    """Coloured bars sliding sideways, with a frame counter."""
    w, h = VIDEO_SIZE
    colours = [
        (230, 230, 230),
        (230, 230, 40),
        (40, 230, 230),
        (40, 200, 40),
        (230, 40, 230),
        (230, 40, 40),
        (40, 40, 230),
    ]
    image = Image.new("RGB", VIDEO_SIZE)
    draw = ImageDraw.Draw(image)
    band = w / len(colours)
    shift = i * 4
    for k in range(len(colours) + 1):
        x = k * band - shift % band
        draw.rectangle((x, 0, x + band, h), fill=colours[(k + shift // int(band)) % len(colours)])
    draw.rectangle((0, h - 40, w, h), fill=(20, 20, 20))
    draw.text((8, h - 12), f"b  {i:02d}/{count}", fill=(240, 240, 240), font=_font(16), anchor="ls")
    return image


def _video(
    draw: Callable[[int, int], Image.Image],
    seconds: float,
    tone: np.ndarray | None,
    container_format: str = "mp4",
    codec: str = "libx264",
) -> bytes:
    """Frames from ``draw`` (and ``tone`` as AAC audio, if given) in a small file."""
    count = int(seconds * VIDEO_FPS)
    options = {"movflags": "+faststart"} if container_format == "mp4" else {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"video.{container_format}"  # faststart rewrites the file: not a BytesIO
        _encode_video(path, draw, count, tone, container_format, codec, options)
        return path.read_bytes()


def _encode_video(
    path: Path,
    draw: Callable[[int, int], Image.Image],
    count: int,
    tone: np.ndarray | None,
    container_format: str,
    codec: str,
    options: dict[str, str],
) -> None:
    with av.open(str(path), "w", format=container_format, options=options) as container:
        video = container.add_stream(codec, rate=VIDEO_FPS)
        video.width, video.height = VIDEO_SIZE
        video.pix_fmt = "yuv420p"
        if codec == "libx264":
            video.options = {"crf": "30", "preset": "medium", "profile": "main", "threads": "1"}
        else:
            video.bit_rate = 200_000
        sound = None
        if tone is not None:
            sound = container.add_stream("aac", rate=AUDIO_RATE, layout="mono")
            sound.bit_rate = 24_000
        for i in range(count):
            frame = av.VideoFrame.from_image(draw(i, count)).reformat(format="yuv420p")
            frame.pts = i
            frame.time_base = Fraction(1, VIDEO_FPS)
            for packet in video.encode(frame):
                container.mux(packet)
        for packet in video.encode(None):
            container.mux(packet)
        if sound is not None and tone is not None:
            for audio_frame in _audio_frames(tone, AUDIO_RATE):
                for packet in sound.encode(audio_frame):
                    container.mux(packet)
            for packet in sound.encode(None):
                container.mux(packet)


def videos() -> dict[str, bytes]:
    """The videos, by file name: drawn animations, most with a synthesised sound track."""
    hum = (1.0, 0.3)
    return {
        "world.mp4": _video(
            globe_frame, 4.0, _melody([(60, 1.0), (64, 1.0), (67, 1.0), (72, 1.0)], hum)
        ),
        "a.mp4": _video(ball_frame, 3.0, _melody([(69, 1.5), (76, 1.5)], hum)),
        "b.mp4": _video(bars_frame, 3.0, _melody([(65, 1.0), (69, 1.0), (72, 1.0)], hum)),
        "muted_b.mp4": _video(bars_frame, 3.0, None),
        "b.avi": _video(bars_frame, 2.0, None, container_format="avi", codec="mpeg4"),
    }


# --- 3D models ------------------------------------------------------------------------------


def icosphere(subdivisions: int) -> Mesh:
    """A unit sphere of triangles, from an icosahedron split ``subdivisions`` times."""
    p = (1 + 5**0.5) / 2
    verts = [
        (-1, p, 0),
        (1, p, 0),
        (-1, -p, 0),
        (1, -p, 0),
        (0, -1, p),
        (0, 1, p),
        (0, -1, -p),
        (0, 1, -p),
        (p, 0, -1),
        (p, 0, 1),
        (-p, 0, -1),
        (-p, 0, 1),
    ]
    faces = [
        (0, 11, 5),
        (0, 5, 1),
        (0, 1, 7),
        (0, 7, 10),
        (0, 10, 11),
        (1, 5, 9),
        (5, 11, 4),
        (11, 10, 2),
        (10, 7, 6),
        (7, 1, 8),
        (3, 9, 4),
        (3, 4, 2),
        (3, 2, 6),
        (3, 6, 8),
        (3, 8, 9),
        (4, 9, 5),
        (2, 4, 11),
        (6, 2, 10),
        (8, 6, 7),
        (9, 8, 1),
    ]
    points = [np.array(v, dtype=np.float64) / np.linalg.norm(v) for v in verts]
    for _ in range(subdivisions):
        middle: dict[tuple[int, int], int] = {}

        def mid(a: int, b: int, middle: dict[tuple[int, int], int] = middle) -> int:
            key = (min(a, b), max(a, b))
            if key not in middle:
                m = points[a] + points[b]
                points.append(m / np.linalg.norm(m))
                middle[key] = len(points) - 1
            return middle[key]

        split = []
        for a, b, c in faces:
            ab, bc, ca = mid(a, b), mid(b, c), mid(c, a)
            split += [(a, ab, ca), (b, bc, ab), (c, ca, bc), (ab, bc, ca)]
        faces = split
    return np.array(points, dtype=np.float32), np.array(faces, dtype=np.uint32)


def blob(center: Sequence[float], radii: Sequence[float], subdivisions: int = 2) -> Mesh:
    """An ellipsoid."""
    verts, faces = icosphere(subdivisions)
    return (verts * np.array(radii, dtype=np.float32) + np.array(center, dtype=np.float32)), faces


def merged(*parts: Mesh) -> Mesh:
    """Several meshes as one (vertices concatenated, indices shifted)."""
    verts, faces, offset = [], [], 0
    for v, f in parts:
        verts.append(v)
        faces.append(f + offset)
        offset += len(v)
    return np.concatenate(verts).astype(np.float32), np.concatenate(faces).astype(np.uint32)


def vertex_normals(mesh: Mesh) -> np.ndarray:
    verts, faces = mesh
    normals = np.zeros_like(verts, dtype=np.float64)
    tri = verts[faces].astype(np.float64)
    face_normals = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    for k in range(3):
        np.add.at(normals, faces[:, k], face_normals)
    lengths = np.linalg.norm(normals, axis=1, keepdims=True)
    return (normals / np.maximum(lengths, 1e-12)).astype(np.float32)


def obj_text(mesh: Mesh, name: str) -> bytes:
    verts, faces = mesh
    lines = [f"# {name}: made by rillet's scripts/make_media.py", f"o {name}"]
    lines += [f"v {x:.4f} {y:.4f} {z:.4f}" for x, y, z in verts]
    lines += [f"f {a + 1} {b + 1} {c + 1}" for a, b, c in faces]
    return ("\n".join(lines) + "\n").encode()


def stl_binary(mesh: Mesh) -> bytes:
    verts, faces = mesh
    tri = verts[faces]
    normals = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    normals /= np.maximum(np.linalg.norm(normals, axis=1, keepdims=True), 1e-12)
    header = b"rillet sample model, made by scripts/make_media.py".ljust(80, b" ")
    body = b"".join(
        struct.pack("<12fH", *n, *t[0], *t[1], *t[2], 0) for n, t in zip(normals, tri, strict=True)
    )
    return header + struct.pack("<I", len(faces)) + body


def _gltf(parts: Sequence[tuple[Mesh, tuple[float, float, float]]]) -> tuple[dict, bytes]:
    """A glTF 2.0 document (one node and mesh per part, each its own colour) and its buffer."""
    blob_ = bytearray()
    views, accessors, primitives, materials = [], [], [], []

    def add(data: bytes, target: int) -> int:
        while len(blob_) % 4:
            blob_.append(0)
        views.append(
            {"buffer": 0, "byteOffset": len(blob_), "byteLength": len(data), "target": target}
        )
        blob_.extend(data)
        return len(views) - 1

    for index, (mesh, colour) in enumerate(parts):
        verts, faces = mesh
        normals = vertex_normals(mesh)
        pos = add(verts.astype("<f4").tobytes(), 34962)
        nor = add(normals.astype("<f4").tobytes(), 34962)
        ind = add(faces.astype("<u4").tobytes(), 34963)
        accessors += [
            {
                "bufferView": pos,
                "componentType": 5126,
                "count": len(verts),
                "type": "VEC3",
                "min": verts.min(axis=0).tolist(),
                "max": verts.max(axis=0).tolist(),
            },
            {"bufferView": nor, "componentType": 5126, "count": len(verts), "type": "VEC3"},
            {"bufferView": ind, "componentType": 5125, "count": faces.size, "type": "SCALAR"},
        ]
        materials.append(
            {
                "pbrMetallicRoughness": {
                    "baseColorFactor": [*colour, 1.0],
                    "metallicFactor": 0.0,
                    "roughnessFactor": 0.8,
                }
            }
        )
        primitives.append(
            {
                "attributes": {"POSITION": 3 * index, "NORMAL": 3 * index + 1},
                "indices": 3 * index + 2,
                "material": index,
            }
        )
    while len(blob_) % 4:
        blob_.append(0)
    document = {
        "asset": {"version": "2.0", "generator": "rillet scripts/make_media.py"},
        "scene": 0,
        "scenes": [{"nodes": [0]}],
        "nodes": [{"mesh": 0}],
        "meshes": [{"primitives": primitives}],
        "materials": materials,
        "accessors": accessors,
        "bufferViews": views,
        "buffers": [{"byteLength": len(blob_)}],
    }
    return document, bytes(blob_)


def glb(parts: Sequence[tuple[Mesh, tuple[float, float, float]]]) -> bytes:
    document, binary = _gltf(parts)
    text = json.dumps(document, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 4)
    chunks = (
        struct.pack("<I4s", len(text), b"JSON")
        + text
        + struct.pack("<I4s", len(binary), b"BIN\0")
        + binary
    )
    return struct.pack("<4sII", b"glTF", 2, 12 + len(chunks)) + chunks


def gltf_embedded(parts: Sequence[tuple[Mesh, tuple[float, float, float]]]) -> bytes:
    document, binary = _gltf(parts)
    document["buffers"][0]["uri"] = (
        "data:application/octet-stream;base64," + base64.b64encode(binary).decode()
    )
    return json.dumps(document, separators=(",", ":")).encode()


def models() -> dict[str, bytes]:
    """The 3D models, by file name: animals and shapes built from ellipsoids."""
    rabbit = merged(
        blob((0, 0.5, 0), (0.6, 0.5, 0.5)),
        blob((0.55, 1.0, 0), (0.32, 0.3, 0.3)),
        blob((0.5, 1.55, 0.1), (0.07, 0.35, 0.1), 1),
        blob((0.6, 1.55, -0.1), (0.07, 0.35, 0.1), 1),
        blob((-0.6, 0.6, 0), (0.15, 0.15, 0.15), 1),
    )
    duck = [
        (blob((0, 0.4, 0), (0.7, 0.4, 0.45)), (0.95, 0.8, 0.1)),
        (blob((0.5, 0.95, 0), (0.28, 0.28, 0.28)), (0.95, 0.8, 0.1)),
        (blob((0.85, 0.9, 0), (0.2, 0.06, 0.12), 1), (0.95, 0.45, 0.1)),
    ]
    fox = [
        (blob((0, 0.5, 0), (0.7, 0.3, 0.3)), (0.85, 0.4, 0.1)),
        (blob((0.75, 0.75, 0), (0.3, 0.22, 0.22)), (0.85, 0.4, 0.1)),
        (blob((-0.85, 0.6, 0), (0.4, 0.12, 0.12), 1), (0.95, 0.95, 0.9)),
    ]
    face = merged(blob((0, 0, 0), (0.8, 1.0, 0.8), 3), blob((0, 0, 0.8), (0.12, 0.18, 0.2), 1))
    bust = merged(blob((0, 0, 0), (0.9, 0.5, 0.6), 2), blob((0, 0.9, 0), (0.4, 0.5, 0.42), 2))
    return {
        "Bunny.obj": obj_text(rabbit, "rabbit"),
        "Duck.glb": glb(duck),
        "Fox.gltf": gltf_embedded(fox),
        "face.obj": obj_text(face, "face"),
        "sofia.stl": stl_binary(bust),
    }


# --- data files ---------------------------------------------------------------------------


def titanic_csv(rows: int = 180) -> bytes:
    """Made-up passengers in the Titanic data set's columns (the demos train on these)."""
    rng = np.random.default_rng(1912)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "PassengerId",
            "Survived",
            "Pclass",
            "Name",
            "Sex",
            "Age",
            "SibSp",
            "Parch",
            "Ticket",
            "Fare",
            "Cabin",
            "Embarked",
        ]
    )
    for pid in range(1, rows + 1):
        pclass = int(rng.choice([1, 2, 3], p=[0.25, 0.2, 0.55]))
        sex = "female" if rng.random() < 0.35 else "male"
        age = "" if rng.random() < 0.15 else str(int(rng.integers(1, 75)))
        chance = 0.2 + (0.45 if sex == "female" else 0) + (0.2 if pclass == 1 else 0)
        fare = round(float(rng.uniform(5, 20) * (4 - pclass) ** 2), 2)
        cabin = (
            f"{'ABCDE'[int(rng.integers(0, 5))]}{int(rng.integers(1, 120))}" if pclass == 1 else ""
        )
        writer.writerow(
            [
                pid,
                int(rng.random() < chance),
                pclass,
                f"Passenger {pid}, {'Ms.' if sex == 'female' else 'Mr.'} Sample",
                sex,
                age,
                int(rng.integers(0, 3)),
                int(rng.integers(0, 3)),
                f"T {1000 + pid}",
                fare,
                cabin,
                str(rng.choice(["S", "C", "Q"], p=[0.7, 0.2, 0.1])),
            ]
        )
    return out.getvalue().encode()


def _srt_time(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def _vtt_time(seconds: float) -> str:
    return _srt_time(seconds).replace(",", ".")


def subtitles() -> dict[str, bytes]:
    """The same kind of cues in SRT, WebVTT and JSON (``{"text", "timestamp": [start, end]}``)."""
    srt_cues = ["one", "two", "three"]
    srt = "".join(
        f"{i + 1}\n{_srt_time(i * 0.5)} --> {_srt_time(i * 0.5 + 0.5)}\n{text}\n\n"
        for i, text in enumerate(srt_cues)
    )
    vtt_cues = ["eins", "deux", "três", "четыре", "五 (five)"]
    vtt = "WEBVTT\n\n" + "".join(
        f"{_vtt_time(i * 0.5)} --> {_vtt_time(i * 0.5 + 0.5)}\n{t}\n\n"
        for i, t in enumerate(vtt_cues)
    )
    cues = [{"text": t, "timestamp": [i * 0.5, i * 0.5 + 0.5]} for i, t in enumerate(vtt_cues)]
    return {
        "s1.srt": srt.encode(),
        "s2.vtt": vtt.encode(),
        "s3.json": (json.dumps(cues, ensure_ascii=False, indent=2) + "\n").encode(),
    }


def data() -> dict[str, bytes]:
    """Small data files, by file name."""
    time_rows = "\n".join(f"{t},{t * (t + 1) // 2},{4 * t}" for t in range(1, 9))
    return {
        "sample.txt": b"A sample text file from rillet.\n",
        "time.csv": f"time,value,price\n{time_rows}\n".encode(),
        "titanic.csv": titanic_csv(),
        **subtitles(),
    }


#: Each folder of the set and what fills it (the folders of ``rillet.media``).
FOLDERS: dict[str, Callable[[], dict[str, bytes]]] = {
    "images": images,
    "audio": audio,
    "videos": videos,
    "models3d": models,
    "data": data,
}


def make(out: Path) -> list[Path]:
    """Write the whole set under ``out`` (replacing files of the same names); the paths."""
    written = []
    for folder, files in FOLDERS.items():
        target = out / folder
        target.mkdir(parents=True, exist_ok=True)
        for name, content in files().items():
            path = target / name
            path.write_bytes(content)
            written.append(path)
    return written


def main(argv: Sequence[str]) -> int:
    out = Path(argv[0]) if argv else DEFAULT_OUT
    written = make(out)
    total = sum(p.stat().st_size for p in written)
    for path in written:
        print(f"{path.stat().st_size:>9,}  {path.relative_to(out)}")
    print(f"{total:>9,}  in all, {len(written)} files under {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
