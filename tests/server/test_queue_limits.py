"""Queue admission: max_size gives 503; bad joins get clear 4xx errors."""

from __future__ import annotations

import threading

import httpx
import pytest

import rillet as gr
from rillet.testing import serve

RELEASE = threading.Event()


def hold():
    RELEASE.wait(20)
    yield "done"


@pytest.fixture(scope="module")
def url():
    with gr.Blocks() as demo:
        out = gr.Textbox()
        gr.Button().click(hold, None, out)
    demo.queue(max_size=1)
    with serve(demo) as u:
        yield u
    RELEASE.set()


def join(url, session="s"):
    return httpx.post(
        f"{url}/gradio_api/queue/join", json={"data": [], "fn_index": 0, "session_hash": session}
    )


def test_join_past_max_size_is_refused_with_503(url):
    RELEASE.clear()
    assert join(url, "a").status_code == 200  # running
    assert join(url, "b").status_code == 200  # waiting: the queue is now full
    full = join(url, "c")
    assert full.status_code == 503
    assert "Queue is full" in full.json()["detail"]
    RELEASE.set()


@pytest.mark.parametrize(
    "body,status",
    [
        ({"data": [], "fn_index": 99, "session_hash": "s"}, 404),
        ({"data": [], "fn_index": 0}, 400),
        ({"data": "nope", "fn_index": 0, "session_hash": "s"}, 422),
    ],
)
def test_bad_joins_get_clear_errors(url, body, status):
    r = httpx.post(f"{url}/gradio_api/queue/join", json=body)
    assert r.status_code == status
    assert r.json()["detail"]
