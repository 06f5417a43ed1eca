"""``gr.ImageSlider`` in Chromium: two images cut at the divider, dragging it, setting its
position from Python, a click's select data, and an upload."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

import rillet as gr
from rillet.testing import serve

from .conftest import open_app

PIXEL_AT = """([x, y]) => {
    const root = document.querySelector('#sl [data-testid=imageslider]');
    const box = root.getBoundingClientRect();
    const hit = document.elementsFromPoint(box.left + x * box.width, box.top + y * box.height);
    return hit.map(e => e.className);
}"""


def pair():
    red = np.zeros((50, 100, 3), np.uint8)
    red[..., 0] = 255
    blue = np.zeros((50, 100, 3), np.uint8)
    blue[..., 2] = 255
    return red, blue


def blurred(images):
    first, _ = images
    return first, 255 - first


def where(evt: gr.SelectData):
    return f"{evt.index[0]},{evt.index[1]}"


@pytest.fixture(scope="module")
def app():
    with gr.Blocks() as demo:
        go = gr.Button("Go", elem_id="go")
        half = gr.Button("Quarter", elem_id="quarter")
        slider = gr.ImageSlider(elem_id="sl")
        clicked = gr.Textbox(elem_id="clicked")
        upload = gr.ImageSlider(interactive=True, elem_id="up")
        go.click(pair, None, slider)
        half.click(lambda: gr.update(slider_position=25), None, slider)
        slider.select(where, None, clicked)
        upload.upload(blurred, upload, upload)
    with serve(demo) as url:
        yield url


def clip_of(page) -> str:
    return page.locator("#sl .rillet-slider-over").evaluate("e => e.style.clipPath")


def test_divider_drag_position_and_select(page, app):
    open_app(page, app)
    page.locator("#go").click()
    page.wait_for_function(
        """() => [...document.querySelectorAll('#sl img')]
            .every(i => i.complete && i.naturalWidth === 100)"""
    )
    assert clip_of(page) == "inset(0px 50% 0px 0px)"
    box = page.locator("#sl [data-testid=imageslider]").bounding_box()
    assert box is not None
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.5, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.65, y, steps=4)
    page.mouse.move(box["x"] + box["width"] * 0.8, y, steps=4)
    page.mouse.up()
    percent = float(clip_of(page).split()[1].rstrip("%"))
    assert 18 <= percent <= 22, clip_of(page)  # the first image now covers ~80%
    page.locator("#quarter").click()
    page.wait_for_function(
        "() => document.querySelector('#sl .rillet-slider-over').style.clipPath"
        " === 'inset(0px 75% 0px 0px)'"
    )
    page.mouse.click(box["x"] + box["width"] * 0.1, box["y"] + box["height"] * 0.5)
    page.wait_for_function(
        """() => {
            const el = document.querySelector('#clicked [data-testid=textbox]');
            return el !== null && (el.value ?? el.textContent) === '10,25';
        }"""
    )


def test_upload_then_the_function_fills_the_pair(page, app, tmp_path):
    path = tmp_path / "in.png"
    Image.new("RGB", (30, 20), (250, 250, 0)).save(path)
    open_app(page, app)
    page.locator("#up input[type=file]").set_input_files(str(path))
    page.wait_for_function(
        """() => {
            const over = document.querySelector('#up .rillet-slider-over');
            const under = document.querySelector('#up .rillet-slider-under');
            return !over.hidden && over.complete && over.naturalWidth === 30
                && under.complete && under.naturalWidth === 30 && over.src !== under.src;
        }"""
    )
    page.get_by_role("button", name="Remove image").click()
    page.wait_for_function("() => document.querySelector('#up [data-testid=imageslider]').hidden")
