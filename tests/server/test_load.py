"""``gr.load`` of a running app by URL: a rillet app always; a real Gradio 6.31 app when
the bench's Gradio venv is here (skipped otherwise); Hub names fail clearly."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from gradio_client import Client

import rillet as gr
from rillet.loading import LoadedBlocks, load
from rillet.testing import serve
from tests.server.conftest import GRADIO_PYTHON, gradio_serving


def greet(name: str) -> str:
    if name == "nobody":
        raise gr.Error("who are you?")
    return f"Hello {name}"


def count(n: float) -> Any:
    for i in range(int(n)):
        yield str(i)


def darken(image: np.ndarray) -> np.ndarray:
    return image // 2


def remote_app() -> gr.Blocks:
    with gr.Blocks(title="Remote") as demo:
        name, out = gr.Textbox(label="Name"), gr.Textbox(label="Greeting")
        gr.Button("Greet").click(greet, name, out, api_name="greet")
        n, counted = gr.Number(3, label="N"), gr.Textbox(label="Counted")
        gr.Button("Count").click(count, n, counted, api_name="count")
        img_in, img_out = gr.Image(label="In"), gr.Image(label="Out")
        gr.Button("Darken").click(darken, img_in, img_out, api_name="darken")
    return demo


@pytest.fixture(scope="module")
def remote() -> Iterator[str]:
    with serve(remote_app()) as url:
        yield url


def test_a_rillet_app_loads_as_blocks_you_can_call(remote: str) -> None:
    loaded = load(remote + "/", src="gradio")
    assert isinstance(loaded, LoadedBlocks)
    names = [d.api_name for d in loaded.spec.dependencies if d.api_name]
    assert names == ["greet", "count", "darken"]
    assert loaded("Ada", api_name="/greet") == "Hello Ada"
    assert loaded(2, api_name="count") == "1"
    with pytest.raises(ValueError, match="no endpoint"):
        loaded("x", api_name="/nope")


def test_the_loaded_app_serves_and_streams_the_remote_results(remote: str, tmp_path: Any) -> None:
    from gradio_client import handle_file
    from PIL import Image

    loaded = load(remote, src="gradio")
    with serve(loaded) as url:
        client = Client(url, verbose=False)
        assert client.predict("Bo", api_name="/greet") == "Hello Bo"
        assert list(client.submit(3, api_name="/count"))[-1] == "2"
        source = tmp_path / "in.png"
        Image.fromarray(np.full((4, 4, 3), 200, np.uint8)).save(source)
        out = client.predict(handle_file(str(source)), api_name="/darken")
        assert abs(int(np.asarray(Image.open(out))[0, 0, 0]) - 100) <= 3
        from gradio_client.exceptions import AppError

        with pytest.raises(AppError, match="who are you"):
            client.predict("nobody", api_name="/greet")


def test_embedding_a_loaded_app(remote: str) -> None:
    loaded = load(remote)
    with gr.Blocks() as outer:
        gr.Markdown("outer")
        loaded.render()
    with serve(outer) as url:
        assert Client(url, verbose=False).predict("Cy", api_name="/greet") == "Hello Cy"


def test_hub_names_fail_with_a_clear_message() -> None:
    for name, src in [("gradio/hello_world", "spaces"), ("gpt2", "models"), ("x/y", None)]:
        with pytest.raises(ValueError, match="Hugging Face Hub"):
            load(name, src=src)
    made = load("anything", src=lambda name, token: f"made {name}")
    assert made == "made anything"


GRADIO_APP = """
import gradio as gr

def shout(text: str) -> str:
    return text.upper() + "!"

def tick(n):
    for i in range(int(n)):
        yield f"tick {i}"

with gr.Blocks() as demo:
    t, o = gr.Textbox(label="Text"), gr.Textbox(label="Out")
    gr.Button("Shout").click(shout, t, o, api_name="shout")
    n, p = gr.Number(2, label="N"), gr.Textbox(label="Ticks")
    gr.Button("Tick").click(tick, n, p, api_name="tick")
demo.launch(server_name="127.0.0.1")
"""


@pytest.fixture(scope="module")
def gradio_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not GRADIO_PYTHON.exists():
        pytest.skip("no Gradio venv at bench/.gradio-venv (CI has none)")
    with gradio_serving(GRADIO_APP, tmp_path_factory.mktemp("gradio")) as url:
        yield url


@pytest.mark.timeout(120)
def test_a_real_gradio_app_loads(gradio_app: str) -> None:
    loaded = load(gradio_app + "/", src="gradio")
    assert loaded("hey", api_name="/shout") == "HEY!"
    with serve(loaded) as url:
        client = Client(url, verbose=False)
        assert client.predict("yo", api_name="/shout") == "YO!"
        assert list(client.submit(3, api_name="/tick"))[-1] == "tick 2"
