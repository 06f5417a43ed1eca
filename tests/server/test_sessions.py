"""Sessions are isolated; several outputs per yield; heartbeats while a generator sleeps."""

from __future__ import annotations

import threading

import httpx
import pytest

import rillet as gr
from rillet.testing import serve

from .conftest import SSE

RELEASE = threading.Event()


def two_outputs(n):
    for i in range(int(n)):
        yield str(i), {"step": i}


def waits():
    RELEASE.wait(10)
    yield "released"


@pytest.fixture(scope="module")
def url():
    with gr.Blocks() as demo:
        n, text, data = gr.Number(), gr.Textbox(), gr.JSON()
        b = gr.Button()
        b.click(two_outputs, n, [text, data])
        b.click(waits, None, text, concurrency_limit=None)
    demo.settings.heartbeat = 0.2
    with serve(demo) as u:
        yield u
    RELEASE.set()


def test_a_tuple_yield_updates_several_outputs(url):
    reader = SSE(url)
    got = [m for _, m in reader.run(0, [3])]
    final = next(m for m in got if m["msg"] == "process_completed")
    assert final["output"]["data"] == ["2", {"step": 2}]
    gens = [m["output"]["data"] for m in got if m["msg"] == "process_generating"]
    assert gens[0] == ["0", {"step": 0}]
    assert gens[1] == [[["replace", [], "1"]], [["replace", ["step"], 1]]]


def test_another_session_sees_nothing_and_cannot_cancel(url):
    RELEASE.clear()
    owner, stranger = SSE(url), SSE(url)
    event_id = owner.join(1, [])
    r = httpx.post(
        f"{url}/gradio_api/cancel",
        json={"session_hash": stranger.session_hash, "event_id": event_id, "fn_index": 1},
    )
    assert r.json() == {"success": False}
    strangers = [m for _, m in stranger.messages()]
    assert [m["msg"] for m in strangers] == ["unexpected_error"]
    RELEASE.set()
    owners = [m for _, m in owner.messages()]
    final = next(m for m in owners if m["msg"] == "process_completed")
    assert final["output"]["data"] == ["released"], "the stranger's cancel took effect"


def test_heartbeats_flow_while_a_generator_is_silent(url):
    RELEASE.clear()
    reader = SSE(url)
    reader.join(1, [])
    beats = 0
    for _, msg in reader.messages():
        if msg["msg"] == "heartbeat":
            beats += 1
            if beats == 2:
                RELEASE.set()
    assert beats >= 2
