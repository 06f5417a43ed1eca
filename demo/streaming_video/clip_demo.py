"""The streaming video demo without a camera: the same function, with a short clip (clip.mp4,
beside this file: two bouncing balls and a chime, 2 s) as the input's value; record or upload
another clip if you like."""

from pathlib import Path
from time import sleep

import rillet as gr

CLIP = Path(__file__).with_name("clip.mp4")


def keep_repeating(video_file):
    for _ in range(10):
        sleep(0.5)
        yield video_file


gr.Interface(
    keep_repeating,
    gr.Video(sources=["upload", "webcam"], format="mp4", value=str(CLIP)),
    gr.Video(streaming=True, autoplay=True),
).launch(allowed_paths=[str(CLIP.parent)])
