"""Accordion and Sidebar over HTTP: their props in /config, gr.update(open=...) through
the queue, and their expand/collapse listeners."""

from __future__ import annotations

import httpx
import pytest
from gradio_client import Client

import rillet as gr
from rillet.testing import serve


@pytest.fixture(scope="module")
def app():
    with gr.Blocks() as demo:
        with gr.Sidebar(label="Tools", width=280, position="right") as side:
            gr.Markdown("tools")
        with gr.Accordion("Details", open=False) as acc:
            gr.Textbox()
        log = gr.Textbox()
        acc.expand(lambda: "expanded", None, log, api_name="expanded")
        side.collapse(lambda: "collapsed", None, log, api_name="collapsed")
        gr.Button().click(
            lambda: (gr.update(open=True), gr.update(open=False)),
            None,
            [acc, side],
            api_name="flip",
        )
    with serve(demo) as url:
        client = Client(url + "/", verbose=False)
        yield url, client
        client.close()


def test_config(app):
    url, _ = app
    config = httpx.get(url + "/config").json()
    by_type = {c["type"]: c for c in config["components"]}
    assert by_type["accordion"]["props"]["label"] == "Details"
    assert by_type["accordion"]["props"]["open"] is False
    side = by_type["sidebar"]["props"]
    assert (side["label"], side["open"], side["width"], side["position"]) == (
        "Tools",
        True,
        280,
        "right",
    )
    events = {tuple(t) for d in config["dependencies"] for t in d["targets"]}
    assert (by_type["accordion"]["id"], "expand") in events
    assert (by_type["sidebar"]["id"], "collapse") in events


def test_updates_open_reach_the_page(app, sse_for):
    url, _ = app
    config = httpx.get(url + "/config").json()
    (flip,) = [d for d in config["dependencies"] if d["api_name"] == "flip"]
    messages = [msg for _, msg in sse_for(url).run(flip["id"], [])]
    (done,) = [m for m in messages if m["msg"] == "process_completed"]
    assert done["success"] is True
    assert done["output"]["data"] == [
        {"__type__": "update", "open": True},
        {"__type__": "update", "open": False},
    ]


def test_listeners_run(app):
    _, client = app
    assert client.predict(api_name="/expanded") == "expanded"
    assert client.predict(api_name="/collapsed") == "collapsed"
