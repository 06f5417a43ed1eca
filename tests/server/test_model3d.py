"""``gr.Model3D`` on a real server, driven by Gradio's own client: a model uploaded, its path
handed to the function, a model returned and served, the initial model in ``/config``, and
the API's description of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest
from gradio_client import Client, handle_file

import rillet as gr
from rillet.components.model3d import Model3D
from rillet.media import get_model3d
from rillet.testing import serve


def describe(path: str) -> str:
    """What the function got: the file's name and size."""
    return f"{Path(path).name}:{Path(path).stat().st_size}"


@pytest.fixture(scope="module")
def app():
    with gr.Blocks() as demo:
        source = Model3D(label="In")
        shown = Model3D(get_model3d("Fox.gltf"), label="Out", clear_color=(1, 1, 1, 1))
        text = gr.Textbox()
        source.upload(describe, source, text, api_name="describe")
        source.change(lambda path: path, source, shown, api_name="echo")
        gr.Button().click(lambda: get_model3d("sofia.stl"), None, shown, api_name="sample")
    with serve(demo) as url:
        client = Client(url + "/", verbose=False, download_files=False)
        yield url, client
        client.close()


def test_an_uploaded_model_reaches_the_function_as_its_path(app, tmp_path):
    _, client = app
    model = tmp_path / "bunny.obj"
    shutil.copy(get_model3d("Bunny.obj"), model)
    got = client.predict(handle_file(str(model)), api_name="/describe")
    assert got == f"bunny.obj:{model.stat().st_size}"


def test_a_returned_model_is_served_with_its_bytes(app, tmp_path):
    _, client = app
    model = tmp_path / "duck.glb"
    shutil.copy(get_model3d("Duck.glb"), model)
    out = client.predict(handle_file(str(model)), api_name="/echo")
    assert out["orig_name"] == "duck.glb"
    served = httpx.get(out["url"], timeout=30)
    assert served.status_code == 200
    assert served.content == model.read_bytes()
    sample = client.predict(api_name="/sample")
    assert sample["orig_name"] == "sofia.stl"
    stl = Path(get_model3d("sofia.stl")).read_bytes()
    assert httpx.get(sample["url"], timeout=30).content == stl


def test_config_and_api_info_describe_it_as_gradio_does(app):
    url, _ = app
    config = httpx.get(f"{url}/config", timeout=30).json()
    models = [c for c in config["components"] if c["type"] == "model3d"]
    assert [m["props"]["label"] for m in models] == ["In", "Out"]
    out = models[1]["props"]
    assert out["clear_color"] == [1, 1, 1, 1]
    assert out["camera_position"] == [None, None, None]
    assert out["value"]["orig_name"] == "Fox.gltf"
    fox = httpx.get(f"{url}/gradio_api/file={out['value']['path']}", timeout=30)
    assert fox.status_code == 200 and fox.content == Path(get_model3d("Fox.gltf")).read_bytes()
    info = httpx.get(f"{url}/gradio_api/info", timeout=30).json()
    (param,) = info["named_endpoints"]["/describe"]["parameters"]
    assert param["type"]["title"] == "FileData"
    assert param["python_type"]["type"] == "filepath"
    (ret,) = info["named_endpoints"]["/echo"]["returns"]
    assert ret["component"] == "Model3d"  # Gradio: the block name, capitalised
