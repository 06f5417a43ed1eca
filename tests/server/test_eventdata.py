"""Event data over HTTP: the ``event_data`` and ``trigger_id`` of a ``queue/join`` reach the
function's ``gr.SelectData`` parameter; gradio_client (which sends none) gets None fields,
and the API lists no parameter for it."""

from __future__ import annotations

from gradio_client import Client

import rillet as gr
from rillet.testing import serve
from tests.server.conftest import SSE


def describe(evt: gr.SelectData) -> str:
    target = type(evt.target).__name__ if evt.target is not None else None
    return f"{evt.index}|{evt.value}|{evt.selected}|{target}"


def app() -> gr.Blocks:
    with gr.Blocks() as demo:
        radio = gr.Radio(["a", "b", "c"])
        out = gr.Textbox()
        radio.select(describe, None, out, api_name="describe")
    return demo


def test_the_join_event_data_reaches_the_function():
    demo = app()
    radio_id = demo.spec.dependencies[0].targets[0][0]
    with serve(demo) as url:
        sse = SSE(url)
        event_id = sse.http.post(
            f"{url}/gradio_api/queue/join",
            json={
                "data": [],
                "fn_index": 0,
                "session_hash": sse.session_hash,
                "trigger_id": radio_id,
                "event_data": {"index": 1, "value": "b", "selected": True},
            },
        ).json()["event_id"]
        done = [m for _, m in sse.messages() if m.get("msg") == "process_completed"]
        assert done[0]["event_id"] == event_id
        assert done[0]["output"]["data"] == ["1|b|True|Radio"]


def test_gradio_client_calls_without_event_data():
    with serve(app()) as url:
        client = Client(url, verbose=False)
        info = client.view_api(return_format="dict", print_info=False)
        assert info["named_endpoints"]["/describe"]["parameters"] == []
        assert client.predict(api_name="/describe") == "None|None|True|None"
