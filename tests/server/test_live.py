"""Live events over HTTP: ``.stream()`` chunks (latest wins), time limits, closing,
per-session ``gr.State``, and isolation of one session's stream from another."""

from __future__ import annotations

import base64
import io
import threading
import time

import httpx
import numpy as np
import pytest
from PIL import Image as PILImage

import rillet as gr
from rillet.testing import serve

SLOW = 0.4


def jpeg_data_url(value: int, size: tuple[int, int] = (32, 24)) -> dict:
    """A flat grey frame as the page sends it: a JPEG data URL."""
    out = io.BytesIO()
    PILImage.new("RGB", size, (value, value, value)).save(out, "JPEG", quality=95)
    return {"url": "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode()}


def grey_of(payload: dict) -> int:
    url = payload["url"]
    assert url.startswith("data:image/"), url[:40]
    data = base64.b64decode(url.split(",", 1)[1])
    return int(np.asarray(PILImage.open(io.BytesIO(data)).convert("L")).mean().round())


@pytest.fixture(scope="module")
def live_app():
    calls: list[int] = []
    finished = threading.Event()

    def slow_mean(frame):
        grey = int(frame.mean().round())
        calls.append(grey)
        time.sleep(SLOW)
        return f"grey {grey}"

    def count(total, frame):
        total = (total or 0) + 1
        return total, f"{total} frames"

    with gr.Blocks() as demo:
        cam = gr.Image(sources="webcam")
        out = gr.Image()
        text = gr.Textbox()
        cam.stream(
            lambda im: np.flipud(im),
            cam,
            out,
            time_limit=5,
            stream_every=0.05,
            concurrency_limit=30,
        )
        cam2 = gr.Image(sources="webcam")
        cam2.stream(slow_mean, cam2, text, time_limit=20)
        total = gr.State(0)
        cam3 = gr.Image(sources="webcam")
        cam3.stream(count, [total, cam3], [total, text], time_limit=2)
    demo.calls, demo.finished = calls, finished  # type: ignore[attr-defined]
    with serve(demo) as url:
        yield url, demo


def push(http: httpx.Client, url: str, event_id: str, session: str, data: list) -> httpx.Response:
    return http.post(
        f"{url}/gradio_api/stream/{event_id}",
        json={"data": data, "fn_index": 0, "session_hash": session},
    )


def test_each_chunk_gets_a_whole_result_and_close_ends_the_event(live_app, sse_for):
    url, _ = live_app
    sse = sse_for(url)
    event = sse.join(0, [jpeg_data_url(10)])
    seen: list[int] = []
    done = None
    for _, msg in sse.messages():
        if msg["msg"] == "process_streaming":
            assert msg["output"]["is_generating"] is True
            assert 0 < msg["time_limit"] <= 5
            seen.append(grey_of(msg["output"]["data"][0]))
            if len(seen) < 3:
                r = push(sse.http, url, event, sse.session_hash, [jpeg_data_url(100 * len(seen))])
                assert r.json() == {"msg": "success"}
            else:
                r = sse.http.post(
                    f"{url}/gradio_api/stream/{event}/close",
                    json={"session_hash": sse.session_hash},
                )
                assert r.status_code == 200
        if msg["msg"] == "process_completed":
            done = msg
    assert [abs(g - w) <= 3 for g, w in zip(seen, [10, 100, 200], strict=True)] == [True] * 3
    assert done is not None and done["success"] is True
    assert grey_of(done["output"]["data"][0]) == pytest.approx(200, abs=3)


def test_chunks_sent_while_the_function_runs_are_dropped_but_the_newest(live_app, sse_for):
    url, demo = live_app
    demo.calls.clear()
    sse = sse_for(url)
    event = sse.join(1, [jpeg_data_url(1)])
    results = []
    for _, msg in sse.messages():
        if msg["msg"] == "process_starts":
            for grey in range(2, 12):  # ten chunks while the first call sleeps
                assert (
                    push(
                        sse.http, url, event, sse.session_hash, [jpeg_data_url(grey * 20)]
                    ).status_code
                    == 200
                )
        if msg["msg"] == "process_streaming":
            results.append(msg["output"]["data"][0])
            if len(results) == 2:
                sse.http.post(
                    f"{url}/gradio_api/stream/{event}/close",
                    json={"session_hash": sse.session_hash},
                )
    # the first chunk, then only the newest of the ten: no backlog
    assert demo.calls[0] <= 4 and abs(demo.calls[1] - 220) <= 3, demo.calls
    assert len(demo.calls) == 2
    assert results[1] == f"grey {demo.calls[1]}"


# The client sends a frame for every answer: without the 2 s time limit the stream would
# never end, and this timeout would end the test.
@pytest.mark.timeout(60)
def test_time_limit_ends_the_stream_and_state_lives_on_the_server(live_app, sse_for):
    url, _ = live_app
    sse = sse_for(url)
    event = sse.join(2, [None, jpeg_data_url(5)])
    texts = []
    for _, msg in sse.messages():
        if msg["msg"] == "process_streaming":
            data = msg["output"]["data"]
            assert data[0] is None  # the State's value is never sent
            texts.append(data[1])
            push(sse.http, url, event, sse.session_hash, [None, jpeg_data_url(5)])
        if msg["msg"] == "process_completed":
            break
    assert texts[:3] == ["1 frames", "2 frames", "3 frames"]
    # another session starts from the State's initial value
    other = sse_for(url)
    other.join(2, [None, jpeg_data_url(5)])
    first = next(m for _, m in other.messages() if m["msg"] == "process_streaming")
    assert first["output"]["data"][1] == "1 frames"
    other.http.post(f"{url}/gradio_api/stream/x/close", json={"session_hash": other.session_hash})


def test_another_session_cannot_push_to_or_close_a_stream(live_app, sse_for):
    url, _ = live_app
    owner, stranger = sse_for(url), sse_for(url)
    event = owner.join(0, [jpeg_data_url(10)])
    assert (
        push(stranger.http, url, event, stranger.session_hash, [jpeg_data_url(250)]).status_code
        == 404
    )
    assert push(stranger.http, url, event, "", [jpeg_data_url(250)]).status_code == 404
    r = stranger.http.post(
        f"{url}/gradio_api/stream/{event}/close", json={"session_hash": stranger.session_hash}
    )
    assert r.status_code == 404
    assert stranger.http.post(f"{url}/gradio_api/stream/{event}/close").status_code == 404
    greys = []
    for _, msg in owner.messages():
        if msg["msg"] == "process_streaming":
            greys.append(grey_of(msg["output"]["data"][0]))
            owner.http.post(
                f"{url}/gradio_api/stream/{event}/close", json={"session_hash": owner.session_hash}
            )
    assert greys == [pytest.approx(10, abs=3)]


def test_a_bad_chunk_is_skipped_with_a_warning_and_the_stream_goes_on(live_app, sse_for):
    url, _ = live_app
    sse = sse_for(url)
    event = sse.join(0, [jpeg_data_url(10)])
    kinds = []
    for _, msg in sse.messages():
        kinds.append(msg["msg"])
        if msg["msg"] == "process_streaming" and kinds.count("process_streaming") == 1:
            push(sse.http, url, event, sse.session_hash, [{"url": "data:image/jpeg;base64,AAAA"}])
        if msg["msg"] == "log":
            assert msg["level"] == "warning" and "Invalid value" in msg["log"]
            push(sse.http, url, event, sse.session_hash, [jpeg_data_url(90)])
        if kinds.count("process_streaming") == 2 and msg["msg"] == "process_streaming":
            assert grey_of(msg["output"]["data"][0]) == pytest.approx(90, abs=3)
            sse.http.post(
                f"{url}/gradio_api/stream/{event}/close", json={"session_hash": sse.session_hash}
            )
    assert kinds.index("log") < len(kinds) - 1 - kinds[::-1].index("process_streaming")
    assert kinds.count("process_streaming") == 2
    assert "process_completed" in kinds


def test_malformed_chunks_are_refused_with_a_readable_error(live_app):
    url, _ = live_app
    with httpx.Client() as http:
        r = http.post(
            f"{url}/gradio_api/stream/abc",
            content=b"not json",
            headers={"content-type": "application/json"},
        )
        assert r.status_code == 400 and "JSON" in r.json()["detail"]
        r = http.post(f"{url}/gradio_api/stream/abc", content=b'{"data": []}')
        assert r.status_code == 415 and "application/json" in r.json()["detail"]
        r = http.post(f"{url}/gradio_api/stream/abc", json={"data": "x"})
        assert r.status_code == 422
        r = http.post(f"{url}/gradio_api/stream/abc", json={"data": [], "session_hash": "s"})
        assert r.status_code == 404


def test_gradio_client_calls_a_live_interfaces_change_endpoint():
    from gradio_client import Client

    demo = gr.Interface(lambda text: text.upper(), "text", "text", live=True)
    with serve(demo) as url:
        client = Client(url, verbose=False)
        assert client.predict("abc", api_name="/lambda") == "ABC"
