"""Listener options the page acts on: ``js=`` (alone and before a Python function),
a ``validator=``'s refusal, ``show_progress_on`` and ``batch=`` from two pages."""

from __future__ import annotations

import threading

import rillet as gr
from rillet.testing import serve

from .conftest import open_app


def value_of(elem_id: str) -> str:
    """The text a textbox shows, editable (its field's value) or not (its text)."""
    element = f"document.querySelector('#{elem_id}')"
    field = f"{element}?.querySelector('textarea, input')"
    return f"({field} ? {field}.value : ({element}?.innerText || '').trim())"


def test_js_alone_runs_in_the_page(page):
    calls: list[str] = []
    with gr.Blocks() as demo:
        box = gr.Textbox(elem_id="box")
        out = gr.Textbox(elem_id="out")
        box.submit(None, box, out, js="(x) => x.split('').reverse().join('')")
        gr.Button("python", elem_id="py").click(lambda: calls.append("ran") or "py", None, out)
    with serve(demo) as url:
        open_app(page, url)
        page.fill("#box textarea", "stressed")
        page.press("#box textarea", "Enter")
        page.wait_for_function(f"{value_of('out')} === 'desserts'")
        assert calls == []  # nothing ran on the server


def test_js_runs_first_and_the_function_gets_its_result(page):
    with gr.Blocks() as demo:
        box = gr.Textbox(elem_id="box")
        out = gr.Textbox(elem_id="out")
        box.submit(lambda s: s + "!", box, out, js="(x) => x.toUpperCase()")
        gr.Button("dark", elem_id="dark").click(
            None, None, None, js="() => { document.body.dataset.toggled = 'yes' }"
        )
    with serve(demo) as url:
        open_app(page, url)
        page.fill("#box textarea", "loud")
        page.press("#box textarea", "Enter")
        page.wait_for_function(f"{value_of('out')} === 'LOUD!'")
        page.click("#dark")
        page.wait_for_function("() => document.body.dataset.toggled === 'yes'")


def test_validator_refusal_shows_its_message_and_keeps_the_output(browser):
    with gr.Blocks() as demo:
        box = gr.Textbox(elem_id="box")
        out = gr.Textbox("kept", elem_id="out")
        box.submit(
            str.upper,
            box,
            out,
            validator=lambda text: gr.validate(len(text) >= 3, "At least 3 letters"),
        )
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_default_timeout(20_000)
    with serve(demo) as url:
        open_app(page, url)
        page.fill("#box textarea", "ab")
        page.press("#box textarea", "Enter")
        toast = page.locator(".rillet-toast[data-level=error]")
        toast.wait_for()
        assert "At least 3 letters" in toast.inner_text()
        assert page.evaluate(value_of("out")) == "kept"
        page.fill("#box textarea", "abc")
        page.press("#box textarea", "Enter")
        page.wait_for_function(f"{value_of('out')} === 'ABC'")
    context.close()
    # the refusal is a 422 answer to the join, which Chromium logs as a failed load
    assert errors == [
        "Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"
    ]


def test_show_progress_on_puts_the_status_on_another_block(page):
    gate = threading.Event()

    def slow(text: str) -> str:
        gate.wait(20)
        return text

    with gr.Blocks() as demo:
        box = gr.Textbox(elem_id="box")
        out = gr.Textbox(elem_id="out")
        elsewhere = gr.Textbox(elem_id="elsewhere")
        box.submit(slow, box, out, show_progress_on=elsewhere)
    with serve(demo) as url:
        open_app(page, url)
        page.fill("#box textarea", "x")
        page.press("#box textarea", "Enter")
        page.wait_for_function("() => document.querySelector('#elsewhere .rillet-status') !== null")
        assert page.locator("#out .rillet-status").count() == 0
        gate.set()
        page.wait_for_function(f"{value_of('out')} === 'x'")
