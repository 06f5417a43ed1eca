"""``gr.AnnotatedImage`` in Chromium: overlays over the image, the legend highlights a
region on hover, and a click on a label selects it."""

from __future__ import annotations

import numpy as np
import pytest

import rillet as gr
from rillet.testing import serve

from .conftest import open_app

LABELS = ["left box", "right mask"]


def annotate():
    base = np.full((60, 80, 3), 230, np.uint8)
    mask = np.zeros((60, 80))
    mask[30:50, 50:70] = 1.0
    return base, [((5, 5, 35, 35), LABELS[0]), (mask, LABELS[1])]


def picked(evt: gr.SelectData):
    return f"{evt.index}:{evt.value}"


@pytest.fixture(scope="module")
def app():
    with gr.Blocks() as demo:
        go = gr.Button("Go", elem_id="go")
        out = gr.AnnotatedImage(color_map={LABELS[0]: "#00aa00"}, elem_id="ann")
        chosen = gr.Textbox(elem_id="chosen")
        go.click(annotate, None, out)
        out.select(picked, None, chosen)
    with serve(demo) as url:
        yield url


def test_overlays_legend_hover_and_select(page, app):
    open_app(page, app)
    page.locator("#go").click()
    page.wait_for_function(
        """() => {
            const imgs = [...document.querySelectorAll('#ann img')];
            return imgs.length === 3 && imgs.every(i => i.complete && i.naturalWidth === 80);
        }"""
    )
    legend = page.locator("#ann .rillet-annotated-label")
    assert legend.all_inner_texts() == LABELS
    swatch = legend.first.evaluate(
        "e => getComputedStyle(e.querySelector('.rillet-annotated-swatch')).backgroundColor"
    )
    assert swatch == "rgb(0, 170, 0)"
    legend.nth(1).hover()
    opacities = page.evaluate(
        """() => [...document.querySelectorAll('#ann .rillet-annotated-mask')]
            .map(m => m.classList.contains('rillet-active'))"""
    )
    assert opacities == [False, True]
    assert page.locator("#ann .rillet-annotated-focus").count() == 1
    legend.nth(1).click()
    page.wait_for_function(
        """(text) => {
            const el = document.querySelector('#chosen [data-testid=textbox]');
            return el !== null && (el.value ?? el.textContent) === text;
        }""",
        arg=f"1:{LABELS[1]}",
    )
    page.mouse.move(0, 0)
    page.wait_for_function("() => !document.querySelector('#ann .rillet-annotated-focus')")
