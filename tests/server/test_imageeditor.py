"""``gr.ImageEditor`` over HTTP with Gradio's own client: an editor payload in (files
uploaded by ``handle_file``), the function's arrays, an editor value out, and the API info."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from gradio_client import Client, handle_file
from PIL import Image

import rillet as gr
from rillet.components.editortemplates import Sketchpad
from rillet.components.imageeditor import ImageEditor
from rillet.testing import serve


def describe(value: dict) -> str:
    """What the function received: shapes, and the red pixels of the composite."""
    composite = value["composite"]
    red = int(((composite[..., 0] == 255) & (composite[..., 3] == 255)).sum())
    return (
        f"bg={value['background'].shape} layers={len(value['layers'])} "
        f"composite={composite.shape} red={red}"
    )


def invert(value: dict) -> dict:
    """Back as an editor value: the background inverted, the layers kept."""
    background = value["background"].copy()
    background[..., :3] = 255 - background[..., :3]
    return {"background": background, "layers": value["layers"], "composite": background}


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with gr.Blocks() as demo:
        editor = ImageEditor()
        sketch = Sketchpad()
        text = gr.Textbox()
        gr.Button("Describe").click(describe, editor, text, api_name="describe")
        gr.Button("Invert").click(invert, editor, sketch, api_name="invert")
    with serve(demo) as url:
        yield Client(url + "/", verbose=False, download_files=True)


@pytest.fixture
def pngs(tmp_path: Path) -> tuple[str, str]:
    background = np.full((6, 8, 4), 255, np.uint8)
    background[..., :3] = 10
    layer = np.zeros((6, 8, 4), np.uint8)
    layer[1:3, 1:4] = [255, 0, 0, 255]
    bg_path, layer_path = tmp_path / "bg.png", tmp_path / "layer.png"
    Image.fromarray(background).save(bg_path)
    Image.fromarray(layer).save(layer_path)
    return str(bg_path), str(layer_path)


def test_an_editor_payload_reaches_the_function_as_arrays(client: Client, pngs) -> None:
    bg, layer = pngs
    payload = {
        "background": handle_file(bg),
        "layers": [handle_file(layer)],
        "composite": handle_file(layer),
        "id": None,
    }
    assert client.predict(payload, api_name="/describe") == (
        "bg=(6, 8, 4) layers=1 composite=(6, 8, 4) red=6"
    )


def test_an_editor_value_comes_back_as_files(client: Client, pngs) -> None:
    bg, layer = pngs
    result = client.predict(
        {"background": handle_file(bg), "layers": [handle_file(layer)], "composite": None},
        api_name="/invert",
    )
    assert set(result) >= {"background", "layers", "composite"}
    inverted = np.array(Image.open(result["background"]).convert("RGBA"))
    assert inverted.shape == (6, 8, 4)
    assert abs(int(inverted[0, 0, 0]) - 245) <= 4  # WebP (the default format) is lossy
    assert len(result["layers"]) == 1
    red, green, _, alpha = np.array(Image.open(result["layers"][0]).convert("RGBA"))[1, 1]
    assert red > 230 and green < 30 and alpha == 255


def test_the_api_describes_the_editor_as_gradio_does(client: Client) -> None:
    info = client.view_api(return_format="dict", print_info=False)
    (param,) = info["named_endpoints"]["/describe"]["parameters"]
    assert param["component"] == "Imageeditor"
    assert param["python_type"]["type"] == (
        "dict(background: filepath | None, layers: list[filepath], "
        "composite: filepath | None, id: str | None)"
    )
    assert param["type"]["title"] == "EditorData"
