"""The page passes its own query string to ``queue/join``: a ``.load`` function reads it
from ``gr.Request.query_params`` (deep links such as ``/?item=42``), as in Gradio."""

from __future__ import annotations

import pytest

import rillet as gr
from rillet.testing import serve

from .conftest import open_app


@pytest.fixture(scope="module")
def app_url():
    def greet(request: gr.Request):
        return f"item={request.query_params.get('item')} hash={bool(request.session_hash)}"

    with gr.Blocks() as demo:
        out = gr.Textbox(elem_id="out")
        demo.load(greet, None, out)
    with serve(demo) as url:
        yield url


def test_a_load_function_reads_the_page_query_string(page, app_url):
    open_app(page, app_url + "/?item=42&x=y")
    page.wait_for_function(
        "document.querySelector('#out [data-testid=textbox]').value.startsWith('item=')"
    )
    shown = page.evaluate("() => document.querySelector('#out [data-testid=textbox]').value")
    assert shown == "item=42 hash=True"
