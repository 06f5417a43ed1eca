"""Live inputs without sockets: the latest-wins feed, its time limit, the session's
one-frame-per-event log, and how ``live=True`` and ``.stream()`` wire an app."""

from __future__ import annotations

import asyncio
import json

import numpy as np

import rillet as gr
from rillet import protocol
from rillet.core import live
from rillet.core.live import LiveFeed
from rillet.core.session import Session

from . import aio


def test_a_chunk_replaces_the_one_still_waiting():
    async def main():
        feed = LiveFeed()
        for i in range(5):
            feed.push([i])
        first = await feed.next()
        feed.push(["late"])
        return first, await feed.next(), feed.received, feed.dropped

    assert aio.run(main()) == ([4], ["late"], 6, 4)


def test_close_ends_the_feed_even_with_a_chunk_waiting():
    async def main():
        feed = LiveFeed()
        waiter = asyncio.ensure_future(feed.next())
        await asyncio.sleep(0)
        feed.close()
        closed_while_waiting = await waiter
        feed.push([1])
        return closed_while_waiting, await feed.next()

    assert aio.run(main()) == (None, None)


def test_the_time_limit_and_the_idle_wait_end_the_feed(monkeypatch):
    monkeypatch.setattr(live, "IDLE", 0.05)

    async def main():
        limited = LiveFeed(time_limit=0.05)
        idle = LiveFeed()
        return await limited.next(), await idle.next(), limited.time_left(), idle.time_left()

    assert aio.run(main()) == (None, None, 0.0, None)


def test_a_live_events_log_keeps_one_frame_per_event():
    session = Session("s")
    session.begin("e")
    for i in range(100):
        session.send_latest(
            protocol.ProcessStreaming(event_id="e", output=protocol.output([i], is_generating=True))
        )
    # none was streamed yet: the newest overwrote the others in place
    assert len(session.entries) == 1
    assert json.loads(session.entries[0].frame[6:])["output"]["data"] == [99]
    session.delivered = session.entries[0].seq  # the client got it
    session.send_latest(
        protocol.ProcessStreaming(event_id="e", output=protocol.output([100], is_generating=True))
    )
    assert [len(e.frame) > 0 for e in session.entries] == [False, True]


def test_live_interface_wires_stream_and_change_events():
    demo = gr.Interface(
        lambda a, b: a, [gr.Image(sources=["webcam"], streaming=True), "text"], "image", live=True
    )
    deps = [d for d in demo.get_config()["dependencies"] if d["backend_fn"]]
    stream, change = deps
    assert (
        stream["connection"],
        stream["time_limit"],
        stream["stream_every"],
        stream["show_progress"],
    ) == ("stream", 30, 0.5, "hidden")
    assert [t[1] for t in stream["targets"]] == ["stream"]
    assert change["connection"] == "sse" and change["trigger_mode"] == "always_last"
    assert change["frontend"] == {"cancel_stale": True}
    assert [t[1] for t in change["targets"]] == ["change"]
    names = [
        c["props"].get("value") for c in demo.get_config()["components"] if c["type"] == "button"
    ]
    assert "Submit" not in names


def test_stream_listener_marks_the_input_streaming_with_gradios_defaults():
    with gr.Blocks() as demo:
        cam = gr.Image(sources="webcam")
        assert cam.streaming is False
        dep = cam.stream(lambda im: np.flipud(im), cam, gr.Image())
    assert cam.streaming is True
    config = dep.config()
    assert (
        config["connection"],
        config["show_progress"],
        config["trigger_mode"],
        config["stream_every"],
        config["time_limit"],
    ) == ("stream", "minimal", "multiple", 0.5, None)
    assert demo.get_config()["components"][0]["props"]["streaming"] is True


def test_interface_state_output_is_the_state_input():
    demo = gr.Interface(lambda s, x: (s, x), ["state", "text"], ["state", "text"])
    assert demo.output_components[0] is demo.input_components[0]


def test_a_chunk_sent_before_the_close_is_processed_and_later_ones_are_not():
    async def main():
        feed = LiveFeed()
        feed.push(["last words"])
        feed.close()
        feed.push(["after the close"])
        return await feed.next(), await feed.next()

    assert aio.run(main()) == (["last words"], None)
