"""The page in real Chromium: streamed images and text, Stop, errors."""

from __future__ import annotations

import itertools
import threading
import time

import pytest

import rillet as gr
from rillet.testing import serve

from .conftest import open_app

CLOSED = threading.Event()

RECORD_TEXT = """([sel]) => {
    window.__seen = [];
    const el = document.querySelector(sel);
    const read = () => el.value !== undefined ? el.value : el.textContent;
    const tick = () => {
        const v = read();
        if (window.__seen[window.__seen.length - 1] !== v) window.__seen.push(v);
        requestAnimationFrame(tick);
    };
    tick();
}"""


def words(n):
    text = ""
    for i in range(int(n)):
        time.sleep(0.15)
        text += f"word{i} "
        yield text


def endless():
    try:
        i = 0
        while True:
            time.sleep(0.1)
            i += 1
            yield f"tick {i}"
    finally:
        CLOSED.set()


def fails_midway(n):
    yield "shown before the error"
    time.sleep(0.2)
    raise gr.Error("The model ran out of ideas")


@pytest.fixture(scope="module")
def text_app():
    with gr.Blocks() as demo:
        n = gr.Number(6, label="n", elem_id="n")
        out = gr.Textbox(label="out", elem_id="out")
        go = gr.Button("Go", elem_id="go")
        go.click(words, n, out)
        boom = gr.Button("Boom", elem_id="boom")
        boom.click(fails_midway, n, out)
    with serve(demo) as url:
        yield url


@pytest.fixture(scope="module")
def stop_app():
    demo = gr.Interface(endless, None, gr.Textbox(elem_id="out"))
    with serve(demo) as url:
        yield url


def output_field(page, elem_id):
    return page.locator(f"#{elem_id} [data-testid=textbox]").first


def test_text_grows_piece_by_piece(page, text_app):
    open_app(page, text_app)
    field = output_field(page, "out")
    page.evaluate(RECORD_TEXT, ["#out [data-testid=textbox]"])
    page.click("#go")
    expected = "".join(f"word{i} " for i in range(6))
    page.wait_for_function(
        f"document.querySelector('#out [data-testid=textbox]').value === {expected!r}"
    )
    seen = [s for s in page.evaluate("window.__seen") if s]
    assert len(seen) >= 4, f"the text did not grow in steps: {seen}"
    assert all(b.startswith(a) for a, b in itertools.pairwise(seen)), seen
    assert field.evaluate("e => e.value") == expected


def test_gr_error_is_shown_and_earlier_output_stays(page, text_app):
    open_app(page, text_app)
    page.click("#boom")
    toast = page.locator(".rillet-toast[data-level='error']")
    toast.wait_for()
    assert "The model ran out of ideas" in toast.inner_text()
    assert output_field(page, "out").evaluate("e => e.value") == "shown before the error"


def test_stop_stops_the_generator_and_runs_its_finally(page, stop_app):
    CLOSED.clear()
    open_app(page, stop_app)
    submit = page.get_by_role("button", name="Generate")
    submit.click()
    page.wait_for_function(
        "(document.querySelector('#out [data-testid=textbox]') || {}).value?.startsWith('tick')"
    )
    stop = page.get_by_role("button", name="Stop")
    stop.wait_for(state="visible")
    stop.click()
    assert CLOSED.wait(10), "the generator's finally did not run after Stop"
    submit.wait_for(state="visible")
    shown = output_field(page, "out").evaluate("e => e.value")
    page.wait_for_function(
        "document.body.dataset.rilletRunning === '0' || !document.body.dataset.rilletRunning"
    )
    assert output_field(page, "out").evaluate("e => e.value") == shown, (
        "output kept changing after Stop"
    )


def test_fake_diffusion_demo_swaps_images_then_shows_the_final_one(page, demo_server):
    open_app(page, demo_server)
    page.evaluate("""() => {
        window.__srcs = [];
        const root = document.querySelector('[data-rillet-type="image"]');
        const note = () => {
            const img = root.querySelector('img');
            if (img && img.src && window.__srcs[window.__srcs.length - 1] !== img.src
                && img.complete && img.naturalWidth > 0) {
                window.__srcs.push(img.src);
                window.__sizes = (window.__sizes || []).concat([img.naturalWidth]);
            }
            requestAnimationFrame(note);
        };
        note();
    }""")
    page.get_by_role("button", name="Submit").click()
    page.wait_for_function("(window.__sizes || []).includes(1000)", timeout=30_000)
    sizes = page.evaluate("window.__sizes")
    assert sizes.count(600) >= 2, f"expected successive noise images before the final: {sizes}"
    assert sizes[-1] == 1000
    colour = page.evaluate("""() => {
        const img = [...document.querySelectorAll('[data-rillet-type="image"] img')].pop();
        const c = document.createElement('canvas');
        c.width = img.naturalWidth; c.height = img.naturalHeight;
        const ctx = c.getContext('2d');
        ctx.drawImage(img, 0, 0);
        return Array.from(ctx.getImageData(500, 500, 1, 1).data.slice(0, 3));
    }""")
    assert all(abs(a - b) <= 8 for a, b in zip(colour, [255, 124, 0], strict=True)), colour


@pytest.fixture(scope="module")
def echo_app():
    demo = gr.Interface(
        lambda s: s[::-1],
        gr.Textbox(elem_id="inp"),
        gr.Textbox(elem_id="out"),
        title="Reverser",
        description="Turns *text* around.",
    )
    with serve(demo) as url:
        yield url


def test_interface_labels_title_submit_on_enter_and_clear(page, echo_app):
    open_app(page, echo_app)
    assert page.locator("h1").first.inner_text() == "Reverser"
    assert page.locator("em", has_text="text").count() == 1
    assert page.get_by_text("output", exact=True).count() == 1  # default output label
    field = page.locator("#inp textarea, #inp input").first
    field.fill("stressed")
    field.press("Enter")
    page.wait_for_function(
        "document.querySelector('#out [data-testid=textbox]').value === 'desserts'"
    )
    page.get_by_role("button", name="Clear").click()
    page.wait_for_function("document.querySelector('#out [data-testid=textbox]').value === ''")
    assert field.input_value() == ""
