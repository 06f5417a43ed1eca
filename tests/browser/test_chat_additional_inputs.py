"""A ChatInterface's additional inputs sit in Gradio's closed "Additional Inputs"
accordion: opened, they are edited and reach the chat function."""

from __future__ import annotations

import rillet as gr
from rillet.testing import serve

from .conftest import open_app

LAST_BOT = (
    "(([...document.querySelectorAll('[data-testid=bot]')].pop() || {}).textContent || '').trim()"
)


def echo(message: str, history: list, prefix: str) -> str:
    return f"{prefix}: {message}"


def test_additional_inputs_are_in_a_closed_accordion_and_reach_the_function(page) -> None:
    demo = gr.ChatInterface(
        echo, additional_inputs=[gr.Textbox("Bot", label="Prefix", elem_id="prefix")]
    )
    with serve(demo) as url:
        open_app(page, url)
        accordion = page.locator("details:has(#prefix)")
        assert accordion.locator("summary").inner_text().strip() == "Additional Inputs"
        assert not accordion.evaluate("el => el.open")  # closed at first, as in Gradio
        assert not page.locator("#prefix").is_visible()
        accordion.locator("summary").click()
        page.locator("#prefix textarea").fill("Echo")
        box = page.locator("textarea[data-testid=textbox]").first
        box.fill("hello")
        box.press("Enter")
        page.wait_for_function(f"() => {LAST_BOT} === 'Echo: hello'")


def test_a_string_names_an_open_accordion() -> None:
    demo = gr.ChatInterface(
        echo, additional_inputs=[gr.Textbox("Bot")], additional_inputs_accordion="Settings"
    )
    (accordion,) = [b for b in demo.spec.blocks.values() if type(b).__name__ == "Accordion"]
    assert (accordion.label, accordion.open) == ("Settings", True)
