"""``gr.AnnotatedImage`` on a real server: gradio_client gets the base image and one
overlay per annotation, stored and served."""

from __future__ import annotations

import numpy as np
import pytest
from gradio_client import Client, handle_file
from PIL import Image

import rillet as gr
from rillet.testing import serve


def annotate(n):
    base = np.full((30, 40, 3), 100, np.uint8)
    mask = np.zeros((30, 40))
    mask[0:10, 0:10] = 1.0
    regions = [((5, 5, 35, 25), "box"), (mask, "corner")]
    return base, regions[: int(n)]


def paths_of(value):
    return value[0], len(value[1])


@pytest.fixture(scope="module")
def url():
    with gr.Blocks() as demo:
        n = gr.Number()
        out = gr.AnnotatedImage(color_map={"box": "#0000ff"})
        counted = gr.JSON()
        b = gr.Button()
        b.click(annotate, n, out, api_name="annotate")
        b.click(paths_of, out, counted, api_name="paths_of")
    with serve(demo) as base:
        yield base


def test_overlays_reach_gradio_client(url):
    client = Client(url + "/", verbose=False)
    try:
        result = client.predict(2, api_name="/annotate")
    finally:
        client.close()
    assert [a["label"] for a in result["annotations"]] == ["box", "corner"]
    base = np.asarray(Image.open(result["image"]).convert("RGB"))
    assert base.shape == (30, 40, 3)
    box = np.asarray(Image.open(result["annotations"][0]["image"]))
    assert box.shape == (30, 40, 4) and tuple(box[5, 5]) == (0, 0, 255, 255)
    corner = np.asarray(Image.open(result["annotations"][1]["image"]))
    assert tuple(corner[2, 2]) == (255, 0, 0, 255) and corner[20, 20, 3] == 0


def test_as_an_input_it_gives_paths(url):
    client = Client(url + "/", verbose=False)
    try:
        result = client.predict(1, api_name="/annotate")
        payload = {
            "image": handle_file(result["image"]),
            "annotations": [
                {"image": handle_file(a["image"]), "label": a["label"]}
                for a in result["annotations"]
            ],
        }
        base_path, count = client.predict(payload, api_name="/paths_of")
    finally:
        client.close()
    assert count == 1 and base_path.endswith(".webp")
