"""``gr.ImageSlider`` on a real server: a pair of images through gradio_client."""

from __future__ import annotations

import numpy as np
import pytest
from gradio_client import Client, handle_file
from PIL import Image, ImageOps

import rillet as gr
from rillet.testing import serve


def invert_second(pair):
    first, _ = pair
    return first, ImageOps.invert(first)


@pytest.fixture(scope="module")
def url():
    with gr.Blocks() as demo:
        slider = gr.ImageSlider(type="pil")
        b = gr.Button()
        b.click(invert_second, slider, slider, api_name="invert")
    with serve(demo) as base:
        yield base


def test_pair_round_trip(url, tmp_path):
    path = tmp_path / "in.png"
    Image.new("RGB", (12, 9), (200, 10, 10)).save(path)
    client = Client(url + "/", verbose=False)
    try:
        first, second = client.predict((handle_file(str(path)), None), api_name="/invert")
    finally:
        client.close()
    a = np.asarray(Image.open(first).convert("RGB"), dtype=np.int16)
    b = np.asarray(Image.open(second).convert("RGB"), dtype=np.int16)
    assert a.shape == b.shape == (9, 12, 3)
    assert np.abs(a[4, 6] - (200, 10, 10)).max() < 12  # WebP is lossy
    assert np.abs(b[4, 6] - (55, 245, 245)).max() < 12
