"""The props every block carries in /config as in Gradio 6.31: ``name``, ``_selectable``
(whether the app listens to ``.select``) and ``preserved_by_key``."""

from __future__ import annotations

import httpx

import rillet as gr
from rillet.testing import serve


def test_name_selectable_and_preserved_by_key_as_gradio() -> None:
    with gr.Blocks() as demo:
        with gr.Row():
            text, button = gr.Textbox(), gr.Button()
        with gr.Column():
            gr.Markdown("x")
        gr.State(1)
        text.select(lambda x: x, text, text)
        button.click(lambda: None)
    with serve(demo) as url:
        config = httpx.get(url + "/config").json()
    got = {
        c["type"]: {
            k: c["props"][k] for k in ("name", "_selectable", "preserved_by_key") if k in c["props"]
        }
        for c in config["components"]
    }
    # what Gradio 6.31's /config says of the same blocks
    assert got["row"] == {"name": "row", "preserved_by_key": []}
    assert got["column"] == {"name": "column", "preserved_by_key": []}
    assert got["textbox"] == {"name": "textbox", "_selectable": True, "preserved_by_key": ["value"]}
    assert got["button"] == {"name": "button", "_selectable": False, "preserved_by_key": ["value"]}
    assert got["markdown"] == {
        "name": "markdown",
        "_selectable": False,
        "preserved_by_key": ["value"],
    }
    assert got["state"] == {"name": "state", "_selectable": False}
