"""gr.Examples in Chromium: a click fills the inputs, run_on_click then streams fn's
output, a cached generator's results play without running fn, an example image loads into
its input from a stored copy; Interface(examples=) and ChatInterface(examples=) too."""

from __future__ import annotations

import pytest

import rillet as gr
from rillet.examples import Examples
from rillet.testing import serve

from .conftest import open_app

CALLS: list[str] = []


def count(name, n):
    CALLS.append(name)
    for i in range(int(n)):
        yield f"{name} {i}"


def value_is(page, selector, text):
    page.wait_for_function(
        "([sel, text]) => { const el = document.querySelector(sel); "
        "return el !== null && el.value === text; }",
        arg=[selector, text],
    )


@pytest.fixture(scope="module")
def picture(tmp_path_factory):
    from PIL import Image

    path = tmp_path_factory.mktemp("pics") / "teal.png"
    Image.new("RGB", (40, 30), (0, 128, 128)).save(path)
    return path


@pytest.fixture(scope="module")
def blocks_url(picture):
    CALLS.clear()
    with gr.Blocks() as demo:
        name = gr.Textbox(label="Name", elem_id="name")
        num = gr.Number(label="N", elem_id="num")
        out = gr.Textbox(label="Out", elem_id="out")
        Examples([["Ann", 1], ["Bob", 2]], [name, num], elem_id="plain")
        Examples([["Cy", 3]], [name, num], out, fn=count, run_on_click=True, elem_id="run")
        Examples([["Di", 2]], [name, num], out, fn=count, cache_examples=True, elem_id="cached")
        img = gr.Image(label="Picture", elem_id="img")
        Examples([[str(picture)]], img, elem_id="pics")
    with serve(demo) as url:
        yield url


def test_click_fills_the_inputs(page, blocks_url):
    open_app(page, blocks_url)
    # the cached Examples preloads its first sample, as Gradio's
    value_is(page, "#name [data-testid=textbox]", "Di")
    value_is(page, "#out [data-testid=textbox]", "Di 1")
    page.locator("#plain tbody tr").nth(1).click()
    value_is(page, "#name [data-testid=textbox]", "Bob")
    assert page.locator("#num input[type=number]").input_value() == "2"


def test_run_on_click_runs_fn(page, blocks_url):
    open_app(page, blocks_url)
    page.locator("#run tbody tr").first.click()
    value_is(page, "#out [data-testid=textbox]", "Cy 2")
    value_is(page, "#name [data-testid=textbox]", "Cy")


def test_cached_example_shows_outputs_without_running(page, blocks_url):
    open_app(page, blocks_url)
    before = CALLS.count("Di")
    assert before == 1  # once, when the app was built
    page.locator("#run tbody tr").first.click()
    value_is(page, "#out [data-testid=textbox]", "Cy 2")
    page.locator("#cached tbody tr").first.click()
    value_is(page, "#out [data-testid=textbox]", "Di 1")
    value_is(page, "#name [data-testid=textbox]", "Di")
    assert CALLS.count("Di") == before


def test_example_image_loads_into_its_input(page, blocks_url):
    open_app(page, blocks_url)
    # the card previews the image from a stored copy
    page.wait_for_function(
        "() => { const i = document.querySelector('#pics .rillet-dataset-card img'); "
        "return i !== null && i.complete && i.naturalWidth === 40; }"
    )
    page.locator("#pics .rillet-dataset-card").first.click()
    page.wait_for_function(
        "() => { const i = document.querySelector('#img img'); return i && i.naturalWidth === 40; }"
    )
    src = page.locator("#img img").first.get_attribute("src")
    assert "/gradio_api/file=" in src and "teal" in src


@pytest.fixture(scope="module")
def interface_url():
    demo = gr.Interface(
        lambda text: text[::-1],
        gr.Textbox(elem_id="in"),
        gr.Textbox(elem_id="rev"),
        examples=["stressed", "drawer"],
    )
    with serve(demo) as url:
        yield url


def test_interface_examples_fill_the_input(page, interface_url):
    open_app(page, interface_url)
    cards = page.locator(".rillet-dataset-card")
    assert cards.all_inner_texts() == ["stressed", "drawer"]
    cards.nth(1).click()
    value_is(page, "#in [data-testid=textbox]", "drawer")
    page.get_by_role("button", name="Submit").click()
    value_is(page, "#rev [data-testid=textbox]", "reward")


def echo(message, history):
    yield "echo: "
    yield f"echo: {message}"


@pytest.fixture(scope="module")
def chat_url():
    with serve(
        gr.ChatInterface(echo, examples=["hello", "bye"], example_labels=["Hi", "Bye"])
    ) as url:
        yield url


def test_chat_example_is_sent_as_a_message(page, chat_url):
    open_app(page, chat_url)
    page.get_by_role("button", name="Bye").click()
    page.wait_for_function(
        "() => { const b = document.querySelectorAll('[data-testid=bot]'); "
        "return b.length === 1 && b[0].textContent.trim() === 'echo: bye'; }"
    )
    assert page.locator("[data-testid=user]").inner_text().strip() == "bye"
