"""``gr.on(triggers=None)`` runs when the page loads and again when an input changes."""

from __future__ import annotations

import rillet as gr
from rillet.testing import serve

from .conftest import open_app

OUT = "document.querySelector('#sum input').value"


def test_no_triggers_runs_on_load_and_on_change(page):
    with gr.Blocks() as demo:
        a = gr.Number(2, elem_id="a")
        b = gr.Number(3, elem_id="b")
        out = gr.Number(elem_id="sum")
        gr.on(None, lambda x, y: x + y, [a, b], out)
    with serve(demo) as url:
        open_app(page, url)
        page.wait_for_function(f"{OUT} === '5'")
        page.fill("#b input", "10")
        page.press("#b input", "Enter")
        page.wait_for_function(f"{OUT} === '12'")
