"""The page shows a progress bar for ``gr.Progress`` (a plain tqdm bar too), and a
waiting event's queue position with an ETA."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Browser, Page
from tqdm import tqdm

import rillet as gr
from rillet.testing import serve

from .conftest import checked_page, open_app


@pytest.fixture(scope="module")
def tqdm_app():
    def work(n, progress=gr.Progress(track_tqdm=True)):
        for _ in tqdm(range(int(n)), desc="denoising", mininterval=0):
            time.sleep(0.2)
        return f"{n} steps done"

    with gr.Blocks() as demo:
        n = gr.Number(value=6)
        out = gr.Textbox(elem_id="out")
        gr.Button("Go", elem_id="go").click(work, n, out)
    with serve(demo) as url:
        yield url


def status_text(page: Page) -> str:
    return page.locator("#out .rillet-status-time").inner_text()


def test_a_tqdm_bar_shows_as_a_progress_bar(page: Page, tqdm_app):
    open_app(page, tqdm_app)
    page.click("#go")
    desc = page.locator("#out .rillet-progress-desc")
    desc.filter(has_text=re.compile(r"denoising [1-5]/6")).wait_for()
    width = page.evaluate(
        "parseFloat(document.querySelector('#out .rillet-progress-fill').style.width)"
    )
    assert 0 < width < 100
    page.wait_for_function(
        "document.querySelector('#out [data-testid=textbox]').value === '6 steps done'"
    )
    assert page.locator("#out .rillet-status").is_hidden()


def test_a_waiting_event_shows_its_position_and_eta(browser: Browser, page: Page, tqdm_app):
    open_app(page, tqdm_app)
    page.fill("input[type=number]", "2")
    page.click("#go")  # one run, so the server knows how long a run takes
    page.wait_for_function(
        "document.querySelector('#out [data-testid=textbox]').value === '2 steps done'"
    )
    page.fill("input[type=number]", "6")
    with checked_page(browser) as other:
        open_app(other, tqdm_app)
        page.click("#go")
        page.locator("#out .rillet-progress-desc").filter(has_text="denoising").wait_for()
        other.click("#go")
        other.locator("#out .rillet-status-time").filter(
            has_text=re.compile(r"queued 1/1 \| \d+\.\d/\d+\.\ds")
        ).wait_for()
        other.wait_for_function(
            "document.querySelector('#out [data-testid=textbox]').value === '6 steps done'",
            timeout=20_000,
        )
