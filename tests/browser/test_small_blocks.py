"""Draggable, DeepLinkButton, Navbar, ParamViewer in real Chromium."""

from __future__ import annotations

import warnings

import pytest

import rillet as gr
from rillet.components.deeplinkbutton import DeepLinkButton
from rillet.components.dialogue import Dialogue
from rillet.components.layout import Draggable, Step, Walkthrough
from rillet.components.navbar import Navbar
from rillet.components.paramviewer import ParamViewer
from rillet.testing import serve

from .conftest import open_app

PARAMS = {
    "number": {"type": "int | float", "description": "The number to round", "default": None},
    "ndigits": {"type": "int", "description": "See [the docs](#docs)", "default": "0"},
}
#: The draggable's children in page order: a Markdown's text, a text field's value.
ORDER = """() => [...document.querySelectorAll('#drag > [data-rillet-id]')].map((el) => {
    const field = el.querySelector('textarea, input');
    return field ? field.value : el.textContent.trim();
}).join(',')"""


@pytest.fixture(scope="module")
def app_url():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with gr.Blocks() as demo:
            nav = Navbar(
                value=[("About", "about"), ("Out", "https://example.com/x")],
                main_page_name="Dashboard",
                elem_id="nav",
            )
            with Draggable(elem_id="drag"):
                gr.Markdown("one", elem_id="a")
                gr.Textbox("two", label="B", elem_id="b", interactive=True)
                gr.Markdown("three", elem_id="c")
            with Draggable(orientation="row", elem_id="rowdrag"):
                gr.Markdown("x")
            share = DeepLinkButton()
            clicks = gr.Number(0, elem_id="clicks")
            share.click(lambda n: n + 1, clicks, clicks)
            ParamViewer(PARAMS, linkify=["int"], anchor_links="round-")
            hide = gr.Button("Hide", elem_id="hide")
            hide.click(lambda: Navbar(visible=False), None, nav)
            rename = gr.Button("Rename", elem_id="rename")
            rename.click(lambda: Navbar(main_page_name=False, value=[("Only", "only")]), None, nav)
    with serve(demo) as url:
        yield url


def test_dragging_a_child_reorders_the_column(page, app_url):
    open_app(page, app_url)
    assert page.evaluate(ORDER) == "one,two,three"
    assert page.get_attribute("#rowdrag", "class").count("rillet-draggable-row") == 1
    page.locator("#c").drag_to(page.locator("#a"), target_position={"x": 20, "y": 5})
    page.wait_for_function(f"({ORDER})() === 'three,one,two'")
    # typing inside a child still works (the drag does not start from a text field)
    page.fill("#b textarea", "typed")
    assert page.input_value("#b textarea") == "typed"


def test_alt_arrow_moves_the_focused_child(page, app_url):
    open_app(page, app_url)
    page.focus("#b textarea")
    page.keyboard.press("Alt+ArrowDown")
    page.wait_for_function(f"({ORDER})() === 'one,three,two'")
    page.keyboard.press("Alt+ArrowUp")
    page.keyboard.press("Alt+ArrowUp")
    page.wait_for_function(f"({ORDER})() === 'two,one,three'")
    page.keyboard.press("Alt+ArrowUp")  # already first: stays
    assert page.evaluate(ORDER) == "two,one,three"
    assert page.evaluate("document.activeElement.closest('#b') !== null")


