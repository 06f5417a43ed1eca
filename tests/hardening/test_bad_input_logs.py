"""Odd input gets a clear 4xx and leaves the log short: a ``last_seq`` of non-ASCII digits
was a 500 with a traceback, and a 1.9 KB join nesting 900 lists wrote a 160 KB
RecursionError traceback per request."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator

import httpx
import pytest

import rillet as gr
from rillet.server.bodies import MAX_DEPTH
from rillet.testing import serve

from .conftest import completed, messages, run

#: Loggers a request can write to: the app's and uvicorn's (which logs 500s).
LOGGERS = ("rillet", "uvicorn", "uvicorn.error")


class Tally(logging.Handler):
    """Counts the characters of every record, tracebacks included, as a log file would."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        self.chars = 0
        self.records = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.chars += len(self.format(record)) + 1
        self.records += 1


@pytest.fixture
def tally() -> Iterator[Tally]:
    handler = Tally()
    for name in LOGGERS:
        logging.getLogger(name).addHandler(handler)
    yield handler
    for name in LOGGERS:
        logging.getLogger(name).removeHandler(handler)


@pytest.fixture(scope="module")
def url():
    with gr.Blocks() as demo:
        gr.Button().click(lambda x: str(x)[:20], gr.JSON(), gr.Textbox())
        cam = gr.Image(sources="webcam")
        cam.stream(lambda im: im, cam, gr.Image(), time_limit=60)
    with serve(demo) as u:
        yield u


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(
    "raw", ["%C2%B2", "%D9%A1", "1e3", "0x10", "%201", "abc", "1.5", "9" * 5000, "--1", "%EF%BC%91"]
)
def test_a_bad_last_seq_is_a_clear_422(url, tally, raw):
    r = httpx.get(f"{url}/gradio_api/queue/data?session_hash=a&last_seq={raw}", timeout=30)
    assert r.status_code == 422, (r.status_code, r.text[:200])
    assert "last_seq" in r.json()["detail"]
    assert tally.records == 0


def test_an_empty_or_whole_last_seq_still_resumes(url):
    session = uuid.uuid4().hex
    msgs = run(url, session, 0, [{"a": 1}])
    assert completed(msgs)["success"] is True
    seqs = [m["seq"] for m in msgs if "seq" in m]
    again = list(messages(url, session, last_seq=seqs[0]))
    assert [m["seq"] for m in again if "seq" in m] == seqs[1:]
    r = httpx.get(f"{url}/gradio_api/queue/data?session_hash=nobody&last_seq=", timeout=30)
    assert r.status_code == 200 and "session_not_found" in r.text


def test_fifty_deeply_nested_joins_leave_the_log_short(url, tally):
    body = f'{{"fn_index": 0, "session_hash": "deep", "data": [{nested(900)}]}}'
    assert 1800 < len(body) < 2000  # the 1.9 KB join
    with httpx.Client(timeout=30) as http:
        for _ in range(50):
            r = http.post(
                f"{url}/gradio_api/queue/join",
                content=body,
                headers={"content-type": "application/json"},
            )
            assert r.status_code == 422, r.text
            assert "nested too deeply" in r.json()["detail"]
    assert tally.chars < 4096, f"{tally.chars} characters of log for 50 bad joins"
    final = completed(run(url, uuid.uuid4().hex, 0, [{"still": "answers"}]))
    assert final["output"]["data"] == ["{'still': 'answers'}"]


def test_nesting_up_to_the_limit_is_taken(url):
    # the join object and its data list are two levels: the value may nest the rest
    value = nested(MAX_DEPTH - 2)
    body = f'{{"fn_index": 0, "session_hash": "{uuid.uuid4().hex}", "data": [{value}]}}'
    r = httpx.post(
        f"{url}/gradio_api/queue/join", content=body, headers={"content-type": "application/json"}
    )
    assert r.status_code == 200, r.text
    body = body.replace(value, nested(MAX_DEPTH - 1))
    r = httpx.post(
        f"{url}/gradio_api/queue/join", content=body, headers={"content-type": "application/json"}
    )
    assert r.status_code == 422


@pytest.mark.parametrize("route", ["stream/e", "cancel", "reset", "stream/e/close"])
def test_every_json_route_refuses_deep_bodies(url, tally, route):
    body = f'{{"session_hash": "s", "data": [{nested(5000)}]}}'
    r = httpx.post(
        f"{url}/gradio_api/{route}",
        content=body,
        headers={"content-type": "application/json"},
        timeout=30,
    )
    assert r.status_code == 422 and "nested" in r.json()["detail"]
    deep_object = '{"a":' * 100 + "1" + "}" * 100
    r = httpx.post(
        f"{url}/gradio_api/{route}",
        content=deep_object,
        headers={"content-type": "application/json"},
        timeout=30,
    )
    assert r.status_code == 422
    assert tally.records == 0
