"""The programs the Ray tests serve. Ray's workers import this module (by name) to run its
functions, so each function tells where it ran (the worker's pid) when that matters, and
the ones that can be stopped leave a marker file from their ``finally``."""

from __future__ import annotations

import math
import os
import shutil
import tempfile
import time
import wave
from pathlib import Path

import numpy as np
from PIL import Image

import rillet as gr

RATE = 16000
CLIP = 0.25  # seconds per audio chunk
STEP = 0.15  # seconds between yields of the slow generators


def tone(seconds: float, freq: float = 440.0) -> np.ndarray:
    return 0.3 * np.sin(2 * math.pi * freq * np.arange(int(RATE * seconds)) / RATE)


def tokens(n):
    """Streaming text: the text grows by one token per yield."""
    text = f"pid={os.getpid()}:"
    for i in range(int(n)):
        time.sleep(STEP)
        text += f" tok{i}"
        yield text


def chunks(n):
    """Streaming audio: (rate, int16 array) chunks, and a WAV file the worker writes."""
    for i in range(int(n)):
        time.sleep(STEP)
        if i % 2:
            yield RATE, (tone(CLIP, 440 + 110 * i) * 32767).astype(np.int16)
        else:
            yield _wav_on_worker(tone(CLIP, 440 + 110 * i))


def _wav_on_worker(samples: np.ndarray) -> str:
    path = Path(tempfile.mkdtemp(prefix="rillet-ray-test-")) / "chunk.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes((samples * 32767).astype(np.int16).tobytes())
    return str(path)


def made_elsewhere(n):
    """Audio chunk files whose folder the worker deletes as soon as each one is yielded:
    only bytes that left the worker with the yield can reach the client."""
    for i in range(int(n)):
        path = _wav_on_worker(tone(CLIP, 330 + 110 * i))
        yield path
        shutil.rmtree(Path(path).parent)


CLIP_MP4 = Path(__file__).resolve().parents[2] / "demo" / "streaming_video" / "clip.mp4"


def video_elsewhere(n):
    """Video chunks (the demo's 2 s H.264 clip) copied to a folder the worker deletes as soon
    as each one is yielded."""
    for _ in range(int(n)):
        folder = Path(tempfile.mkdtemp(prefix="rillet-ray-test-"))
        path = folder / "chunk.mp4"
        shutil.copyfile(CLIP_MP4, path)
        yield str(path)
        shutil.rmtree(folder)


def frames(n):
    """Images as numpy arrays and PIL images, then the pid as text."""
    for i in range(int(n)):
        time.sleep(STEP)
        array = np.zeros((40, 60, 3), np.uint8)
        array[:] = [40 * i, 255 - 40 * i, 7]
        yield (array if i % 2 else Image.fromarray(array)), f"{os.getpid()} {i}"


def ticks(marker):
    """Yields until stopped; its ``finally`` writes the worker's pid and step to ``marker``."""
    i = 0
    try:
        while True:
            time.sleep(0.05)
            i += 1
            yield f"pid={os.getpid()} tick {i}"
    finally:
        done = Path(f"{marker}.tmp")
        done.write_text(f"{os.getpid()} {i}")
        done.rename(marker)  # whole, for the test that waits for it


async def async_ticks(marker):
    """``ticks`` as an async generator."""
    import asyncio

    i = 0
    try:
        while True:
            await asyncio.sleep(0.05)
            i += 1
            yield f"pid={os.getpid()} tick {i}"
    finally:
        done = Path(f"{marker}.tmp")
        done.write_text(f"{os.getpid()} {i}")
        done.rename(marker)


def fails(n):
    yield "shown before the error"
    raise gr.Error(f"The worker gave up after {int(n)}", duration=7, title="Remote")


def crashes(n):
    yield "before"
    raise ValueError("a bug on the worker")


def timed(n):
    """Its start and end times: the queue's concurrency limit keeps these apart."""
    start = time.time()
    time.sleep(0.3)
    return f"{start} {time.time()}"


def slot(n):
    """The Ray resources assigned to this call."""
    import ray

    return str(sorted(ray.get_runtime_context().get_assigned_resources()))


def steps_with_progress(n, progress=gr.Progress()):
    for i in progress.tqdm(range(int(n)), desc="steps"):
        time.sleep(0.05)
        yield str(i)


def reply(message, history):
    """A chat reply, word by word, that says where it ran and how long the history was."""
    text = f"pid={os.getpid()} turns={len(history)}:"
    for word in message.split():
        time.sleep(0.05)
        text += f" {word}"
        yield text


def by_component(first, second):
    """A generator that yields ``{component: value}`` dicts (on Ray the keys come back as
    copies of the components)."""

    def both(n):
        yield {first: f"first {int(n)}"}
        yield {first: f"first {int(n)}!", second: f"second {int(n)}"}

    return both


def seen(count, frame):
    """A live (``.stream()``) handler with per-session State: which process saw the
    frame, its grey level, and how many frames this session sent so far."""
    count = (count or 0) + 1
    return count, f"pid={os.getpid()} grey={int(frame.mean().round())} count={count}"


class Counter:
    """Warm state: made once per actor (its pid and a count of calls)."""

    def __init__(self):
        self.pid = os.getpid()
        self.calls = 0

    def __call__(self, n):
        self.calls += 1
        for i in range(int(n)):
            yield f"{self.pid} call {self.calls} step {i}"


class Ticker:
    """Warm, and endless until stopped: its ``finally`` leaves the marker named by the input."""

    def __init__(self):
        self.calls = 0

    def __call__(self, marker):
        self.calls += 1
        yield from ticks(marker) if marker else iter([f"pid={os.getpid()} calls={self.calls}"])


def build(backend: str) -> gr.Blocks:
    """Every program above as one app (api names = function names) on ``backend``."""
    with gr.Blocks() as demo:
        n = gr.Number(3)
        text = gr.Textbox()
        audio = gr.Audio(streaming=True)
        image = gr.Image()
        go = gr.Button()
        go.click(tokens, n, text, api_name="tokens")
        go.click(chunks, n, audio, api_name="chunks")
        go.click(frames, n, [image, text], api_name="frames")
        marker = gr.Textbox()
        go.click(ticks, marker, text, api_name="ticks", concurrency_limit=None)
        go.click(async_ticks, marker, text, api_name="async_ticks", concurrency_limit=None)
        go.click(fails, n, text, api_name="fails")
        go.click(crashes, n, text, api_name="crashes")
        go.click(timed, n, text, api_name="timed", concurrency_limit=1)
        go.click(slot, n, text, api_name="slot", ray_options={"resources": {"rillet_test_slot": 1}})
        go.click(steps_with_progress, n, text, api_name="progress")
        go.click(gr.Warm(Counter), n, text, api_name="counter")
        go.click(gr.Warm(Ticker), marker, text, api_name="ticker")
        other = gr.Textbox()
        go.click(by_component(text, other), n, [text, other], api_name="by_component")
        go.click(
            made_elsewhere,
            n,
            audio,
            api_name="elsewhere",
            ray_options={"resources": {"rillet_second_node": 1}},
        )
        go.click(
            video_elsewhere,
            n,
            gr.Video(streaming=True),
            api_name="video_elsewhere",
            ray_options={"resources": {"rillet_second_node": 1}},
        )
        cam, count = gr.Image(sources="webcam"), gr.State(0)
        cam.stream(seen, [count, cam], [count, text], api_name="seen", time_limit=30)
    return demo.queue(backend=backend)
