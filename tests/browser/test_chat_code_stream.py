"""A code block a model is still writing is followed line by line, highlighted as it grows;
once its fence closes it is drawn as any Markdown code block."""

from __future__ import annotations

import threading

import rillet as gr
from rillet.testing import serve

from .conftest import open_app

GROWING = "document.querySelector('#chat .rillet-md-growing code')"


def test_a_growing_code_block_is_highlighted_as_it_streams(page):
    step = threading.Semaphore(0)
    lines = ["def add(a, b):\n", "    return a + b  # <b>not bold</b>\n", "print(add(1, 2))\n"]

    def reply(message, history):
        text = "Here:\n\n```python\n"
        for line in lines:
            step.acquire(timeout=20)
            text += line
            yield text
        step.acquire(timeout=20)
        yield text + "```\n\nDone."

    with gr.Blocks() as demo:
        gr.ChatInterface(reply, chatbot=gr.Chatbot(elem_id="chat"))
    with serve(demo) as url:
        open_app(page, url)
        box = page.locator("textarea").first
        box.fill("code please")
        box.press("Enter")
        for n in range(1, len(lines) + 1):
            step.release()
            expected = "".join(lines[:n])
            page.wait_for_function(f"{GROWING} !== null && {GROWING}.textContent === {expected!r}")
        # highlighted while it grows (once the highlighter has loaded): keywords in spans,
        # the HTML in a comment stays text
        page.wait_for_function(
            "document.querySelectorAll('#chat .rillet-md-growing .hljs-keyword').length >= 2"
        )
        assert page.locator("#chat .rillet-md-growing b").count() == 0
        step.release()
        page.wait_for_function(
            "document.querySelector('#chat .rillet-md-growing') === null"
            " && [...document.querySelectorAll('#chat [data-testid=bot]')].at(-1)"
            "?.innerText.includes('Done.')"
        )
        code = page.locator("#chat pre code").last
        assert code.text_content() == "".join(lines)
        assert page.locator("#chat pre code .hljs-keyword").count() >= 2
