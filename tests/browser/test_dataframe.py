"""Dataframe in Chromium: 100,000 rows with few in the DOM, sorting, searching, editing,
selecting, Styler colours, and rows streamed from a generator appended in place."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

import rillet as gr
from rillet.components.dataframe import Dataframe
from rillet.testing import serve

from .conftest import open_app

pd = pytest.importorskip("pandas")

BIG = 100_000
OUT = "#out [data-testid=textbox]"


def picked(evt: gr.SelectData):
    return f"{evt.index}|{evt.value}|{evt.row_value}|{evt.col_value}"


def edited(evt: gr.EditData):
    return f"{evt.index}|{evt.value}|{evt.previous_value}"


def stream():
    for n in (5, 8, 11):
        yield [[i, f"s{i}"] for i in range(n)]
        time.sleep(0.2)


@pytest.fixture(scope="module")
def app():
    gate = threading.Event()

    def long_stream():
        yield [[i, f"s{i}"] for i in range(300)]
        gate.wait(30)
        yield [[i, f"s{i}"] for i in range(310)]

    big = pd.DataFrame({"i": range(BIG), "label": [f"row {i}" for i in range(BIG)]})
    people = pd.DataFrame({"name": ["Cy", "Ada", "Bob"], "age": [29, 36, 41]})
    styled = pd.DataFrame({"a": [1, 5]}).style.highlight_max(color="rgb(0, 128, 0)")
    with gr.Blocks() as demo:
        Dataframe(big, max_height=300, elem_id="big")
        table = Dataframe(
            people,
            datatype=["str", "number"],
            interactive=True,
            show_search="search",
            elem_id="people",
        )
        Dataframe(styled, elem_id="styled")
        live = Dataframe(headers=["n", "s"], elem_id="live")
        out = gr.Textbox(elem_id="out")
        edits = gr.Textbox(elem_id="edits")
        rows_out = gr.Textbox(elem_id="rows")
        table.select(picked, None, out)
        table.input(lambda df: str(int(df["age"].sum())), table, out)
        table.edit(edited, None, edits)
        table.change(lambda df: str(len(df)), table, rows_out)
        done = gr.Textbox(elem_id="done")
        go = gr.Button("Go", elem_id="go")
        go.click(stream, None, live).then(lambda: "done", None, done)
        tail = Dataframe(headers=["n", "s"], max_height=300, elem_id="tail")
        start = gr.Button("Start", elem_id="start")
        start.click(long_stream, None, tail)
        release = gr.Button("Release", elem_id="release")
        release.click(gate.set)
        swap = gr.Button("Swap", elem_id="swap")
        swap.click(lambda: [[100, "a"], [101, "b"]], None, live)
    with serve(demo) as url:
        yield url


def body_rows(page, elem):
    return page.locator(f"#{elem} tbody tr.rillet-df-row")


def test_a_hundred_thousand_rows_keep_few_in_the_dom(page, app):
    open_app(page, app)
    rows = body_rows(page, "big")
    page.wait_for_function("() => document.querySelectorAll('#big tr.rillet-df-row').length > 0")
    assert 0 < rows.count() < 200
    assert rows.first.inner_text().split("\t")[0].strip() == "0"
    scroller = page.locator("#big [data-testid=dataframe]")
    scroller.evaluate("e => { e.scrollTop = e.scrollHeight; }")
    last = page.locator("#big tr.rillet-df-row", has_text="row 99999")
    last.wait_for(timeout=5000)
    assert last.is_visible()
    assert rows.count() < 200


def test_sorting_by_header(page, app):
    open_app(page, app)
    names = body_rows(page, "people").locator("td:nth-child(1)")
    assert names.all_inner_texts() == ["Cy", "Ada", "Bob"]
    header = page.locator("#people th", has_text="age")
    header.click()
    assert names.all_inner_texts() == ["Cy", "Ada", "Bob"]
    header.click()
    assert names.all_inner_texts() == ["Bob", "Ada", "Cy"]
    page.locator("#people th", has_text="name").click()
    assert names.all_inner_texts() == ["Ada", "Bob", "Cy"]


def test_search_filters_rows(page, app):
    open_app(page, app)
    page.locator("#people [data-testid=dataframe-search]").fill("bo")
    assert body_rows(page, "people").locator("td:nth-child(1)").all_inner_texts() == ["Bob"]


def test_select_sends_index_value_row_and_column(page, app):
    open_app(page, app)
    body_rows(page, "people").nth(1).locator("td").nth(1).click()
    page.wait_for_function(
        "() => document.querySelector('#out [data-testid=textbox]').textContent !== ''"
    )
    assert page.locator(OUT).inner_text() == "[1, 1]|36|['Ada', 36]|[29, 36, 41]"


def test_editing_a_cell_sends_the_new_frame(page, app):
    open_app(page, app)
    cell = body_rows(page, "people").nth(0).locator("td").nth(1)
    cell.dblclick()
    editor = page.locator("#people [data-testid=dataframe-editor]")
    editor.fill("100")
    editor.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('#out [data-testid=textbox]').textContent === '177'"
    )
    assert cell.inner_text() == "100"


def test_styler_colours_cells(page, app):
    open_app(page, app)
    cells = body_rows(page, "styled").locator("td")
    assert cells.nth(1).evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(0, 128, 0)"
    assert cells.nth(0).evaluate("e => e.style.backgroundColor") == ""


def test_streamed_rows_are_appended_in_place(page, app):
    open_app(page, app)
    page.locator("#go").click()
    page.wait_for_function("() => document.querySelectorAll('#live tr.rillet-df-row').length === 5")
    body_rows(page, "live").first.evaluate("tr => { tr.dataset.mark = 'kept'; }")
    page.wait_for_function(
        "() => document.querySelectorAll('#live tr.rillet-df-row').length === 11"
    )
    assert body_rows(page, "live").first.get_attribute("data-mark") == "kept"
    assert body_rows(page, "live").last.inner_text().split("\t")[-1].strip() == "s10"
    page.wait_for_function(
        "() => document.querySelector('#done [data-testid=textbox]').textContent === 'done'"
    )
    shown = [r.get_attribute("data-row") for r in body_rows(page, "live").all()]
    assert shown == [str(i) for i in range(11)]


def test_a_new_frame_replaces_the_rows(page, app):
    open_app(page, app)
    page.locator("#swap").click()
    page.wait_for_function("() => document.querySelectorAll('#live tr.rillet-df-row').length === 2")
    texts = body_rows(page, "live").locator("td:nth-child(2)").all_inner_texts()
    assert texts == ["a", "b"]


def test_middle_of_a_large_frame(page, app):
    open_app(page, app)
    page.wait_for_function("() => document.querySelectorAll('#big tr.rillet-df-row').length > 0")
    scroller = page.locator("#big [data-testid=dataframe]")
    scroller.evaluate("e => { e.scrollTop = e.scrollHeight / 2; }")
    page.wait_for_function(
        "() => [...document.querySelectorAll('#big tr.rillet-df-row')]"
        ".some((tr) => tr.textContent.includes('row 50000'))"
    )
    first = int(body_rows(page, "big").first.get_attribute("data-row"))
    assert 49_000 < first < 50_000


def test_sorting_a_large_frame_descending(page, app):
    open_app(page, app)
    header = page.locator("#big th[data-col='0']")
    header.click()
    header.click()
    first = body_rows(page, "big").first.locator("td").first
    assert first.inner_text() == str(BIG - 1)


def text_of(page, elem):
    return page.locator(f"#{elem} [data-testid=textbox]").inner_text()


def test_typing_on_a_selected_cell_edits_it_and_sends_edit_data(page, app):
    open_app(page, app)
    cell = body_rows(page, "people").nth(2).locator("td").nth(1)
    cell.click()
    page.keyboard.type("7")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('#edits [data-testid=textbox]').textContent !== ''"
    )
    assert text_of(page, "edits") == "[2, 1]|7|41"
    assert cell.inner_text() == "7"


def test_add_row_grows_the_value(page, app):
    open_app(page, app)
    page.locator("#people [data-testid=dataframe-add-row]").click()
    assert body_rows(page, "people").count() == 4
    page.wait_for_function(
        "() => document.querySelector('#rows [data-testid=textbox]').textContent === '4'"
    )


def test_download_gives_csv(page, app):
    open_app(page, app)
    with page.expect_download() as info:
        page.locator("#people [data-action=download]").click()
    download = info.value
    assert download.suggested_filename == "dataframe.csv"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text == "name,age\nCy,29\nAda,36\nBob,41"


def test_a_table_scrolled_to_its_end_follows_new_rows(page, app):
    open_app(page, app)
    page.locator("#start").click()
    page.wait_for_function("() => document.querySelectorAll('#tail tr.rillet-df-row').length > 0")
    scroller = page.locator("#tail [data-testid=dataframe]")
    scroller.evaluate("e => { e.scrollTop = e.scrollHeight; }")
    page.locator("#tail tr.rillet-df-row", has_text="s299").wait_for()
    assert body_rows(page, "tail").count() < 100
    page.locator("#release").click()
    last = page.locator("#tail tr.rillet-df-row", has_text="s309")
    last.wait_for()
    box, view = last.bounding_box(), scroller.bounding_box()
    assert view["y"] < box["y"] and box["y"] + box["height"] <= view["y"] + view["height"] + 1
