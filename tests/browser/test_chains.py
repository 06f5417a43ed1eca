"""``.failure`` runs only after an error, ``.success`` only after a success, as in Gradio."""

from __future__ import annotations

import rillet as gr
from rillet.testing import serve

from .conftest import open_app

OUT = "document.querySelector('#out [data-testid=textbox]').value"


def test_failure_and_success_follow_the_outcome(page):
    def work(text):
        if text == "bad":
            raise gr.Error("bad input")
        return text

    with gr.Blocks() as demo:
        box = gr.Textbox(elem_id="box")
        out = gr.Textbox(elem_id="out")
        event = box.submit(work, box, out)
        event.failure(lambda: "failed", None, out)
        event.success(lambda t: f"ok {t}", out, out)
    with serve(demo) as url:
        open_app(page, url)
        page.fill("#box textarea", "fine")
        page.press("#box textarea", "Enter")
        page.wait_for_function(f"{OUT} === 'ok fine'")
        page.fill("#box textarea", "bad")
        page.press("#box textarea", "Enter")
        page.wait_for_function(f"{OUT} === 'failed'")
        page.wait_for_function("document.body.dataset.rilletRunning === '0'")
        assert page.evaluate(f"() => {OUT}") == "failed"
