"""``gr.Progress`` reaches the client: fractions, ``progress.tqdm`` and plain ``tqdm`` bars
(``track_tqdm=True``); waiting events hear their position and an ETA once one is known."""

from __future__ import annotations

import threading
import time

import pytest
from tqdm import tqdm

import rillet as gr
from rillet.testing import serve


@pytest.fixture(scope="module")
def progress_app():
    gate = threading.Event()

    def fraction(x, progress=gr.Progress()):
        progress(0.25, desc="a quarter")
        time.sleep(0.1)
        progress(0.75, desc="three quarters")
        return x

    def steps(n, progress=gr.Progress()):
        for _ in progress.tqdm(range(int(n)), desc="counting"):
            time.sleep(0.05)
        return "done"

    def tracked(n, progress=gr.Progress(track_tqdm=True)):
        for _ in tqdm(range(int(n)), desc="tqdm bar", mininterval=0):
            time.sleep(0.12)
        return "done"

    def untracked(n):
        for _ in tqdm(range(int(n)), mininterval=0):
            pass
        return "quiet"

    def waits(x):
        gate.wait(10)
        return x

    with gr.Blocks() as demo:
        box, out = gr.Textbox(), gr.Textbox()
        gr.Button().click(fraction, box, out, api_name="fraction")
        gr.Button().click(steps, box, out, api_name="steps")
        gr.Button().click(tracked, box, out, api_name="tracked")
        gr.Button().click(untracked, box, out, api_name="untracked")
        gr.Button().click(waits, box, out, api_name="waits")
    with serve(demo) as url:
        yield url, gate


def progress_of(messages: list[tuple[float, dict]]) -> list[dict]:
    return [m["progress_data"][0] for _, m in messages if m["msg"] == "progress"]


def test_fractions_and_descriptions_arrive(progress_app, sse_for):
    got = progress_of(sse_for(progress_app[0]).run(0, ["x"]))
    assert [(p["progress"], p["desc"]) for p in got] == [
        (0.25, "a quarter"),
        (0.75, "three quarters"),
    ]


def test_progress_tqdm_reports_every_step(progress_app, sse_for):
    got = progress_of(sse_for(progress_app[0]).run(1, ["3"]))
    assert [(p["index"], p["length"], p["desc"]) for p in got] == [
        (0, 3, "counting"),
        (1, 3, "counting"),
        (2, 3, "counting"),
        (3, 3, "counting"),
    ]


def test_a_plain_tqdm_bar_is_tracked_when_asked(progress_app, sse_for):
    got = progress_of(sse_for(progress_app[0]).run(2, ["4"]))
    assert got, "no progress from the tqdm bar"
    assert all(p["length"] == 4 and p["desc"] == "tqdm bar" for p in got)
    assert [p["index"] for p in got] == sorted(p["index"] for p in got)
    assert got[-1]["index"] == 4
    # a function that did not ask is not tracked, even after the hook is in place
    assert progress_of(sse_for(progress_app[0]).run(3, ["50"])) == []


def test_waiting_events_get_their_position_and_an_eta(progress_app, sse_for):
    url, gate = progress_app
    gate.set()
    sse_for(url).run(4, ["warm"])  # one finished run: its duration makes the ETA
    gate.clear()
    first, second = sse_for(url), sse_for(url)
    first.join(4, ["a"])
    second.join(4, ["b"])
    estimation = None
    for _, msg in second.messages():
        if msg["msg"] == "estimation" and estimation is None:
            estimation = msg
            gate.set()
    assert estimation["rank"] == 0 and estimation["queue_size"] == 1
    assert isinstance(estimation["rank_eta"], float) and estimation["rank_eta"] > 0
    list(first.messages())
