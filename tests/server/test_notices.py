"""``gr.Info``, ``gr.Warning``, ``gr.Success`` from an event function reach its user as
``log`` messages, in order with the function's results, also when the function runs ahead
of what was sent; outside an event a warning goes through Python's warnings."""

from __future__ import annotations

import time
import warnings

import rillet as gr
from rillet.testing import serve
from tests.server.conftest import SSE


def steps(n: int):
    gr.Info("starting")
    for i in range(int(n)):
        yield str(i)
        gr.Warning(f"after {i}", duration=None)
    time.sleep(0.05)
    gr.Success("done", title="Finished")


def plain(text: str) -> str:
    gr.Info(f"got {text}")
    return text.upper()


def app() -> gr.Blocks:
    with gr.Blocks() as demo:
        box, out = gr.Textbox(), gr.Textbox()
        box.submit(steps, box, out, api_name="steps")
        box.change(plain, box, out, api_name="plain")
    return demo


def sequence(messages: list[dict]) -> list[str]:
    out = []
    for m in messages:
        if m["msg"] == "log":
            out.append(f"{m['level']}:{m['log']}")
        elif m["msg"] in ("process_generating", "process_completed"):
            out.append(m["msg"])
    return out


def test_notices_come_in_order_with_the_yields():
    with serve(app()) as url:
        messages = [m for _, m in SSE(url).run(0, ["3"])]
    logs = [m for m in messages if m["msg"] == "log"]
    assert {m["event_id"] for m in logs} == {messages[-2]["event_id"]}
    assert sequence(messages) == [
        "info:starting",
        "process_generating",
        "warning:after 0",
        "process_generating",
        "warning:after 1",
        "process_generating",
        "warning:after 2",
        "success:done",
        "process_completed",
    ]
    warning = next(m for m in logs if m["level"] == "warning")
    assert warning["duration"] is None and warning["title"] == "Warning"
    assert next(m for m in logs if m["level"] == "success")["title"] == "Finished"


def test_a_plain_function_notice_comes_before_its_result():
    with serve(app()) as url:
        messages = [m for _, m in SSE(url).run(1, ["hi"])]
    assert sequence(messages) == ["info:got hi", "process_completed"]


def test_outside_an_event_a_warning_is_a_python_warning():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gr.Warning("careful")
        gr.Info("fine")
    assert [str(w.message) for w in caught] == ["careful"]
