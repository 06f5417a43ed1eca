"""Accordion and Sidebar in Chromium: user toggles fire expand/collapse, gr.update(open=...)
changes them quietly; the sidebar sits beside the page when wide, over it when narrow."""

from __future__ import annotations

import pytest

import rillet as gr
from rillet.testing import serve

from .conftest import open_app

LOG = "#log [data-testid=textbox]"
#: Each run of the accordion's expand listener, in order.
EXPANDS: list[str] = []


def expanded() -> str:
    EXPANDS.append("expand")
    return "acc expanded"


@pytest.fixture(scope="module")
def app():
    with gr.Blocks() as demo:
        with gr.Sidebar(label="Tools", width=300, elem_id="side") as side:
            gr.Markdown("In the sidebar")
        with gr.Accordion("Details", open=False, elem_id="acc") as acc:
            gr.Textbox(label="inside", elem_id="inside")
        log = gr.Textbox(label="log", elem_id="log")
        acc.expand(expanded, None, log)
        acc.collapse(lambda: "acc collapsed", None, log)
        side.expand(lambda: "side expanded", None, log)
        side.collapse(lambda: "side collapsed", None, log)
        gr.Button("Open", elem_id="open").click(
            lambda: (gr.update(open=True), gr.update(open=False), "flipped"),
            None,
            [acc, side, log],
        )
    with serve(demo) as url:
        yield url


def log_is(page, text):
    page.wait_for_function(
        "([sel, text]) => document.querySelector(sel).value === text", arg=[LOG, text]
    )


def test_accordion_user_toggle_fires_events(page, app):
    open_app(page, app)
    details = page.locator("#acc details")
    assert details.evaluate("d => d.open") is False
    assert not page.locator("#inside").is_visible()
    page.click("#acc summary")
    log_is(page, "acc expanded")
    assert page.locator("#inside").is_visible()
    page.click("#acc summary")
    log_is(page, "acc collapsed")
    assert details.evaluate("d => d.open") is False


def test_updates_change_open_without_events(page, app):
    open_app(page, app)
    page.evaluate(
        "() => document.querySelector('#acc details')"
        ".addEventListener('toggle', () => { window.__toggled = true; })"
    )
    before = len(EXPANDS)
    page.click("#open")
    log_is(page, "flipped")
    page.wait_for_function("window.__toggled === true")
    page.wait_for_function("!document.querySelector('#side').classList.contains('rillet-open')")
    # A user's collapse runs after any expand the update might have fired (one queue).
    page.click("#acc summary")
    log_is(page, "acc collapsed")
    assert len(EXPANDS) == before


def test_sidebar_toggle_and_push(page, app):
    page.set_viewport_size({"width": 1280, "height": 800})
    open_app(page, app)
    side = page.locator("#side")
    box = side.bounding_box()
    assert box is not None and box["x"] == 0 and box["width"] == 300
    main = page.locator("#rillet-app").bounding_box()
    pad = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('#rillet-app')).paddingLeft)"
    )
    assert main is not None and pad >= 300
    page.click("#side .rillet-sidebar-toggle")
    log_is(page, "side collapsed")
    page.wait_for_function(
        "parseFloat(getComputedStyle(document.querySelector('#rillet-app')).paddingLeft) < 300"
    )
    page.wait_for_function("document.querySelector('#side').getBoundingClientRect().right <= 0")
    page.click("#side .rillet-sidebar-toggle")
    log_is(page, "side expanded")


def test_sidebar_overlays_a_phone_screen(page, app):
    page.set_viewport_size({"width": 390, "height": 800})
    open_app(page, app)
    page.wait_for_function("document.querySelector('#side').getBoundingClientRect().left === 0")
    width = page.evaluate("document.querySelector('#side').getBoundingClientRect().width")
    assert width == 390
    pad = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('#rillet-app')).paddingLeft)"
    )
    assert pad < 100, "the page is not pushed aside on a narrow screen"
    toggle = page.locator("#side .rillet-sidebar-toggle").bounding_box()
    assert toggle is not None and toggle["x"] + toggle["width"] <= 390
    page.click("#side .rillet-sidebar-toggle")
    log_is(page, "side collapsed")
    page.wait_for_function("document.querySelector('#side').getBoundingClientRect().right <= 0")
