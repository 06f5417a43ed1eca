"""The page behind a real nginx under a path prefix (``root_path="/myapp"``): it loads,
streams text, uploads an image and shows the result, and every request it makes goes
through ``/myapp/``."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Page

import rillet as gr
from rillet.testing import serve
from tests.nginx import Proxy, nginx
from tests.reloading import HELPER, rillet_cli, write_app

from .conftest import open_app

RECORD_TEXT = """([sel]) => {
    window.__seen = [];
    const el = document.querySelector(sel);
    const tick = () => {
        const v = el.value;
        if (window.__seen[window.__seen.length - 1] !== v) window.__seen.push(v);
        requestAnimationFrame(tick);
    };
    tick();
}"""

PIXEL = """([sel, y]) => {
    const img = document.querySelector(sel);
    const c = document.createElement('canvas');
    c.width = img.naturalWidth; c.height = img.naturalHeight;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    return Array.from(ctx.getImageData(2, y, 1, 1).data.slice(0, 3));
}"""


def words(n):
    text = ""
    for i in range(int(n)):
        time.sleep(0.15)
        text += f"word{i} "
        yield text


def flip(image):
    return np.flipud(image)


@pytest.fixture(scope="module")
def proxy() -> Iterator[Proxy]:
    with gr.Blocks() as demo:
        n = gr.Number(6, elem_id="n")
        out = gr.Textbox(elem_id="out")
        gr.Button("Go", elem_id="go").click(words, n, out)
        image_in = gr.Image(type="numpy", sources=["upload"], elem_id="image_in")
        image_out = gr.Image(elem_id="image_out")
        gr.Button("Flip", elem_id="flip").click(flip, image_in, image_out)
    with serve(demo, root_path="/myapp") as url, nginx(url, "/myapp") as proxied:
        yield proxied


@pytest.fixture
def red_over_blue(tmp_path: Path) -> Path:
    pixels = np.zeros((40, 30, 3), dtype=np.uint8)
    pixels[:20] = (255, 0, 0)
    pixels[20:] = (0, 0, 255)
    path = tmp_path / "red_over_blue.png"
    Image.fromarray(pixels).save(path)
    return path


def close(rgb: list[int], expected: list[int]) -> bool:
    """Equal but for the output's lossy (WebP) encoding."""
    return all(abs(a - b) <= 12 for a, b in zip(rgb, expected, strict=True))


def record_requests(page: Page) -> list[str]:
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    return urls


def test_the_page_streams_and_uploads_through_the_proxy(
    page: Page, proxy: Proxy, red_over_blue: Path
):
    urls = record_requests(page)
    open_app(page, proxy.url + "/")
    page.evaluate(RECORD_TEXT, ["#out [data-testid=textbox]"])
    page.click("#go")
    expected = "".join(f"word{i} " for i in range(6))
    page.wait_for_function(
        f"() => document.querySelector('#out [data-testid=textbox]').value === {expected!r}"
    )
    seen = [s for s in page.evaluate("window.__seen") if s]
    assert len(seen) >= 3, f"the text did not grow in steps through the proxy: {seen}"

    with page.expect_response(lambda r: r.url.endswith("/gradio_api/upload")) as uploaded:
        page.locator("#image_in input[type=file]").set_input_files(str(red_over_blue))
    assert uploaded.value.status == 200
    page.wait_for_function(
        "() => !document.querySelector('#image_in').classList.contains('rillet-uploading')"
    )
    page.click("#flip")
    page.wait_for_function(
        "() => (document.querySelector('#image_out img') || {}).naturalWidth === 30"
    )
    assert close(page.evaluate(PIXEL, ["#image_out img", 5]), [0, 0, 255]), "not flipped"
    assert close(page.evaluate(PIXEL, ["#image_out img", 35]), [255, 0, 0]), "not flipped"

    fetched = [u for u in urls if u.startswith(("http:", "https:"))]
    assert any("/gradio_api/file=" in u for u in fetched), fetched
    astray = [u for u in fetched if not u.startswith(proxy.url + "/")]
    assert astray == [], f"requests that did not go through {proxy.url}/: {astray}"


def test_the_prefix_without_a_trailing_slash_opens_the_page(page: Page, proxy: Proxy):
    urls = record_requests(page)
    open_app(page, proxy.url)
    assert page.url == proxy.url + "/"
    fetched = [u for u in urls if u.startswith(("http:", "https:"))]
    assert [u for u in fetched if not u.startswith(proxy.url)] == []


def test_reload_mode_reloads_the_page_through_the_proxy(
    page: Page, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """``rillet app.py`` with ``GRADIO_ROOT_PATH``: the page listens for reloads on
    ``/myapp/gradio_api/dev/reload`` and reloads itself after an edit."""
    monkeypatch.setenv("GRADIO_ROOT_PATH", "/myapp")
    write_app(tmp_path, 1)
    with rillet_cli(tmp_path) as app, nginx(app.url, "/myapp") as proxied:
        urls = record_requests(page)
        open_app(page, proxied.url + "/")
        page.get_by_text("version 1, run 1").wait_for()
        (tmp_path / "helper.py").write_text(HELPER.format(v=2))
        page.get_by_text("version 2, run 2").wait_for()  # the page reloaded itself
        page.wait_for_function("() => document.body.dataset.rilletReady === '1'")
        page.close()  # before the server stops, so its streams end cleanly
    fetched = [u for u in urls if u.startswith(("http:", "https:"))]
    assert proxied.url + "/gradio_api/dev/reload" in fetched, fetched
    assert [u for u in fetched if not u.startswith(proxied.url + "/")] == []
