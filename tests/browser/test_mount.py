"""The page of an app mounted in a FastAPI service (``mount_gradio_app``) works under the
mount path: it loads, runs a streamed event and shows the result."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.server.test_mount import host_app, make_demo, serve_asgi

from .conftest import open_app

pytest.importorskip("fastapi")


@pytest.fixture(scope="module")
def mounted() -> Iterator[str]:
    with serve_asgi(host_app(make_demo(), server_name="127.0.0.1")) as url:
        yield url


def test_the_mounted_page_runs_a_streamed_event(page, mounted) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    open_app(page, mounted + "/demo/")
    page.fill("#n input", "4")
    page.click("#go")
    page.wait_for_function(
        "(document.querySelector('#out [data-testid=textbox]') || {}).value === '3'"
    )
    api = [u for u in requests if "/gradio_api/" in u]
    assert api and all(u.startswith(mounted + "/demo/") for u in api), api
