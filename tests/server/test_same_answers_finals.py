"""Final values as Gradio gives them, through the real gradio_client: a generator's last image
in the component's format (its frames may go as JPEG while it streams), a numpy number as
its text."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from gradio_client import Client
from PIL import Image

import rillet as gr
from rillet.testing import serve


def frames():
    for grey in (40, 200):
        yield np.full((60, 80, 3), grey, dtype=np.uint8)


def total(n):
    return np.int64(n) * 2


@pytest.fixture(scope="module")
def client():
    with gr.Blocks() as demo:
        image = gr.Image()
        gr.Button().click(frames, None, image, api_name="frames")
        n, out = gr.Number(3), gr.Number()
        gr.Button().click(total, n, out, api_name="total")
    with serve(demo) as url:
        made = Client(url + "/", verbose=False)
        yield made
        made.close()


def test_a_generators_final_image_is_in_the_components_format(client):
    job = client.submit(api_name="/frames")
    final = job.result(timeout=30)
    streamed = job.outputs()
    assert Path(final).suffix == ".webp", final
    assert Image.open(final).format == "WEBP" and Image.open(final).size == (80, 60)
    assert int(np.asarray(Image.open(final).convert("L")).mean().round()) in range(195, 206)
    assert Path(streamed[0]).suffix == ".jpeg", streamed  # the frames stay fast


def test_a_numpy_number_arrives_as_its_text(client):
    assert client.predict(3, api_name="/total") == "6"
