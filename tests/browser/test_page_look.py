"""The page's look in real Chromium: dark mode (system setting and ``?__theme=``), the
footer and its "Use via API" panel (snippets copied and the Python one run), output-only
interfaces, the progress line inside its output, and ``fill_height``."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

import rillet as gr
from rillet.testing import serve

from .conftest import open_app

GO_ON = threading.Event()


def think(text, steps, progress=gr.Progress()):
    out = ""
    for i in progress.tqdm(range(int(steps)), desc="thinking about a long question", unit="steps"):
        if i == 2:
            GO_ON.wait(timeout=30)
        out += str(i)
        yield out


def shout(text, steps):
    return f"{text.upper()} x{int(steps)}"


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    with gr.Blocks() as demo:
        text = gr.Textbox(label="Text", elem_id="text")
        steps = gr.Slider(1, 10, 5, step=1, label="Steps")
        out = gr.Textbox(label="Result", elem_id="out")
        gr.Button("Shout", elem_id="shout").click(shout, [text, steps], out, api_name="shout")
        gr.Button("Think", elem_id="think").click(think, [text, steps], out, api_name="think")
    with serve(demo) as url:
        yield url


@contextmanager
def page_with(browser: Browser, **context: Any) -> Iterator[Page]:
    """A page in a fresh context made with these options (a colour scheme, clipboard
    permissions); on leaving, fail if the page logged a console error (as checked_page)."""
    ctx = browser.new_context(**context)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_default_timeout(20_000)
    try:
        yield page
    finally:
        ctx.close()
    assert errors == [], f"console errors on the page: {errors}"


def luminance(css_color: str) -> float:
    r, g, b = (int(x) for x in re.findall(r"\d+", css_color)[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


def body_colours(page: Page) -> tuple[float, float, str]:
    style = page.evaluate(
        """() => { const s = getComputedStyle(document.body);
        const root = getComputedStyle(document.documentElement);
        return [s.backgroundColor, s.color, root.colorScheme]; }"""
    )
    return luminance(style[0]), luminance(style[1]), style[2]


def test_the_page_follows_a_dark_system_setting(browser: Browser, app_url):
    with page_with(browser, color_scheme="dark") as page:
        open_app(page, app_url)
        bg, fg, scheme = body_colours(page)
        assert bg < 0.2 and fg > 0.8 and scheme == "dark"
        card = page.evaluate("getComputedStyle(document.querySelector('#out')).backgroundColor")
        assert luminance(card) < 0.25


def test_theme_dark_in_the_url_wins_over_a_light_system(browser: Browser, app_url):
    with page_with(browser, color_scheme="light") as page:
        open_app(page, app_url)
        bg, fg, _ = body_colours(page)
        assert bg > 0.9 and fg < 0.3
        open_app(page, app_url + "/?__theme=dark")
        bg, fg, scheme = body_colours(page)
        assert bg < 0.2 and fg > 0.8 and scheme == "dark"


def test_theme_light_in_the_url_wins_over_a_dark_system(browser: Browser, app_url):
    with page_with(browser, color_scheme="dark") as page:
        open_app(page, app_url + "/?__theme=light")
        bg, fg, scheme = body_colours(page)
        assert bg > 0.9 and fg < 0.3 and scheme == "light"


def open_api_panel(page: Page) -> None:
    page.click("[data-testid=use-via-api]")
    page.wait_for_selector("[data-testid=api-page][data-ready]")


def copy_snippet(page: Page, endpoint: str) -> str:
    section = page.locator(f"[data-testid=api-page] section[data-endpoint='{endpoint}']")
    section.locator("[data-testid=api-copy]").click()
    section.locator("[data-testid=api-copy]").filter(has_text="Copied").wait_for()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == section.locator("[data-testid=api-snippet]").inner_text()
    return copied


def test_the_api_panel_lists_each_endpoint_and_its_python_snippet_runs(browser: Browser, app_url):
    with page_with(browser, permissions=["clipboard-read", "clipboard-write"]) as page:
        open_app(page, app_url)
        footer = page.locator("footer.rillet-footer")
        assert "Use via API" in footer.inner_text() and "Built with rillet" in footer.inner_text()
        open_api_panel(page)
        panel = page.locator("[data-testid=api-page]")
        assert panel.locator("section[data-endpoint]").evaluate_all(
            "els => els.map(e => e.dataset.endpoint)"
        ) == ["/shout", "/think"]
        shout_section = panel.locator("section[data-endpoint='/shout']")
        assert "Accepts 2 parameters" in shout_section.inner_text()
        assert "Returns 1 element" in shout_section.inner_text()
        assert "text str" in shout_section.inner_text()
        python = copy_snippet(page, "/shout")
        assert "from gradio_client import Client" in python and 'api_name="/shout"' in python
        run = subprocess.run(
            [sys.executable, "-c", python], capture_output=True, text=True, timeout=60
        )
        assert run.returncode == 0, run.stderr
        assert run.stdout.strip().splitlines()[-1] == "HELLO!! x5"  # after "Loaded as API"

        panel.locator("[data-lang=javascript]").first.click()
        js = shout_section.locator("[data-testid=api-snippet]").inner_text()
        assert 'Client.connect("' in js and 'client.predict("/shout", {' in js

        panel.locator("button[data-lang=bash]").click()
        curl = copy_snippet(page, "/shout")
        assert f"{app_url}/gradio_api/call/shout" in curl
        assert '\'{"data":["Hello!!",5]}\'' in curl
        page.keyboard.press("Escape")
        panel.wait_for(state="hidden")


@pytest.fixture(scope="module")
def quiet_url() -> Iterator[str]:
    demo = gr.Interface(shout, ["text", "number"], "text")
    with serve(demo, footer_links=["gradio"]) as url:
        yield url


def test_footer_links_without_api_hide_the_api_link(page: Page, quiet_url):
    open_app(page, quiet_url)
    assert page.locator("footer.rillet-footer").inner_text() == "Built with rillet"
    assert page.locator("[data-testid=use-via-api]").count() == 0


def test_no_footer_links_no_footer(page: Page):
    demo = gr.Interface(shout, ["text", "number"], "text")
    with serve(demo, footer_links=[]) as url:
        open_app(page, url)
        assert page.locator("footer").count() == 0


def roll() -> str:
    return "six"


def test_an_output_only_interface_is_one_column_with_generate(page: Page):
    demo = gr.Interface(roll, inputs=None, outputs=gr.Textbox(label="Die", elem_id="die"))
    with serve(demo) as url:
        page.set_viewport_size({"width": 1280, "height": 800})
        open_app(page, url)
        layout = page.locator(".rillet-root").bounding_box()
        generate = page.get_by_role("button", name="Generate")
        die = page.locator("#die").bounding_box()
        assert layout and die and die["width"] > 0.9 * layout["width"]
        box = generate.bounding_box()
        assert box and box["y"] > die["y"] + die["height"]
        assert page.get_by_role("button", name="Submit").count() == 0
        generate.click()
        page.wait_for_function(
            "document.querySelector('#die [data-testid=textbox]').value === 'six'"
        )


def test_the_progress_line_sits_inside_its_output_unclipped(page: Page, app_url):
    GO_ON.clear()
    page.set_viewport_size({"width": 390, "height": 800})
    open_app(page, app_url)
    page.fill("#text [data-testid=textbox]", "hi")
    page.click("#think")
    desc = page.locator("#out .rillet-progress-desc")
    desc.filter(has_text="2/5 steps").wait_for()
    try:
        card = page.locator("#out").bounding_box()
        line = page.locator("#out .rillet-status-line").bounding_box()
        field = page.locator("#out [data-testid=textbox]").bounding_box()
        assert card and line and field
        assert card["x"] <= line["x"] and line["x"] + line["width"] <= card["x"] + card["width"]
        assert card["y"] <= line["y"] and line["y"] + line["height"] <= field["y"]
        # the whole description fits, or is cut with an ellipsis and kept as its title
        fits = desc.evaluate("el => el.scrollWidth <= el.clientWidth")
        assert fits or desc.get_attribute("title") == "thinking about a long question 2/5 steps"
        bar = page.locator("#out .rillet-progress").bounding_box()
        assert bar and abs(bar["y"] - card["y"]) <= 1 and bar["width"] <= card["width"]
    finally:
        GO_ON.set()
    page.locator("#out .rillet-status").wait_for(state="hidden")


def chat_log_height(page: Page) -> float:
    box = page.locator("[data-testid=chatbot]").bounding_box()
    assert box
    return box["height"]


@pytest.mark.parametrize("kind", ["blocks", "chat_interface"])
def test_fill_height_grows_the_chat_with_the_window(page: Page, kind: str):
    if kind == "blocks":
        with gr.Blocks(fill_height=True) as demo:
            gr.Markdown("# Fill")
            gr.Chatbot(scale=1)
            gr.Textbox(label="Message")
    else:
        demo = gr.ChatInterface(lambda message, history: message)
    with serve(demo) as url:
        page.set_viewport_size({"width": 1280, "height": 700})
        open_app(page, url)
        short = chat_log_height(page)
        page.set_viewport_size({"width": 1280, "height": 1100})
        log = "document.querySelector('[data-testid=chatbot]')"
        page.wait_for_function(f"{log}.getBoundingClientRect().height > {short + 300}")
        footer = page.locator("footer.rillet-footer").bounding_box()
        assert footer and footer["y"] + footer["height"] <= 1100
        assert page.evaluate("document.documentElement.scrollHeight") <= 1100


def test_view_api_in_the_url_opens_the_panel_with_the_apps_own_url(page: Page, app_url):
    open_app(page, app_url + "/?view=api&__theme=dark")
    page.wait_for_selector("[data-testid=api-page][data-ready]")
    python = page.locator("section[data-endpoint='/shout'] [data-testid=api-snippet]").inner_text()
    assert f'client = Client("{app_url}/")' in python
    page.click(".rillet-api-backdrop", position={"x": 10, "y": 10})
    page.locator("[data-testid=api-page]").wait_for(state="hidden")