def test_deeplinkbutton_copies_the_page_link(page, app_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    open_app(page, app_url + "/?deep_link=abc&x=1")
    button = page.locator("[data-rillet-type=deeplinkbutton] button")
    assert button.inner_text().strip() == "Share via Link"
    button.click()
    page.wait_for_function(
        "document.querySelector('[data-rillet-type=deeplinkbutton] button').textContent"
        " === 'Link Copied!'"
    )
    page.wait_for_function("document.querySelector('#clicks input').value === '1'")
    assert page.evaluate("navigator.clipboard.readText()") == app_url + "/?x=1"
    page.wait_for_function(
        "document.querySelector('[data-rillet-type=deeplinkbutton] button').textContent"
        " === 'Share via Link'"
    )


def test_navbar_draws_links_and_follows_updates(page, app_url):
    open_app(page, app_url)
    links = page.locator("#nav a")
    assert links.all_inner_texts() == ["Dashboard", "About", "Out"]
    assert links.nth(0).get_attribute("aria-current") == "page"
    assert links.nth(1).get_attribute("href") == app_url + "/about"
    assert links.nth(2).get_attribute("href") == "https://example.com/x"
    page.click("#rename")
    page.wait_for_function(
        "[...document.querySelectorAll('#nav a')].map(a => a.textContent).join() === 'Only'"
    )
    page.click("#hide")
    page.wait_for_function("getComputedStyle(document.querySelector('#nav')).display === 'none'")


def test_paramviewer_rows_open_and_link(page, app_url):
    open_app(page, app_url)
    viewer = page.locator("[data-rillet-type=paramviewer]")
    assert viewer.locator(".rillet-pv-title").inner_text() == "Parameters"
    rows = viewer.locator("details.rillet-pv-param")
    assert rows.count() == 2
    assert rows.nth(0).locator("summary").inner_text().startswith("number: int | float")
    assert rows.nth(0).locator(".rillet-pv-type a").inner_text() == "int"
    assert rows.nth(1).get_attribute("id") == "round-param-ndigits"
    assert not rows.nth(1).locator(".rillet-pv-desc").is_visible()
    rows.nth(1).locator("summary").click()
    desc = rows.nth(1).locator(".rillet-pv-desc a")
    desc.wait_for()
    assert desc.inner_text() == "the docs"
    assert rows.nth(1).locator(".rillet-pv-default code").inner_text() == "= 0"
    viewer.locator(".rillet-pv-toggle").click()
    page.wait_for_function(
        "[...document.querySelectorAll('details.rillet-pv-param')].every((d) => d.open)"
    )
    assert viewer.locator(".rillet-pv-toggle").inner_text() == "Collapse all"


def picked_step(evt: gr.SelectData) -> str:
    return f"{evt.index}:{evt.value}"


@pytest.fixture(scope="module")
def walk_url():
    with gr.Blocks() as demo:
        with Walkthrough(selected=0, elem_id="walk") as walk:
            with Step("Image", id=0):
                gr.Markdown("first step", elem_id="s0")
                gr.Button("Next", elem_id="next").click(lambda: Walkthrough(selected=1), None, walk)
            with Step("Prompt", id=1):
                gr.Markdown("second step", elem_id="s1")
            with Step("Result", id=2):
                gr.Markdown("third step", elem_id="s2")
        picked = gr.Textbox(elem_id="picked")
        walk.select(picked_step, None, picked)
    with serve(demo) as url:
        yield url


def test_walkthrough_shows_one_step_at_a_time(page, walk_url):
    open_app(page, walk_url)
    steps = page.locator("#walk .rillet-step-button")
    assert steps.all_inner_texts() == ["1\nImage", "2\nPrompt", "3\nResult"]
    assert page.is_visible("#s0") and not page.is_visible("#s1")
    page.click("#next")
    page.wait_for_function("() => document.querySelector('#s1').offsetParent !== null")
    assert not page.is_visible("#s0")
    assert "rillet-done" in steps.nth(0).get_attribute("class")
    assert steps.nth(1).get_attribute("aria-selected") == "true"
    steps.nth(2).click()
    page.wait_for_function("() => document.querySelector('#s2').offsetParent !== null")
    assert "rillet-done" in steps.nth(1).get_attribute("class")
    page.wait_for_function(
        "() => document.querySelector('#picked [data-testid=textbox]').textContent === '2:Result'"
    )


@pytest.fixture(scope="module")
def dialogue_url():
    with gr.Blocks() as demo:
        lines = [{"speaker": "Ann", "text": "Hello"}, {"speaker": "Bob", "text": "Hi"}]
        dialogue = Dialogue(
            lines,
            speakers=["Ann", "Bob"],
            color_map={"Ann": "red"},
            interactive=True,
            elem_id="dlg",
        )
        out = gr.Textbox(elem_id="said")
        dialogue.submit(lambda text: text, dialogue, out)
    with serve(demo) as url:
        yield url


SAID = "() => document.querySelector('#said [data-testid=textbox]').textContent"


def test_dialogue_edits_lines_and_submits_the_text(page, dialogue_url):
    open_app(page, dialogue_url)
    rows = page.locator("#dlg .rillet-dialogue-line")
    assert rows.count() == 2
    assert "red" in rows.nth(0).get_attribute("style")
    page.locator("#dlg .rillet-dialogue-add").click()
    assert rows.count() == 3
    # the new line goes to the next speaker and takes the focus
    assert rows.nth(2).locator("select").input_value() == "Ann"
    page.keyboard.type("Bye")
    rows.nth(1).locator("select").select_option("Ann")
    rows.nth(0).locator(".rillet-dialogue-remove").click()
    rows.nth(0).locator("input").press("Enter")
    page.wait_for_function(f"({SAID})().includes('[Ann] Hi')")
    assert page.evaluate(SAID).strip() == "[Ann] Hi\n[Ann] Bye"


def test_dialogue_text_view_round_trip(page, dialogue_url):
    open_app(page, dialogue_url)
    page.click("#dlg .rillet-dialogue-modes button:has-text('Text')")
    area = page.locator("#dlg textarea")
    assert area.input_value() == "[Ann] Hello\n[Bob] Hi"
    area.fill("[Bob] First\nno speaker here")
    page.click("#dlg .rillet-dialogue-modes button:has-text('Dialogue')")
    rows = page.locator("#dlg .rillet-dialogue-line")
    assert rows.count() == 2
    assert rows.nth(0).locator("select").input_value() == "Bob"
    assert rows.nth(1).locator("select").input_value() == "Ann"  # the first speaker
    assert rows.nth(1).locator("input").input_value() == "no speaker here"
