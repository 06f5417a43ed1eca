"""A TabbedInterface draws each Interface in its tab and runs it; a ChatInterface made inside
Blocks is drawn there and answers."""

from __future__ import annotations

import rillet as gr
from rillet.testing import serve

from .conftest import open_app


def reply(message, history):
    return f"echo: {message}"


def test_tabs_of_interfaces_and_a_chat_inside_blocks(page):
    up = gr.Interface(str.upper, "text", "text")
    down = gr.Interface(str.lower, "text", "text")
    with gr.Blocks() as demo:
        gr.TabbedInterface([up, down], ["Up", "Down"], title="Cases")
        gr.ChatInterface(reply)
    with serve(demo) as url:
        open_app(page, url)
        assert page.get_by_role("heading", name="Cases").is_visible()
        page.get_by_role("tab", name="Down").click()
        panel = page.locator("[role=tabpanel]:visible")
        panel.locator("textarea").first.fill("MiXeD")
        panel.get_by_role("button", name="Submit").click()
        page.wait_for_function(
            "[...document.querySelectorAll('[role=tabpanel]')].some(p => !p.hidden && "
            "[...p.querySelectorAll('[data-testid=textbox]')].some(t => t.value === 'mixed'))"
        )
        assert page.locator("[data-testid=chatbot]").count() == 1
        box = page.locator("textarea[data-testid=textbox]").last
        box.fill("hi")
        box.press("Enter")
        page.locator("[data-testid=bot]", has_text="echo: hi").wait_for()
