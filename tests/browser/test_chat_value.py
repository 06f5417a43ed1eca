"""``chat.chatbot_value`` as an output sets the ChatInterface's history, as in Gradio's
chatinterface_prefill demo."""

from __future__ import annotations

import rillet as gr
from rillet.testing import serve

from .conftest import open_app


def test_an_output_to_chatbot_value_fills_the_chat(page):
    def prefill(choice):
        return [
            {"role": "user", "content": f"about {choice}"},
            {"role": "assistant", "content": "Tell me more."},
        ]

    with gr.Blocks() as demo:
        radio = gr.Radio(["billing", "delivery"], elem_id="topic")
        chat = gr.ChatInterface(lambda message, history: "ok")
        radio.change(prefill, radio, chat.chatbot_value)
    with serve(demo) as url:
        open_app(page, url)
        page.locator("#topic label", has_text="delivery").click()
        page.locator("[data-testid=user]", has_text="about delivery").wait_for()
        page.locator("[data-testid=bot]", has_text="Tell me more.").wait_for()
