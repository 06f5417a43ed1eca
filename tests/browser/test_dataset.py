"""Dataset in Chromium: a table for several components, cards for one, pages, clicks that
send the sample to the function, and new samples from gr.update."""

from __future__ import annotations

import pytest

import rillet as gr
from rillet.testing import serve

from .conftest import open_app

OUT = "#out [data-testid=textbox]"


def chosen(sample, evt: gr.SelectData):
    return f"{sample} @{evt.index}"


@pytest.fixture(scope="module")
def picture(tmp_path_factory):
    from PIL import Image

    path = tmp_path_factory.mktemp("pics") / "orange.png"
    Image.new("RGB", (40, 30), (255, 124, 0)).save(path)
    return path


@pytest.fixture(scope="module")
def app(picture):
    with gr.Blocks() as demo:
        text = gr.Textbox(label="Word", visible=False)
        num = gr.Number(label="N", visible=False)
        table = gr.Dataset(
            components=[text, num],
            samples=[[f"w{i}", i] for i in range(12)],
            samples_per_page=5,
            elem_id="table",
        )
        cards = gr.Dataset(
            components=["textbox"], samples=[["red"], ["green"]], type="index", elem_id="cards"
        )
        out = gr.Textbox(elem_id="out")
        table.select(chosen, table, out)
        cards.click(lambda i: f"card {i}", cards, out)
        gr.Button("More", elem_id="more").click(
            lambda: gr.update(samples=[["blue"], ["cyan"], ["pink"]]), None, cards
        )
        pics = gr.Dataset(components=[gr.Image(visible=False)], samples=[], elem_id="pics")
        gr.Button("Pics", elem_id="show-pics").click(
            lambda: gr.update(samples=[[str(picture)]]), None, pics
        )
    with serve(demo) as url:
        yield url


def out_is(page, text):
    page.wait_for_function(
        "([sel, text]) => document.querySelector(sel).value === text", arg=[OUT, text]
    )


def test_table_with_headers_and_pages(page, app):
    open_app(page, app)
    assert page.locator("#table th").all_inner_texts() == ["Word", "N"]
    rows = page.locator("#table tbody tr")
    assert rows.count() == 5
    assert rows.first.inner_text().split() == ["w0", "0"]
    pages = page.locator("#table .rillet-dataset-page")
    assert pages.all_inner_texts() == ["1", "2", "3"]
    pages.nth(2).click()
    page.wait_for_function("document.querySelectorAll('#table tbody tr').length === 2")
    assert rows.first.inner_text().split() == ["w10", "10"]


def test_row_click_sends_the_sample(page, app):
    open_app(page, app)
    page.locator("#table .rillet-dataset-page").nth(1).click()
    page.locator("#table tbody tr").nth(2).click()
    out_is(page, "['w7', 7] @7")


def test_cards_by_index_and_updated_samples(page, app):
    open_app(page, app)
    cards = page.locator("#cards .rillet-dataset-card")
    assert cards.all_inner_texts() == ["red", "green"]
    assert page.locator("#cards table").count() == 0
    cards.nth(1).click()
    out_is(page, "card 1")
    page.click("#more")
    page.wait_for_function("document.querySelectorAll('#cards .rillet-dataset-card').length === 3")
    assert cards.all_inner_texts() == ["blue", "cyan", "pink"]


def test_updated_image_samples_are_previewed(page, app):
    open_app(page, app)
    page.click("#show-pics")
    page.wait_for_function(
        "(() => { const img = document.querySelector('#pics img');"
        " return img !== null && img.complete && img.naturalWidth === 40; })()"
    )
