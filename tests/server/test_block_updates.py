"""A function that returns a component instance updates the props it was made with, as in
Gradio (``return gr.Textbox(visible=False)``); gradio_client receives the update, as it does
from Gradio 6.31 (checked against it: the same dicts)."""

from __future__ import annotations

import pytest
from gradio_client import Client

import rillet as gr
from rillet.testing import serve
from tests.server.conftest import SSE


def app() -> gr.Blocks:
    def change(flag: bool):
        if flag:
            return gr.Textbox(value="shown", visible=True), gr.Dropdown(choices=["x", "y"])
        return gr.Textbox(visible=False), gr.Dropdown(choices=["z"], value="z")

    with gr.Blocks() as demo:
        flag = gr.Checkbox()
        text, menu = gr.Textbox("start"), gr.Dropdown(["a"], value="a")
        flag.change(change, flag, [text, menu], api_name="change")
    return demo


@pytest.mark.filterwarnings("error")  # new choices and a value among them: no warning
def test_a_returned_component_is_an_update_of_its_arguments():
    with serve(app()) as url:
        sse = SSE(url)
        done = [m for _, m in sse.run(0, [True]) if m.get("msg") == "process_completed"]
        text, menu = done[0]["output"]["data"]
        assert text == {"__type__": "update", "value": "shown", "visible": True}
        assert menu == {"__type__": "update", "choices": [["x", "x"], ["y", "y"]]}
        done = [m for _, m in sse.run(0, [False]) if m.get("msg") == "process_completed"]
        text, menu = done[0]["output"]["data"]
        assert text == {"__type__": "update", "visible": False}
        assert menu["value"] == "z"


def test_gradio_client_gets_the_updates_as_from_gradio():
    with serve(app()) as url:
        client = Client(url, verbose=False)
        text, menu = client.predict(True, api_name="/change")
        assert text == {"visible": True, "value": "shown", "__type__": "update"}
        assert menu == {"choices": [["x", "x"], ["y", "y"]], "__type__": "update"}
