"""Makes clip.mp4 (beside this file): two balls bouncing over a gradient, 2 s, 320x240,
H.264 + AAC, with PyAV. Run it again only to change the clip."""

from fractions import Fraction
from pathlib import Path

import av
import numpy as np

W, H, FPS, SECONDS, RATE = 320, 240, 25, 2, 48000


def picture(n: int) -> np.ndarray:
    t = n / FPS
    y, x = np.mgrid[0:H, 0:W]
    frame = np.empty((H, W, 3), dtype=np.uint8)
    frame[..., 0] = 40 + 60 * x / W
    frame[..., 1] = 30 + 50 * y / H
    frame[..., 2] = 90 + 40 * np.sin(2 * np.pi * (x / W + t / SECONDS))
    for cx, cy, r, colour in (
        (60 + 200 * t / SECONDS, 60 + 110 * abs(np.sin(np.pi * t)), 22, (250, 200, 40)),
        (260 - 180 * t / SECONDS, 170 - 90 * abs(np.sin(2 * np.pi * t)), 16, (240, 70, 90)),
    ):
        frame[(x - cx) ** 2 + (y - cy) ** 2 < r * r] = colour
    return frame


def chime() -> np.ndarray:
    t = np.arange(RATE * SECONDS) / RATE
    notes = np.where(t < 1, 523.25, 659.25)
    return (0.2 * np.sin(2 * np.pi * notes * t) * np.exp(-3 * (t % 1))).astype(np.float32)


def main() -> None:
    out_path = Path(__file__).with_name("clip.mp4")
    with av.open(str(out_path), "w", format="mp4", options={"movflags": "+faststart"}) as out:
        video = out.add_stream("libx264", rate=FPS)
        video.width, video.height, video.pix_fmt = W, H, "yuv420p"
        video.codec_context.options = {"preset": "slow", "crf": "26", "profile": "main"}
        audio = out.add_stream("aac", rate=RATE, layout="mono")
        for n in range(FPS * SECONDS):
            frame = av.VideoFrame.from_ndarray(picture(n), format="rgb24")
            frame.pts, frame.time_base = n, Fraction(1, FPS)
            out.mux(video.encode(frame))
        out.mux(video.encode(None))
        tone = av.AudioFrame.from_ndarray(chime()[None], format="flt", layout="mono")
        tone.sample_rate, tone.pts = RATE, 0
        resampler = av.AudioResampler(format="fltp", layout="mono", rate=RATE, frame_size=1024)
        for piece in [*resampler.resample(tone), *resampler.resample(None)]:
            out.mux(audio.encode(piece))
        out.mux(audio.encode(None))
    print(out_path, out_path.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
