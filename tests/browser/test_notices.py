"""``gr.Info`` and ``gr.Warning`` from a function show as toasts on the user's page."""

from __future__ import annotations

import rillet as gr
from rillet.testing import serve

from .conftest import open_app


def test_notices_show_as_toasts(page):
    def work(text):
        gr.Info(f"working on {text}")
        yield text
        gr.Warning("almost out of time", title="Careful")
        yield text + "!"

    with gr.Blocks() as demo:
        box = gr.Textbox(elem_id="box")
        out = gr.Textbox()
        box.submit(work, box, out)
    with serve(demo) as url:
        open_app(page, url)
        page.fill("#box textarea", "tea")
        page.press("#box textarea", "Enter")
        info = page.locator(".rillet-toast[data-level=info]")
        info.wait_for()
        assert "working on tea" in info.inner_text()
        warning = page.locator(".rillet-toast[data-level=warning]")
        warning.wait_for()
        assert "Careful" in warning.inner_text() and "almost out of time" in warning.inner_text()
