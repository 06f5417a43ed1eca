"""``gr.Number(fn, every=...)`` keeps recomputing on the page; ``gr.Textbox(fn, inputs=[a])``
follows its input, as in Gradio."""

from __future__ import annotations

import itertools

import rillet as gr
from rillet.testing import serve

from .conftest import open_app


def test_values_recomputed_on_a_timer_and_from_inputs(page):
    counter = itertools.count(1)
    with gr.Blocks() as demo:
        name = gr.Textbox(elem_id="name")
        gr.Number(lambda: next(counter), every=0.2, elem_id="ticks")
        gr.Textbox(lambda n: f"Hello {n}!", inputs=[name], elem_id="greeting")
    with serve(demo) as url:
        open_app(page, url)
        page.wait_for_function("Number(document.querySelector('#ticks input').value) >= 3")
        page.fill("#name textarea", "Ann")
        page.wait_for_function(
            "document.querySelector('#greeting [data-testid=textbox]').value === 'Hello Ann!'"
        )
        page.goto("about:blank")  # the timer stops before the server does
