"""``gr.Gallery`` in Chromium: a streamed gallery grows tile by tile, the preview (open,
next, close) and its events, select data, and uploads."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from PIL import Image

import rillet as gr
from rillet.testing import serve

from .conftest import open_app

#: Set by the test once the page shows the first image: the generator then goes on.
SHOWN_FIRST = threading.Event()


def picture(seed: int) -> np.ndarray:
    img = np.zeros((40, 60, 3), np.uint8)
    img[:] = np.random.default_rng(seed).integers(0, 255, 3)
    return img


def grow(n):
    images = []
    for i in range(int(n)):
        if i == 1:
            assert SHOWN_FIRST.wait(30), "the page never showed the first image"
        images = [*images, (picture(i), f"image {i}")]
        yield images


def describe(evt: gr.SelectData):
    return f"{evt.index}:{evt.value['caption']}"


def count_items(items):
    return len(items or [])


@pytest.fixture(scope="module")
def app():
    with gr.Blocks() as demo:
        n = gr.Number(3, elem_id="n")
        go = gr.Button("Go", elem_id="go")
        out = gr.Gallery(
            [(picture(7), "seven"), (picture(8), "eight"), (picture(9), "nine")],
            columns=3,
            elem_id="gal",
        )
        selected = gr.Textbox(elem_id="selected")
        opened = gr.Number(0, elem_id="opened")
        upload = gr.Gallery(interactive=True, elem_id="upload")
        counted = gr.Number(elem_id="counted")
        go.click(grow, n, out)
        out.select(describe, None, selected)
        out.preview_open(lambda: 1, None, opened)
        out.preview_close(lambda: 0, None, opened)
        upload.upload(count_items, upload, counted)
    with serve(demo) as url:
        yield url


def wait_number(page, elem_id: str, value: str) -> None:
    page.wait_for_function(
        "([sel, v]) => document.querySelector(sel).value === v",
        arg=[f"#{elem_id} [data-testid=number-input]", value],
    )


def wait_text(page, elem_id: str, text: str) -> None:
    """Wait until the textbox ``elem_id`` (an output: a read-only element) shows ``text``."""
    page.wait_for_function(
        """([sel, text]) => {
            const el = document.querySelector(sel);
            return el !== null && (el.value ?? el.textContent) === text;
        }""",
        arg=[f"#{elem_id} [data-testid=textbox]", text],
    )


def test_a_streamed_gallery_appends_tiles_and_keeps_the_shown_ones(page, app):
    SHOWN_FIRST.clear()
    open_app(page, app)
    page.locator("#go").click()
    tile = "#gal .rillet-gallery-tile"
    page.wait_for_function(
        f"""() => {{
            const tiles = document.querySelectorAll('{tile}');
            return tiles.length === 1 && tiles[0].querySelector('img').naturalWidth > 0;
        }}"""
    )
    page.evaluate(f"() => {{ document.querySelector('{tile}').dataset.first = 'kept'; }}")
    SHOWN_FIRST.set()
    page.wait_for_function(f"() => document.querySelectorAll('{tile}').length === 3")
    page.wait_for_function("() => !document.querySelector('#go').disabled")
    tiles = page.locator(tile)
    assert tiles.first.get_attribute("data-first") == "kept", "the first tile was rebuilt"
    assert [tiles.nth(i).inner_text() for i in range(3)] == ["image 0", "image 1", "image 2"]
    widths = page.evaluate(
        f"() => [...document.querySelectorAll('{tile} img')].map(i => i.naturalWidth)"
    )
    assert widths == [60, 60, 60]


def test_preview_open_next_close_and_select_data(page, app):
    open_app(page, app)
    page.locator("#gal .rillet-gallery-tile").nth(1).click()
    preview = page.locator("#gal [data-testid=gallery-preview]")
    preview.wait_for(state="visible")
    wait_text(page, "selected", "1:eight")
    wait_number(page, "opened", "1")
    assert preview.locator(".rillet-gallery-large-caption").inner_text() == "eight"
    page.get_by_role("button", name="Next").click()
    assert preview.locator(".rillet-gallery-large-caption").inner_text() == "nine"
    wait_text(page, "selected", "2:nine")
    page.keyboard.press("ArrowRight")  # wraps to the first
    assert preview.locator(".rillet-gallery-large-caption").inner_text() == "seven"
    page.keyboard.press("Escape")
    preview.wait_for(state="hidden")
    wait_number(page, "opened", "0")
    assert page.locator("#gal .rillet-gallery-tile").count() == 3


def test_upload_adds_tiles_and_fires_upload(page, app, tmp_path):
    files = []
    for i, colour in enumerate([(255, 0, 0), (0, 255, 0)]):
        path = tmp_path / f"up{i}.png"
        Image.new("RGB", (20, 10), colour).save(path)
        files.append(str(path))
    open_app(page, app)
    page.locator("#upload input[type=file]").set_input_files(files)
    wait_number(page, "counted", "2")
    assert page.locator("#upload .rillet-gallery-tile").count() == 2
    page.locator("#upload .rillet-gallery-remove").first.click()
    assert page.locator("#upload .rillet-gallery-tile").count() == 1
