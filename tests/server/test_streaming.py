"""Yields reach the client as they are made, as diffs, and survive a reconnect."""

from __future__ import annotations

import itertools
import time

import pytest

import rillet as gr
from rillet.testing import serve

STEP = 0.3


def slow_tokens(n):
    for i in range(int(n)):
        time.sleep(STEP)
        yield "".join(f"tok{j} " for j in range(i + 1))


@pytest.fixture(scope="module")
def text_app():
    with gr.Blocks() as demo:
        n = gr.Number(value=3)
        out = gr.Textbox()
        go = gr.Button("Go")
        go.click(slow_tokens, n, out)

        def fast(n):
            text = ""
            for i in range(int(n)):
                text += f"t{i} "
                yield text

        go.click(fast, n, out, api_name="fast", concurrency_limit=None)
    with serve(demo) as url:
        yield url


def test_yields_arrive_spaced_in_time_not_all_at_the_end(text_app, sse_for):
    got = sse_for(text_app).run(0, [4])
    times = [t for t, m in got if m["msg"] == "process_generating"]
    done = next(t for t, m in got if m["msg"] == "process_completed")
    assert len(times) == 4
    # each yield is sent when it is made: the first long before the end
    assert done - times[0] >= 2.5 * STEP
    assert all(b - a >= 0.5 * STEP for a, b in itertools.pairwise(times))


def test_later_yields_are_append_diffs_and_completion_is_full(text_app, sse_for):
    got = [m for _, m in sse_for(text_app).run(0, [3])]
    gens = [m for m in got if m["msg"] == "process_generating"]
    assert gens[0]["output"]["data"] == ["tok0 "]
    assert gens[1]["output"]["data"] == [[["append", [], "tok1 "]]]
    final = next(m for m in got if m["msg"] == "process_completed")
    assert final["success"] is True
    assert final["output"]["data"] == ["tok0 tok1 tok2 "]
    assert [m["msg"] for m in got][:2] == ["estimation", "process_starts"]
    assert got[-1]["msg"] == "close_stream"


def test_reconnect_with_last_seq_loses_nothing(text_app, sse_for):
    reader = sse_for(text_app)
    reader.join(0, [5])
    first_part = []
    for _, msg in reader.messages():
        first_part.append(msg)
        if msg["msg"] == "process_generating":
            break  # drop the connection mid-stream
    rest = [m for _, m in reader.messages(last_seq=first_part[-1]["seq"])]
    seqs = [m["seq"] for m in first_part + rest]
    assert seqs == list(range(1, len(seqs) + 1)), "a gap or a repeat in the sequence"
    text = None
    from rillet.core import diff

    for m in first_part + rest:
        if m["msg"] == "process_generating":
            data = m["output"]["data"][0]
            text = data if text is None else diff.apply(text, data)
    final = next(m for m in rest if m["msg"] == "process_completed")
    assert text == final["output"]["data"][0] == "".join(f"tok{j} " for j in range(5))


def test_fast_generator_output_is_complete_whatever_is_merged(text_app, sse_for):
    got = [m for _, m in sse_for(text_app).run(1, [2000])]
    from rillet.core import diff

    text = None
    for m in got:
        if m["msg"] == "process_generating":
            data = m["output"]["data"][0]
            text = data if text is None else diff.apply(text, data)
    expected = "".join(f"t{i} " for i in range(2000))
    assert text == expected
    assert next(m for m in got if m["msg"] == "process_completed")["output"]["data"] == [expected]


def test_events_of_one_session_share_one_stream(text_app, sse_for):
    reader = sse_for(text_app)
    first = reader.join(1, [3])
    second = reader.join(1, [2])
    got = [m for _, m in reader.messages()]
    done = {m["event_id"] for m in got if m["msg"] == "process_completed"}
    assert done == {first, second}
    assert [m["msg"] for m in got].count("close_stream") == 1


def test_second_event_waits_its_turn_with_a_position(text_app, sse_for):
    a, b = sse_for(text_app), sse_for(text_app)
    a.join(0, [2])
    joined = time.monotonic()
    b.join(0, [1])
    got_b = list(b.messages())
    est = next(m for _, m in got_b if m["msg"] == "estimation")
    assert est["rank"] == 0 and est["queue_size"] == 1  # first in line behind a's run
    started = next(t for t, m in got_b if m["msg"] == "process_starts")
    assert started - joined >= 1.5 * STEP, "b started before a's run (2 steps) ended"
    list(a.messages())
