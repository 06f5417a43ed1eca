"""The shape of an object-detection demo: read a video with PyAV, find what moves in each
frame, draw a box around it, and yield the frames one second at a time as they are done.

Swap `find_motion` for a real model; the rest stays the same.
"""

from pathlib import Path

import av
import numpy as np

import rillet as gr

CLIP = Path(__file__).parent.parent / "streaming_video" / "clip.mp4"
GREEN = np.array([40, 255, 40], dtype=np.uint8)


def find_motion(previous, frame):
    """The box (left, top, right, bottom) around the pixels that changed, or None."""
    if previous is None:
        return None
    changed = np.abs(frame.astype(np.int16) - previous.astype(np.int16)).max(axis=2) > 60
    ys, xs = np.nonzero(changed)
    if len(xs) < 30:
        return None
    return xs.min(), ys.min(), xs.max(), ys.max()


def draw_box(frame, box, width=3):
    left, top, right, bottom = box
    frame[top : top + width, left:right] = GREEN
    frame[bottom - width : bottom, left:right] = GREEN
    frame[top:bottom, left : left + width] = GREEN
    frame[top:bottom, right - width : right] = GREEN


def detect(video):
    with av.open(video) as container:
        stream = container.streams.video[0]
        fps = stream.average_rate or 25
        batch, previous = [], None
        for frame in container.decode(stream):
            picture = frame.to_ndarray(format="rgb24")
            box = find_motion(previous, picture)
            previous = picture
            if box is not None:
                picture = picture.copy()
                draw_box(picture, box)
            batch.append(picture)
            if len(batch) >= round(fps):  # about one second of video
                yield fps, np.stack(batch)
                batch = []
        if batch:
            yield fps, np.stack(batch)


gr.Interface(
    detect,
    gr.Video(sources=["upload"], value=str(CLIP)),
    gr.Video(streaming=True, autoplay=True),
    title="Boxes around what moves",
).launch(allowed_paths=[str(CLIP.parent)])
