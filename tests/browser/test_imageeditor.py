"""``gr.ImageEditor`` in Chromium: a mouse stroke reaches the function as changed composite
pixels where it was drawn, a background upload, undo, clear, a value set from Python, and
the download/fullscreen buttons."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import rillet as gr
from rillet.components.editortemplates import Sketchpad
from rillet.components.imageeditor import Brush, ImageEditor
from rillet.testing import serve

from .conftest import open_app

SIZE = (200, 100)  # canvas width, height


def drawn(value: dict | None) -> str:
    """The opaque pixels of the composite: count and bounding box, or 'none'."""
    if value is None:
        return "none"
    alpha = value["composite"][..., 3]
    ys, xs = np.nonzero(alpha > 0)
    if not len(xs):
        return f"{value['composite'].shape[1]}x{value['composite'].shape[0]} empty"
    return f"{len(xs)} {xs.min()},{ys.min()}-{xs.max()},{ys.max()}"


def background_of(value: dict | None) -> str:
    if value is None or value["background"] is None:
        return "no background"
    bg = value["background"]
    return f"{bg.shape[1]}x{bg.shape[0]} {bg[0, 0].tolist()}"


def checker() -> dict:
    image = np.zeros((40, 60, 4), np.uint8)
    image[..., 1] = 200
    image[..., 3] = 255
    return {"background": image, "layers": [], "composite": image}


@pytest.fixture(scope="module")
def app():
    with gr.Blocks() as demo:
        editor = ImageEditor(
            canvas_size=SIZE,
            elem_id="ed",
            brush=Brush(default_size=6),
            buttons=["download", "fullscreen"],
        )
        result = gr.Textbox(elem_id="result")
        background = gr.Textbox(elem_id="background")
        cleared = gr.Textbox(elem_id="cleared")
        sketch = Sketchpad(canvas_size=SIZE, elem_id="sk", height=150)
        sketch_result = gr.Textbox(elem_id="sketch-result")
        gr.Button("Set", elem_id="set").click(checker, None, editor)
        editor.change(drawn, editor, result)
        editor.upload(background_of, editor, background)
        editor.clear(lambda: "cleared", None, cleared)
        sketch.input(drawn, sketch, sketch_result)
    with serve(demo) as url:
        yield url


def stroke(page, selector: str, points: list[tuple[float, float]]) -> None:
    """Drag the mouse through `points` (fractions of the canvas's box)."""
    canvas = page.locator(f"{selector} canvas").first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None
    at = [(box["x"] + fx * box["width"], box["y"] + fy * box["height"]) for fx, fy in points]
    page.mouse.move(*at[0])
    page.mouse.down()
    for x, y in at[1:]:
        page.mouse.move(x, y, steps=8)
    page.mouse.up()


def text_of(page, elem_id: str) -> str:
    return page.locator(f"#{elem_id} [data-testid=textbox]").first.text_content() or ""


def wait_text(page, elem_id: str, predicate: str) -> str:
    """Wait until the output textbox's text `t` satisfies `predicate` (JS); return it."""
    page.wait_for_function(
        f"""() => {{ const e = document.querySelector('#{elem_id} [data-testid=textbox]');
        const t = e ? e.textContent : ''; return {predicate}; }}"""
    )
    return text_of(page, elem_id)


def test_a_stroke_changes_the_composite_where_it_was_drawn(page, app) -> None:
    open_app(page, app)
    toolbar = page.locator("#ed .rillet-toolbar")
    assert toolbar.is_hidden()  # nothing to download yet
    stroke(page, "#ed", [(0.25, 0.5), (0.75, 0.5)])
    text = wait_text(page, "result", "t !== ''")
    assert toolbar.is_visible() and toolbar.locator("button").count() == 2
    count, box = text.split()
    left_top, right_bottom = box.split("-")
    x0, y0 = map(int, left_top.split(","))
    x1, y1 = map(int, right_bottom.split(","))
    assert int(count) > 200
    assert 40 <= x0 <= 50 and 150 <= x1 <= 160  # drawn from x=50 to x=150 (size 6)
    assert 40 <= y0 <= 50 <= y1 <= 60
    page.get_by_test_id("imageeditor-undo").first.click()
    assert wait_text(page, "result", "t.includes('empty')") == "200x100 empty"


def test_the_sketchpad_draws_and_has_no_upload(page, app) -> None:
    open_app(page, app)
    assert page.locator("#sk input[type=file]").count() == 0
    stroke(page, "#sk", [(0.1, 0.1), (0.2, 0.9)])
    assert wait_text(page, "sketch-result", "t !== ''").split()[0].isdigit()


def test_uploading_a_background_sizes_the_canvas(page, app, tmp_path: Path) -> None:
    pixels = np.zeros((30, 50, 3), np.uint8)
    pixels[..., 2] = 255
    path = tmp_path / "blue.png"
    Image.fromarray(pixels).save(path)
    open_app(page, app)
    page.locator("#ed input[type=file]").set_input_files(str(path))
    assert wait_text(page, "background", "t !== ''") == "50x30 [0, 0, 255, 255]"
    assert page.locator("#ed canvas").first.evaluate("c => [c.width, c.height]") == [50, 30]
    stroke(page, "#ed", [(0.5, 0.2), (0.5, 0.8)])
    count = wait_text(page, "result", "t !== '' && !t.endsWith('empty')").split()[0]
    assert int(count) == 50 * 30  # the background is opaque: the whole composite
    page.get_by_test_id("imageeditor-clear").first.click()
    assert wait_text(page, "cleared", "t !== ''") == "cleared"
    assert page.locator("#ed canvas").first.evaluate("c => [c.width, c.height]") == [200, 100]


def test_a_value_from_python_is_drawn_on_the_canvas(page, app) -> None:
    open_app(page, app)
    page.locator("#set").click()
    page.wait_for_function(
        """() => { const c = document.querySelector('#ed canvas');
        if (!c || c.width !== 60) return false;
        const p = c.getContext('2d').getImageData(30, 20, 1, 1).data;
        return p[1] > 150 && p[0] < 50 && p[3] === 255; }"""
    )
    assert wait_text(page, "result", "t !== ''") == "2400 0,0-59,39"
