"""A page closed in real Chromium while its generator runs: once the grace period ends the
generator is closed (its ``finally`` runs) and the session and its files are deleted."""

from __future__ import annotations

import threading
import time

import pytest

import rillet as gr
from rillet.server.app import runtime
from rillet.testing import serve

from .conftest import open_app

GRACE = 0.5
CLOSED = threading.Event()


def endless():
    try:
        i = 0
        while True:
            time.sleep(0.05)
            i += 1
            yield f"tick {i}"
    finally:
        CLOSED.set()


@pytest.fixture(scope="module")
def app():
    demo = gr.Interface(endless, None, gr.Textbox(elem_id="out"))
    demo.settings.disconnect_grace = GRACE
    with serve(demo) as url:
        yield url, runtime(demo.server.app)


def test_closing_the_page_during_a_run_closes_the_generator(browser, app):
    url, rt = app
    CLOSED.clear()
    page = browser.new_page()
    open_app(page, url)
    page.get_by_role("button", name="Generate").click()
    page.wait_for_function(
        "(document.querySelector('#out [data-testid=textbox]') || {}).value?.startsWith('tick')"
    )
    (session,) = [s for s in rt.sessions.by_hash.values() if s.pending]
    folder = rt.store.root / session.files_key
    page.close()
    assert CLOSED.wait(GRACE + 10), "the generator's finally never ran"
    deadline = time.monotonic() + 10
    while rt.sessions.get(session.hash) is not None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert rt.sessions.get(session.hash) is None, "the session was kept"
    assert not folder.exists()
    assert not rt.queue.jobs
