"""A ``gr.load``-ed app's page: one tab per remote endpoint, and Run calls the remote app."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rillet.loading import load
from rillet.testing import serve
from tests.server.test_load import remote_app

from .conftest import open_app


@pytest.fixture(scope="module")
def loaded_url() -> Iterator[str]:
    with serve(remote_app()) as remote, serve(load(remote, src="gradio")) as url:
        yield url


def test_the_loaded_page_calls_the_remote_app(page, loaded_url) -> None:
    open_app(page, loaded_url)
    tabs = page.get_by_role("tab")
    assert [t.inner_text().strip() for t in tabs.all()] == ["greet", "count", "darken"]
    page.get_by_label("Name").fill("Ada")
    page.get_by_role("button", name="Run").click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=textbox]')]"
        ".some(e => (e.value ?? e.textContent) === 'Hello Ada')"
    )
    page.get_by_role("tab", name="count").click()
    page.get_by_role("button", name="Run").click()  # only the shown tab's Run is a button
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=textbox]')]"
        ".some(e => (e.value ?? e.textContent) === '2')"
    )
