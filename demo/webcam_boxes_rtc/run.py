"""Boxes on what moves, drawn on the webcam at the camera's rate, over WebRTC.

The shape of a live object detector: each frame travels over a WebRTC connection to a
per-connection handler, which compares it with the frame before, draws a box on every patch
of the picture that moved, and sends the frame back on the same connection (the page shows
it in the same video element). The handler always works on the newest frame: if it is
slower than the camera, frames are skipped, never queued. The number of boxes reaches a
Number beside the video as a side output, and the slider's value reaches the handler while
it runs (``latest_args``). Swap ``find_moving_cells`` for a real model.

    pip install 'rillet[webrtc]'
    python demo/webcam_boxes_rtc/run.py
"""

import contextlib
import queue

import numpy as np

import rillet as gr
from rillet.rtc import AdditionalOutputs, StreamHandler, WebRTC

CELL = 32  # pixels: the size of a patch that may move
GREEN = np.array([40, 255, 40], dtype=np.uint8)


def find_moving_cells(previous, frame, threshold):
    """The (top, left) corners of the CELL×CELL patches whose mean change is over
    ``threshold`` (0-255)."""
    height, width = (frame.shape[0] // CELL) * CELL, (frame.shape[1] // CELL) * CELL
    change = np.abs(frame[:height, :width].astype(np.int16) - previous[:height, :width])
    per_cell = change.mean(axis=2).reshape(height // CELL, CELL, width // CELL, CELL)
    rows, cols = np.nonzero(per_cell.mean(axis=(1, 3)) > threshold)
    return [(int(r) * CELL, int(c) * CELL) for r, c in zip(rows, cols, strict=True)]


def draw_boxes(frame, corners, line=2):
    for top, left in corners:
        bottom, right = top + CELL, left + CELL
        frame[top : top + line, left:right] = GREEN
        frame[bottom - line : bottom, left:right] = GREEN
        frame[top:bottom, left : left + line] = GREEN
        frame[top:bottom, right - line : right] = GREEN


class MotionBoxes(StreamHandler):
    """One per connection (``copy``): it keeps the previous frame."""

    def __init__(self):
        super().__init__()
        self.previous = None
        self.done = queue.Queue(maxsize=1)

    def copy(self):
        return MotionBoxes()

    def receive(self, frame):
        threshold = float(self.latest_args[0]) if self.latest_args else 25.0
        picture = frame.copy()
        corners = []
        if self.previous is not None and self.previous.shape == frame.shape:
            corners = find_moving_cells(self.previous, frame, threshold)
            draw_boxes(picture, corners)
        self.previous = frame
        with contextlib.suppress(queue.Empty):
            self.done.get_nowait()  # an answer not sent yet is replaced: newest wins
        self.done.put((picture, AdditionalOutputs(len(corners))))

    def emit(self):
        try:
            return self.done.get(timeout=0.05)
        except queue.Empty:
            return None


with gr.Blocks(title="Boxes on what moves") as demo:
    gr.Markdown("# Boxes on what moves\nPress **Start** and move in front of the camera.")
    with gr.Row():
        with gr.Column(scale=3):
            camera = WebRTC(label="Camera", modality="video", mode="send-receive")
        with gr.Column(scale=1):
            threshold = gr.Slider(5, 80, value=25, step=1, label="Change threshold")
            boxes = gr.Number(label="Boxes in the last frame", precision=0)
    camera.stream(MotionBoxes(), inputs=[camera, threshold], outputs=[camera], time_limit=600)
    camera.on_additional_outputs(lambda count: count, outputs=[boxes], show_progress="hidden")

if __name__ == "__main__":
    demo.launch()
