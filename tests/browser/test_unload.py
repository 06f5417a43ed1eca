"""``demo.unload(fn)`` runs when a user's page closes, in that page's session, as in Gradio."""

from __future__ import annotations

import threading

import rillet as gr
from rillet.testing import serve

from .conftest import open_app


def test_closing_the_page_runs_unload(browser):
    left: list[str] = []
    done = threading.Event()

    def goodbye(request: gr.Request):
        left.append(request.session_hash)
        done.set()

    def hello(request: gr.Request):
        return request.session_hash

    with gr.Blocks() as demo:
        mine = gr.Textbox(elem_id="mine")
        demo.load(hello, None, mine)
        demo.unload(goodbye)
    with serve(demo) as url:
        context = browser.new_context()
        page = context.new_page()
        open_app(page, url)
        box = "document.querySelector('#mine [data-testid=textbox]')"
        page.wait_for_function(f"{box}.value !== ''")
        session = page.evaluate(f"() => {box}.value")
        assert not done.is_set()
        page.close()
        context.close()
        assert done.wait(30), "unload never ran"
        assert left == [session]
