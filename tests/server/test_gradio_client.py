"""Gradio's own Python client against rillet apps: predict, iterate, result, cancel, errors."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError
from PIL import Image

import rillet as gr
from rillet.testing import serve

CLOSED = threading.Event()
STARTED = threading.Event()


def greet(name, excited):
    return f"Hello {name}" + ("!" if excited else ".")


def count(n):
    for i in range(int(n)):
        yield f"{i}"


def endless():
    STARTED.set()
    try:
        i = 0
        while True:
            time.sleep(0.05)
            i += 1
            yield str(i)
    finally:
        CLOSED.set()


def fails_politely(x):
    yield "partial"
    raise gr.Error("Something you should know")


def crashes(x):
    raise RuntimeError("internal detail")


def diffusion(steps):
    rng = np.random.default_rng(0)
    for _ in range(int(steps)):
        yield rng.random(size=(60, 60, 3))
    image = np.ones((100, 100, 3), np.uint8)
    image[:] = [255, 124, 0]
    yield image


@pytest.fixture(scope="module")
def client():
    with gr.Blocks() as demo:
        name, excited, text = gr.Textbox(), gr.Checkbox(), gr.Textbox()
        b = gr.Button()
        b.click(greet, [name, excited], text)
        n = gr.Number()
        b.click(count, n, text)
        b.click(endless, None, text, concurrency_limit=None)
        b.click(fails_politely, name, text)
        b.click(crashes, name, text)
        image = gr.Image()
        b.click(diffusion, n, image, api_name="predict")
    with serve(demo) as url:
        c = Client(url + "/", verbose=False, download_files=True)
        yield c
        c.close()


def test_predict_a_plain_function(client):
    assert client.predict("Ada", True, api_name="/greet") == "Hello Ada!"


def test_api_names_default_to_the_function_name(client):
    info = client.view_api(print_info=False, return_format="dict")
    assert {"/greet", "/count", "/endless", "/predict"} <= set(info["named_endpoints"])


def test_submit_iterates_each_yield_then_result(client):
    job = client.submit(4, api_name="/count")
    seen = list(job)
    assert seen == ["0", "1", "2", "3"]
    assert job.result() == "3"


def test_cancel_stops_the_generator_and_runs_its_finally(client):
    CLOSED.clear()
    STARTED.clear()
    job = client.submit(api_name="/endless")
    assert STARTED.wait(10)
    job.cancel()
    assert CLOSED.wait(10), "the generator's finally did not run after cancel"


def test_gr_error_message_reaches_the_client(client):
    with pytest.raises(AppError, match="Something you should know"):
        client.predict("x", api_name="/fails_politely")


def test_other_exceptions_hide_details_and_the_server_keeps_serving(client):
    with pytest.raises(AppError) as info:
        client.predict("x", api_name="/crashes")
    assert "internal detail" not in str(info.value)
    assert client.predict("Bo", False, api_name="/greet") == "Hello Bo."


def test_image_generator_gives_real_images(client):
    job = client.submit(2, api_name="/predict")
    paths = list(job)
    # images are latest-wins: a frame not yet encoded when a newer one comes is dropped
    assert 2 <= len(paths) <= 3
    # the last frame went as JPEG (fast); the final value is the same picture in the
    # component's format (WebP), as Gradio's final is
    assert Path(job.result()).suffix == ".webp"
    last = np.asarray(Image.open(paths[-1]).convert("RGB")).astype(int)
    final = np.asarray(Image.open(job.result()).convert("RGB"))
    assert np.abs(last - final).max() <= 8
    assert final.shape == (100, 100, 3)
    assert np.abs(final.astype(int) - [255, 124, 0]).max() <= 8
    noise = np.asarray(Image.open(paths[0]).convert("RGB"))
    assert noise.shape == (60, 60, 3) and noise.std() > 40


def test_state_stays_on_the_server_and_out_of_the_results():
    """As with Gradio (State is ``skip_api`` in /config): the client passes no State and
    gets none back, and the session's State carries on between its calls."""

    def add(x, total):
        total += int(x)
        return str(total), total

    with gr.Blocks() as demo:
        box, total, out = gr.Textbox(), gr.State(0), gr.Textbox()
        gr.Button().click(add, [box, total], [out, total], api_name="add")
    with serve(demo) as url:
        client = Client(url + "/", verbose=False)
        try:
            assert client.predict("2", api_name="/add") == "2"
            assert client.predict("3", api_name="/add") == "5"
        finally:
            client.close()
