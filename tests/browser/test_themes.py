"""Themes drawn in real Chromium: the theme's values reach the page's variables and its
buttons, light and dark (``?__theme=dark``), and .set() values win."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

import rillet as gr
import rillet.themes as themes
from rillet.testing import serve

from .conftest import checked_page, open_app


def make_app() -> gr.Blocks:
    with gr.Blocks() as demo:
        gr.Textbox(label="name", elem_id="name")
        with gr.Row():
            gr.Button("Go", variant="primary", elem_id="go")
            gr.Button("Clear", elem_id="clear")
            gr.Button("Stop", variant="stop", elem_id="stop")
    return demo


def css_var(page: Page, name: str) -> str:
    return page.evaluate(
        f"getComputedStyle(document.documentElement).getPropertyValue('{name}').trim()"
    )


def style_of(page: Page, selector: str, prop: str) -> str:
    return page.locator(selector).evaluate(f"el => getComputedStyle(el)['{prop}']")


@pytest.fixture(scope="module")
def soft_app():
    theme = themes.Soft().set(
        body_background_fill="#fdf4ff",
        body_background_fill_dark="#111111",
        button_secondary_background_fill="*primary_100",
    )
    with serve(make_app(), theme=theme) as url:
        yield url


def test_soft_light(browser: Browser, soft_app: str) -> None:
    with checked_page(browser) as page:
        open_app(page, soft_app)
        assert css_var(page, "--rillet-primary") == "#6366f1"
        assert style_of(page, "body", "backgroundColor") == "rgb(253, 244, 255)"  # .set()
        button = "#go button, button#go"
        assert style_of(page, button, "backgroundColor") == "rgb(99, 102, 241)"
        assert style_of(page, "#clear button, button#clear", "backgroundColor") == (
            "rgb(224, 231, 255)"  # *primary_100
        )
        assert style_of(page, "body", "fontFamily").startswith("Montserrat")


def test_soft_dark(browser: Browser, soft_app: str) -> None:
    with checked_page(browser) as page:
        open_app(page, soft_app + "/?__theme=dark")
        assert css_var(page, "--rillet-primary") == "#4f46e5"
        assert style_of(page, "body", "backgroundColor") == "rgb(17, 17, 17)"
        assert page.evaluate("document.body.classList.contains('dark')")


def test_ocean_draws_gradient_buttons_and_round_corners(browser: Browser) -> None:
    with serve(make_app(), theme="ocean") as url, checked_page(browser) as page:
        open_app(page, url)
        go = "#go button, button#go"
        assert "linear-gradient" in style_of(page, go, "backgroundImage")
        # the field sits in Gradio's Form, which carries the theme's corners
        assert style_of(page, ".rillet-form:has(#name)", "borderTopLeftRadius") == "10px"


def test_monochrome_draws_black_buttons_and_square_corners(browser: Browser) -> None:
    with serve(make_app(), theme=themes.Monochrome()) as url, checked_page(browser) as page:
        open_app(page, url)
        assert style_of(page, "#go button, button#go", "backgroundColor") == "rgb(23, 23, 23)"
        assert style_of(page, ".rillet-form:has(#name)", "borderTopLeftRadius") == "0px"
