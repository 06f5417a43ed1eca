"""Tabs without a ``gr.Tabs`` around them show as tabs on the page, as in Gradio."""

from __future__ import annotations

import rillet as gr
from rillet.testing import serve

from .conftest import open_app


def test_bare_tabs_show_as_tabs(page):
    with gr.Blocks() as demo:
        with gr.Tab("One"):
            gr.Textbox("first", elem_id="a")
        with gr.Tab("Two"):
            gr.Textbox("second", elem_id="b")
    with serve(demo) as url:
        open_app(page, url)
        tabs = page.get_by_role("tab")
        tabs.first.wait_for()
        assert tabs.all_inner_texts() == ["One", "Two"]
        assert page.locator("#a").is_visible() and not page.locator("#b").is_visible()
        page.get_by_role("tab", name="Two").click()
        page.locator("#b").wait_for(state="visible")
        assert not page.locator("#a").is_visible()
