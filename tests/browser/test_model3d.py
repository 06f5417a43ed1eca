"""``gr.Model3D`` in real Chromium: models fetched and drawn with the vendored three.js
(each format, ``clear_color`` as the background, ``camera_position`` where the camera
starts), orbiting with the mouse and the reset button, upload by the file picker and by
dropping, clear, the download button, and the message shown where WebGL is unavailable."""

from __future__ import annotations

import base64
import shutil
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright

import rillet as gr
from rillet.components.model3d import Model3D
from rillet.media import get_model3d
from rillet.testing import serve

from .conftest import ARGS, checked_page, launch, open_app

#: The picture on a model's canvas: its size, its top-left pixel (RGBA) and how many
#: pixels differ from that corner (the model's), plus the whole image to compare.
PICTURE = """(id) => {
  const canvas = document.querySelector(`#${id} canvas`);
  const copy = document.createElement("canvas");
  copy.width = canvas.width;
  copy.height = canvas.height;
  const g = copy.getContext("2d");
  g.drawImage(canvas, 0, 0);
  const data = g.getImageData(0, 0, copy.width, copy.height).data;
  const corner = Array.from(data.slice(0, 4));
  let model = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (Math.abs(data[i] - corner[0]) + Math.abs(data[i + 1] - corner[1]) +
        Math.abs(data[i + 2] - corner[2]) + Math.abs(data[i + 3] - corner[3]) > 24) model += 1;
  }
  return { width: copy.width, height: copy.height, corner, model, image: copy.toDataURL() };
}"""


def log_is(page: Page, text: str) -> None:
    page.wait_for_function(
        "(text) => document.querySelector('#log [data-testid=textbox]').value === text", arg=text
    )


def state_is(page: Page, elem_id: str, state: str) -> None:
    page.wait_for_function(
        "([id, state]) => document.getElementById(id)?.dataset.model3d === state",
        arg=[elem_id, state],
    )


def write_ply(path: Path) -> Path:
    """A coloured tetrahedron as an ASCII PLY mesh."""
    vertices = ["0 0 0 255 0 0", "1 0 0 0 255 0", "0 1 0 0 0 255", "0 0 1 255 255 0"]
    faces = ["3 0 1 2", "3 0 1 3", "3 0 2 3", "3 1 2 3"]
    header = [
        "ply", "format ascii 1.0", "element vertex 4", "property float x", "property float y",
        "property float z", "property uchar red", "property uchar green", "property uchar blue",
        "element face 4", "property list uchar int vertex_indices", "end_header",
    ]  # fmt: skip
    path.write_text("\n".join([*header, *vertices, *faces]) + "\n")
    return path


