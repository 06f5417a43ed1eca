"""A multipage app (``demo.route()``) in real Chromium: each page draws only its blocks,
the navbar links the pages and navigates between them, a page's ``load`` runs on it."""

from __future__ import annotations

import pytest

import rillet as gr
from rillet.components.navbar import Navbar
from rillet.testing import serve

from .conftest import open_app

LINKS = "() => [...document.querySelectorAll('{} a')].map(a => a.textContent).join()"


@pytest.fixture(scope="module")
def app_url():
    with gr.Blocks() as demo:
        name = gr.Textbox(label="Name", elem_id="name")
        out = gr.Textbox(label="Out", elem_id="out")
        gr.Button("Greet", elem_id="greet").click(lambda n: "Hello " + n, name, out)
    with demo.route("Up") as up:
        num = gr.Number(label="Count", elem_id="count")
        up.load(lambda: 20, None, num)
        gr.Button("Inc", elem_id="inc").click(lambda x: x + 1, num, num)
    with demo.route("Hidden", "secret", show_in_navbar=False):
        Navbar(value=[("Docs", "https://example.com/docs")], main_page_name="Start", elem_id="own")
        gr.Markdown("Secret page", elem_id="secret")
    with serve(demo) as url:
        yield url


def test_home_shows_its_blocks_and_a_navbar_of_the_pages(page, app_url):
    open_app(page, app_url + "/")
    assert page.locator("#name").count() == 1
    assert page.locator("#count, #inc, #secret").count() == 0
    bar = ".rillet-page-navbar"
    assert page.evaluate(LINKS.format(bar)) == "Home,Up"  # "Hidden": not in the navbar
    assert page.get_attribute(f"{bar} a[aria-current=page]", "href") == app_url + "/"
    page.fill("#name textarea", "Ada")
    page.click("#greet")
    page.wait_for_function("document.querySelector('#out').textContent.includes('Hello Ada')")


def test_the_navbar_navigates_and_the_page_load_runs(page, app_url):
    open_app(page, app_url + "/")
    page.click(".rillet-page-navbar a:text('Up')")
    page.wait_for_url(app_url + "/up")
    page.wait_for_function("document.body.dataset.rilletReady === '1'")
    page.wait_for_function("document.querySelector('#count input')?.value === '20'")
    assert page.locator("#name, #secret").count() == 0
    assert page.get_attribute(".rillet-page-navbar a[aria-current=page]", "href") == (
        app_url + "/up"
    )
    page.click("#inc")
    page.wait_for_function("document.querySelector('#count input')?.value === '21'")
    page.click(".rillet-page-navbar a:text('Home')")
    page.wait_for_url(app_url + "/")
    page.wait_for_function("document.body.dataset.rilletReady === '1'")
    assert page.locator("#name").count() == 1
    assert page.locator("#count").count() == 0


def test_a_page_with_its_own_navbar_draws_that_one(page, app_url):
    open_app(page, app_url + "/secret")
    assert page.locator("#secret").count() == 1
    assert page.locator(".rillet-page-navbar").count() == 0
    assert page.evaluate(LINKS.format("#own")) == "Start,Up,Docs"
    assert page.get_attribute("#own a:text('Docs')", "target") == "_blank"
    assert page.get_attribute("#own a:text('Start')", "href") == app_url + "/"
