"""Returning ``gr.Textbox(visible=False)`` hides the output and ``gr.Textbox(value=...,
visible=True)`` shows it with the new value, as in Gradio."""

from __future__ import annotations

import rillet as gr
from rillet.testing import serve

from .conftest import open_app


def test_a_returned_component_updates_the_page(page):
    def change(flag):
        if flag:
            return gr.Textbox(value="shown", visible=True)
        return gr.Textbox(visible=False)

    with gr.Blocks() as demo:
        flag = gr.Checkbox(label="show", elem_id="flag")
        text = gr.Textbox("start", elem_id="text")
        flag.change(change, flag, text)
    with serve(demo) as url:
        open_app(page, url)
        page.locator("#flag input").check()
        page.wait_for_function(
            "document.querySelector('#text [data-testid=textbox]').value === 'shown'"
        )
        page.locator("#flag input").uncheck()
        page.wait_for_function("document.querySelector('#text').hidden === true")
        assert (
            page.evaluate("() => document.querySelector('#text [data-testid=textbox]').value")
            == "shown"
        )
