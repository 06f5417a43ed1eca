"""The live-input benchmark apps, written once for both frameworks:
``python live_app.py rillet|gradio PORT flip|slow|text``.

- ``flip``: issue #7's first program, unchanged but the import: a streaming webcam
  ``gr.Image`` into ``np.flipud``, ``live=True`` (default ``stream_every``).
- ``slow``: the same with 0.2 s of sleep in the function (slower than the camera).
- ``blocks``: issue #7's second program: a Blocks ``.stream()`` event, ``stream_every=0.1``,
  ``time_limit=15``, the identity function.
- ``text``: ``gr.Interface(lambda s: s.upper(), "text", "text", live=True)``.

Prints ``READY <url>`` once it serves.
"""

from __future__ import annotations

import importlib
import sys
import time

import numpy as np

gr = importlib.import_module(sys.argv[1])
PORT = int(sys.argv[2])
DEMO = sys.argv[3]


def flip(im):
    return np.flipud(im)


def slow_flip(im):
    time.sleep(0.2)
    return np.flipud(im)


def upper(s):
    return s.upper()


if DEMO == "flip":
    demo = gr.Interface(flip, gr.Image(sources=["webcam"], streaming=True), "image", live=True)
elif DEMO == "slow":
    demo = gr.Interface(slow_flip, gr.Image(sources=["webcam"], streaming=True), "image", live=True)
elif DEMO == "blocks":  # issue #7's second program, unchanged but the import
    with gr.Blocks() as demo, gr.Row():
        with gr.Column():
            input_img = gr.Image(label="Input", sources="webcam")
        with gr.Column():
            output_img = gr.Image(label="Output")
        input_img.stream(
            lambda s: s,
            input_img,
            output_img,
            time_limit=15,
            stream_every=0.1,
            concurrency_limit=30,
        )
elif DEMO == "text":
    demo = gr.Interface(upper, "text", "text", live=True)
else:
    raise SystemExit(f"unknown demo {DEMO!r}")

if __name__ == "__main__":
    demo.launch(server_name="127.0.0.1", server_port=PORT, prevent_thread_lock=True, quiet=True)
    print(f"READY http://127.0.0.1:{PORT}", flush=True)
    demo.block_thread()