def write_splat(path: Path) -> Path:
    """A cube of 8x8x8 Gaussian splats (.splat: 32-byte rows of position, scale, RGBA and
    rotation)."""
    rows = []
    for i in range(512):
        x, y, z = i % 8, (i // 8) % 8, i // 64
        rows.append(
            struct.pack("<6f", x / 4, y / 4, z / 4, 0.05, 0.05, 0.05)
            + bytes([x * 32, y * 32, z * 32, 255, 255, 128, 128, 128])
        )
    path.write_bytes(b"".join(rows))
    return path


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("models")
    ply, splat = write_ply(folder / "tetra.ply"), write_splat(folder / "cube.splat")
    with gr.Blocks() as demo:
        Model3D(str(ply), elem_id="ply")
        Model3D(str(splat), elem_id="splat")
        log = gr.Textbox(elem_id="log")
        source = Model3D(label="In", elem_id="source", interactive=True)
        echo = Model3D(label="Echo", elem_id="echo")
        Model3D(get_model3d("Duck.glb"), elem_id="duck", clear_color=(1, 1, 1, 1))
        Model3D(get_model3d("Duck.glb"), elem_id="side", clear_color=(1, 1, 1, 1),
                camera_position=(0, 90, None))  # fmt: skip
        Model3D(get_model3d("Fox.gltf"), elem_id="fox")
        Model3D(get_model3d("Bunny.obj"), elem_id="bunny", display_mode="wireframe")
        Model3D(get_model3d("sofia.stl"), elem_id="sofia", display_mode="point_cloud")
        source.upload(lambda path: f"upload:{Path(path).name}", source, log)
        source.change(lambda path: path, source, echo)
        source.clear(lambda: "cleared", None, log)
    with serve(demo, allowed_paths=[str(folder)]) as url:
        yield url


def test_each_format_is_fetched_and_drawn(page: Page, app_url: str) -> None:
    open_app(page, app_url)
    for elem_id in ("duck", "side", "fox", "bunny", "sofia", "ply", "splat"):
        state_is(page, elem_id, "shown")
        picture = page.evaluate(PICTURE, elem_id)
        assert picture["width"] > 0 and picture["model"] > 200, elem_id
    assert page.locator("#source [data-testid=model3d-drop]").is_visible()
    assert page.locator("#echo [data-testid=model3d-empty]").is_visible()
    fetched = page.get_attribute("#fox", "data-bytes")
    assert fetched == str(Path(get_model3d("Fox.gltf")).stat().st_size)


def test_clear_color_and_camera_position_are_honoured(page: Page, app_url: str) -> None:
    open_app(page, app_url)
    state_is(page, "duck", "shown")
    state_is(page, "side", "shown")
    state_is(page, "fox", "shown")
    front = page.evaluate(PICTURE, "duck")
    side = page.evaluate(PICTURE, "side")
    assert front["corner"] == [255, 255, 255, 255]  # clear_color=(1, 1, 1, 1)
    assert page.evaluate(PICTURE, "fox")["corner"][3] == 0  # Gradio's default: transparent
    assert side["image"] != front["image"]  # same model and size, another place


def test_orbiting_moves_the_camera_and_reset_puts_it_back(page: Page, app_url: str) -> None:
    open_app(page, app_url)
    state_is(page, "duck", "shown")
    before = page.evaluate(PICTURE, "duck")["image"]
    canvas = page.locator("#duck canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 120, y + 40, steps=8)
    page.mouse.up()
    page.wait_for_function(
        "([id, before]) => document.querySelector(`#${id} canvas`).toDataURL() !== before",
        arg=["duck", before],
    )
    page.click("#duck [data-action=reset]")
    page.wait_for_function(
        "([id, before]) => document.querySelector(`#${id} canvas`).toDataURL() === before",
        arg=["duck", before],
    )


def test_upload_by_picker_and_by_drop_then_clear(page: Page, app_url: str, tmp_path: Path) -> None:
    open_app(page, app_url)
    model = tmp_path / "bunny.obj"
    shutil.copy(get_model3d("Bunny.obj"), model)
    page.set_input_files("#source input[type=file]", str(model))
    log_is(page, "upload:bunny.obj")
    state_is(page, "source", "shown")
    state_is(page, "echo", "shown")  # change -> the echo draws the uploaded file
    page.click("#source [data-action=clear]")
    log_is(page, "cleared")
    assert page.locator("#source [data-testid=model3d-drop]").is_visible()
    data = base64.b64encode(Path(get_model3d("Duck.glb")).read_bytes()).decode()
    page.evaluate(
        """([data]) => {
          const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
          const transfer = new DataTransfer();
          transfer.items.add(new File([bytes], "dropped.glb"));
          const frame = document.querySelector("#source [data-testid=model3d]");
          frame.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true,
            cancelable: true }));
        }""",
        [data],
    )
    log_is(page, "upload:dropped.glb")
    state_is(page, "source", "shown")


def test_the_download_button_gives_the_file(page: Page, app_url: str) -> None:
    open_app(page, app_url)
    state_is(page, "fox", "shown")
    with page.expect_download() as info:
        page.click("#fox [data-action=download]")
    download = info.value
    assert download.suggested_filename == "Fox.gltf"
    assert Path(download.path()).read_bytes() == Path(get_model3d("Fox.gltf")).read_bytes()


@pytest.fixture(scope="module")
def no_webgl_browser(playwright_driver: Playwright) -> Iterator[Browser]:
    b = launch(playwright_driver, [*ARGS, "--disable-webgl"])
    yield b
    b.close()


def test_without_webgl_it_says_so_and_still_offers_the_file(
    no_webgl_browser: Browser, app_url: str
) -> None:
    with checked_page(no_webgl_browser) as page:
        open_app(page, app_url)
        state_is(page, "duck", "nogl")
        message = page.locator("#duck .rillet-model3d-message")
        assert "WebGL" in message.inner_text()
        assert page.locator("#duck canvas").count() == 0
        fetched = page.get_attribute("#duck", "data-bytes")
        assert fetched == str(Path(get_model3d("Duck.glb")).stat().st_size)
        assert page.locator("#duck [data-action=download]").is_visible()
