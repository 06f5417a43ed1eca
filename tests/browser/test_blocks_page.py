"""A Blocks page in Chromium: rows and columns, .change, .then, queue position, Clear."""

from __future__ import annotations

import threading

import pytest

import rillet as gr
from rillet.testing import serve

from .conftest import open_app

GATE = threading.Event()


def held(x):
    GATE.wait(15)
    return f"held {x}"


@pytest.fixture(scope="module")
def blocks_app():
    with gr.Blocks() as demo:
        gr.Markdown("# Calculator", elem_id="title")
        with gr.Row():
            with gr.Column():
                a = gr.Slider(0, 10, 2, step=1, label="a", elem_id="a")
                name = gr.Textbox(label="name", elem_id="name")
                go = gr.Button("Go", elem_id="go")
            with gr.Column():
                doubled = gr.Number(label="doubled", elem_id="doubled")
                greeting = gr.Textbox(label="greeting", elem_id="greeting")
                after = gr.Textbox(label="after", elem_id="after")
        a.change(lambda x: x * 2, a, doubled)
        go.click(lambda n: f"Hi {n}", name, greeting).then(lambda g: g.upper(), greeting, after)
        wait_btn = gr.Button("Wait", elem_id="wait")
        wait_out = gr.Textbox(elem_id="wait_out")
        wait_btn.click(held, name, wait_out)
    with serve(demo) as url:
        yield url
    GATE.set()


def value(page, elem_id):
    return page.evaluate(
        f"() => {{ const e = document.querySelector('#{elem_id} [data-testid=textbox]') "
        f"|| document.querySelector('#{elem_id} input'); return e.value; }}"
    )


def test_rows_and_columns_are_laid_out_side_by_side(page, blocks_app):
    open_app(page, blocks_app)
    left = page.locator("#a").bounding_box()
    right = page.locator("#doubled").bounding_box()
    assert right["x"] > left["x"] + left["width"] / 2
    assert page.locator("#title h1").inner_text() == "Calculator"


def test_change_listener_and_then_chain(page, blocks_app):
    open_app(page, blocks_app)
    page.locator("#a input[type=number]").fill("4")
    page.locator("#a input[type=number]").press("Enter")
    page.wait_for_function("document.querySelector('#doubled input').value === '8'")
    page.locator("#name textarea, #name input").first.fill("Ada")
    page.click("#go")
    page.wait_for_function(
        "document.querySelector('#after [data-testid=textbox]').value === 'HI ADA'"
    )
    assert value(page, "greeting") == "Hi Ada"


def test_a_waiting_event_shows_its_queue_position(page, browser, blocks_app):
    GATE.clear()
    other = browser.new_page()
    open_app(other, blocks_app)
    other.click("#wait")
    other.wait_for_function("document.body.dataset.rilletRunning === '1'")
    open_app(page, blocks_app)
    page.click("#wait")
    status = page.locator("#wait_out").get_by_text("1/1")
    status.wait_for()
    GATE.set()
    page.wait_for_function(
        "document.querySelector('#wait_out [data-testid=textbox]').value.startsWith('held')"
    )
    other.close()
