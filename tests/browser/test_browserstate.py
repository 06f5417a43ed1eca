"""BrowserState in Chromium: an output is stored encrypted in localStorage, read back on
the next load in time for the load event, and a wrong secret falls back to the default."""

from __future__ import annotations

import pytest

import rillet as gr
from rillet.testing import serve

from .conftest import open_app

NAME = "#name [data-testid=textbox]"
SHOWN = "#shown [data-testid=textbox]"


def build(secret: str) -> gr.Blocks:
    with gr.Blocks() as demo:
        name = gr.Textbox(elem_id="name")
        shown = gr.Textbox(elem_id="shown")
        saved = gr.BrowserState(["nobody"], storage_key="test-names", secret=secret)
        name.submit(lambda n: [n], name, saved)
        saved.change(lambda v: f"saved {v[0]}", saved, shown)
        demo.load(lambda v: f"loaded {v[0]}", saved, shown)
    return demo


@pytest.fixture(scope="module")
def app():
    with serve(build("first-secret")) as url:
        yield url


@pytest.fixture(scope="module")
def other_secret_app():
    with serve(build("other-secret")) as url:
        yield url


def shown_is(page, text):
    page.wait_for_function(
        "([sel, text]) => document.querySelector(sel).value === text", arg=[SHOWN, text]
    )


def stored(page):
    return page.evaluate("() => localStorage.getItem('test-names')")


def test_stored_encrypted_and_restored_on_load(page, app):
    open_app(page, app)
    shown_is(page, "loaded nobody")
    assert stored(page) is None
    page.fill(NAME, "Ada Lovelace")
    page.press(NAME, "Enter")
    shown_is(page, "saved Ada Lovelace")
    page.wait_for_function("localStorage.getItem('test-names') !== null")
    sealed = stored(page)
    assert sealed.startswith("rillet1:") and "Ada" not in sealed
    page.reload()
    page.wait_for_function("document.body.dataset.rilletReady === '1'")
    shown_is(page, "loaded Ada Lovelace")


def test_another_secret_reads_the_default(page, app, other_secret_app):
    open_app(page, app)
    page.fill(NAME, "Grace")
    page.press(NAME, "Enter")
    shown_is(page, "saved Grace")
    page.wait_for_function("localStorage.getItem('test-names') !== null")
    # Another app on another port is another origin: copy the stored value over.
    sealed = stored(page)
    open_app(page, other_secret_app)
    page.evaluate("(v) => localStorage.setItem('test-names', v)", sealed)
    page.reload()
    page.wait_for_function("document.body.dataset.rilletReady === '1'")
    shown_is(page, "loaded nobody")
