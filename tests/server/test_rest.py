"""Gradio's two-step REST API (``POST /gradio_api/call/<name>``, then ``GET`` its events):
whole values in every ``generating`` event, ``complete`` and ``error`` as Gradio sends them,
inputs the API skips filled in, and an event readable only through its own id."""

from __future__ import annotations

import httpx

import rillet as gr
from rillet.testing import serve
from tests.server.conftest import SSE


def count(text: str, button: str | None):
    assert button is None  # the API skips the button: None, as in Gradio
    for i in range(1, 4):
        yield text * i


def fail(text: str) -> str:
    raise gr.Error(f"no {text}")


def app() -> gr.Blocks:
    with gr.Blocks() as demo:
        box, out, btn = gr.Textbox(), gr.Textbox(), gr.Button()
        btn.click(count, [box, btn], out, api_name="count")
        box.submit(fail, box, out, api_name="fail")
        box.change(str.upper, box, out, api_name=False)
    return demo


def events(text: str) -> list[tuple[str, str]]:
    pairs = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.split("\n"))
        pairs.append((lines["event"], lines["data"]))
    return pairs


def call(http: httpx.Client, url: str, name: str, data: list) -> tuple[int, str]:
    posted = http.post(f"{url}/gradio_api/call/{name}", json={"data": data})
    if posted.status_code != 200:
        return posted.status_code, posted.text
    event_id = posted.json()["event_id"]
    got = http.get(f"{url}/gradio_api/call/{name}/{event_id}")
    return got.status_code, got.text


def test_a_generator_sends_whole_values_then_complete():
    with serve(app()) as url, httpx.Client(timeout=30) as http:
        status, text = call(http, url, "count", ["ab"])
        assert status == 200
        assert events(text) == [
            ("generating", '["ab"]'),
            ("generating", '["abab"]'),
            ("generating", '["ababab"]'),
            ("complete", '["ababab"]'),
        ]


def test_errors_unknown_and_private_endpoints():
    with serve(app()) as url, httpx.Client(timeout=30) as http:
        status, text = call(http, url, "fail", ["x"])
        assert status == 200 and events(text) == [("error", '"no x"')]
        assert call(http, url, "nothing", ["x"])[0] == 404
        assert call(http, url, "upper", ["x"])[0] == 404  # api_name=False: private
        assert http.post(f"{url}/gradio_api/call/count", json={"data": "x"}).status_code == 422


def test_a_page_sessions_event_cannot_be_read_through_rest():
    with serve(app()) as url, httpx.Client(timeout=30) as http:
        sse = SSE(url)
        event_id = sse.join(0, ["secret", None])
        assert http.get(f"{url}/gradio_api/call/count/{event_id}").status_code == 404
        list(sse.messages())
