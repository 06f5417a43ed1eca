"""A new streaming output is one interface: a toy "log" output, written here against
:class:`rillet.core.contract.OutputStream` alone, served by a real server, read by httpx and
by gradio_client.

Each value the function yields is one more line of the log; the client is sent only that
line (an ``add`` edit), never the lines it already has, and the final value is every line.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from gradio_client import Client

import rillet as gr
from rillet.core.contract import UNCHANGED, Finish, Policy, Run
from rillet.testing import serve

LINES = 12


class LogLines:
    """One more line per value: sent as that line alone, kept in full for the final value."""

    policy: Policy = "keep"  # every line counts: none may be merged away
    heavy = False
    holds_files = False

    def __init__(self) -> None:
        self.value: list[str] = []

    def prepare(self, value: Any) -> Any:
        line = str(value).rstrip("\n")
        return line if line else UNCHANGED  # an empty line adds nothing

    def commit(self, payload: Any) -> Any:
        self.value.append(payload)
        return [["add", [len(self.value) - 1], payload]]

    def finish(self) -> Finish | None:
        return None


class Log(gr.JSON):
    """A JSON list of lines, streamed as :class:`LogLines`."""

    def get_block_name(self) -> str:
        return "json"  # drawn by the JSON component's page module

    def output_stream(self, run: Run) -> LogLines:
        return LogLines()


def steps():
    for i in range(LINES):
        yield f"step {i}\n"
        if i == 2:
            yield ""  # nothing to add: no message
            yield gr.skip()  # the log left as it is: no message


@pytest.fixture(scope="module")
def app():
    with gr.Blocks() as demo:
        log = Log()
        gr.Button().click(steps, None, log, api_name="steps")
    with serve(demo) as url:
        yield url


def fn_index(url: str) -> int:
    config = httpx.get(url + "/config").json()
    return next(d["id"] for d in config["dependencies"] if d.get("api_name") == "steps")


def test_each_yield_sends_only_its_line(app, sse_for):
    messages = [m for _, m in sse_for(app).run(fn_index(app), [])]
    generating = [m["output"]["data"] for m in messages if m["msg"] == "process_generating"]
    assert generating[0] == [["step 0"]]  # the first message: the whole value
    assert generating[1:] == [[[["add", [i], f"step {i}"]]] for i in range(1, LINES)]
    done = next(m for m in messages if m["msg"] == "process_completed")
    assert done["success"] is True
    assert done["output"]["data"] == [[f"step {i}" for i in range(LINES)]]


def test_gradio_client_sees_the_log_grow_line_by_line(app):
    client = Client(app + "/", verbose=False)
    try:
        job = client.submit(api_name="/steps")
        final = job.result(timeout=30)
        seen = job.outputs()
    finally:
        client.close()
    lines = [f"step {i}" for i in range(LINES)]
    assert final == lines
    assert seen == [lines[: i + 1] for i in range(LINES)]  # one output per line, none twice
