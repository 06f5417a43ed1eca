"""Clicking a radio choice sends its select data: the function's ``gr.SelectData`` parameter
gets the index and value the user picked."""

from __future__ import annotations

import rillet as gr
from rillet.testing import serve

from .conftest import open_app


def describe(evt: gr.SelectData) -> str:
    return f"{evt.index}|{evt.value}|{evt.selected}|{type(evt.target).__name__}"


def test_a_select_listener_gets_what_was_picked(page):
    with gr.Blocks() as demo:
        radio = gr.Radio(["a", "b", "c"], elem_id="pick")
        out = gr.Textbox(elem_id="out")
        radio.select(describe, None, out)
    with serve(demo) as url:
        open_app(page, url)
        page.locator("#pick label", has_text="c").click()
        page.wait_for_function("document.querySelector('#out [data-testid=textbox]').value !== ''")
        shown = page.evaluate("() => document.querySelector('#out [data-testid=textbox]').value")
        assert shown == "2|c|True|Radio"
