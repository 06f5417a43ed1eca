"""Fake diffusion on Ray, with a "model" loaded once per actor and kept warm.

    python demo/scale_out/run.py          # starts a local Ray, or joins `ray start`'s
    RILLET_RAY_ADDRESS=auto python demo/scale_out/run.py    # this machine's `ray start` cluster

Delete the `queue(backend="ray")` line and the same program runs in-process.
"""

import os
import time

import numpy as np

import rillet as gr


class FakeDiffusion:
    def __init__(self):
        time.sleep(2)  # loading the weights: once per actor, not once per click
        self.pid = os.getpid()
        self.rng = np.random.default_rng()

    def __call__(self, steps, progress=gr.Progress()):
        for i in progress.tqdm(range(int(steps)), desc="denoising"):
            time.sleep(0.5)
            yield (
                self.rng.random(size=(512, 512, 3)),
                f"step {i + 1} of {int(steps)}, pid {self.pid}",
            )
        image = np.ones((512, 512, 3), np.uint8)
        image[:] = [255, 124, 0]
        yield image, f"done, pid {self.pid}"


demo = gr.Interface(
    gr.Warm(FakeDiffusion),
    gr.Slider(1, 20, 5, step=1),
    [gr.Image(), gr.Textbox(label="where")],
    api_name="predict",
    concurrency_limit=2,
    ray_options={"num_cpus": 1},
)
demo.queue(backend="ray")
demo.launch()
