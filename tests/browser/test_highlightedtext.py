"""HighlightedText in Chromium: categories get colours, a legend and inline names; scores
get red or blue by sign; a click on a span fires select with Gradio's data."""

from __future__ import annotations

import pytest

import rillet as gr
from rillet.testing import serve

from .conftest import open_app

OUT = "#out [data-testid=textbox]"


def picked(evt: gr.SelectData):
    return f"{evt.index}:{evt.value}"


@pytest.fixture(scope="module")
def app():
    with gr.Blocks() as demo:
        cats = gr.HighlightedText(
            [("The ", None), ("quick", "adj"), (" fox", "noun")],
            color_map={"noun": "rgb(0, 128, 0)"},
            elem_id="cats",
        )
        legend = gr.HighlightedText([("a", "X"), ("b", "Y")], show_legend=True, elem_id="legend")
        gr.HighlightedText([("good", 0.8), ("bad", -0.5), ("meh", None)], elem_id="scores")
        out = gr.Textbox(elem_id="out")
        src = gr.Textbox(elem_id="src")
        cats.select(picked, None, out)
        src.submit(lambda t: [(w, "W") for w in t.split()], src, cats)
        legend.change(lambda v: "changed", legend, out)
    with serve(demo) as url:
        yield url


def test_categories_colours_and_inline_names(page, app):
    open_app(page, app)
    spans = page.locator("#cats .rillet-ht-span")
    assert spans.count() == 2
    assert page.locator("#cats [data-testid=highlighted-text]").inner_text().startswith("The quick")
    assert spans.nth(0).locator(".rillet-ht-category").inner_text().lower() == "adj"
    noun = spans.nth(1).evaluate("e => getComputedStyle(e).backgroundColor")
    assert noun.startswith("color(srgb 0 0.50") and noun.endswith("/ 0.38)"), noun
    assert page.locator("#cats [data-testid=highlighted-text-legend]").is_hidden()


def test_legend_replaces_inline_names(page, app):
    open_app(page, app)
    legend = page.locator("#legend [data-testid=highlighted-text-legend]")
    assert legend.is_visible()
    assert legend.locator(".rillet-ht-legend-item").all_inner_texts() == ["X", "Y"]
    assert page.locator("#legend .rillet-ht-category").count() == 0


def test_scores_red_and_blue(page, app):
    open_app(page, app)
    spans = page.locator("#scores .rillet-ht-span")
    assert spans.count() == 2
    good = spans.nth(0).evaluate("e => getComputedStyle(e).backgroundColor")
    bad = spans.nth(1).evaluate("e => getComputedStyle(e).backgroundColor")
    assert good == "rgba(239, 68, 60, 0.8)"
    assert bad == "rgba(128, 90, 213, 0.5)"


def test_click_selects(page, app):
    open_app(page, app)
    page.click("#cats .rillet-ht-span >> nth=1")
    page.wait_for_function(
        "([sel]) => document.querySelector(sel).value === \"2:[' fox', 'noun']\"", arg=[OUT]
    )


def test_output_replaces_spans(page, app):
    open_app(page, app)
    page.fill("#src [data-testid=textbox]", "one two")
    page.press("#src [data-testid=textbox]", "Enter")
    page.wait_for_function(
        "[...document.querySelectorAll('#cats .rillet-ht-span')]"
        ".map((s) => s.dataset.category).join() === 'W,W'"
    )
    assert page.locator("#cats [data-testid=highlighted-text]").inner_text().startswith("one")
