"""``.stream()`` endpoints from code: gradio_client's predict runs one call and completes
(no ``process_streaming``), the page's protocol still streams, and the
:class:`~rillet.streaming_client.StreamingCall` helper sends chunks and reads results."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from gradio_client import Client, handle_file
from PIL import Image

import rillet as gr
from rillet.streaming_client import StreamError, StreamingCall
from rillet.testing import serve
from tests.server.conftest import GRADIO_PYTHON, gradio_serving


def brightness(frame: np.ndarray | None, seen: int) -> tuple[str, int]:
    if frame is None:
        return "no frame", seen
    if int(frame[0, 0, 0]) == 13:
        raise gr.Error("unlucky frame")
    return f"{int(frame.mean())}", seen + 1


def make_app() -> gr.Blocks:
    with gr.Blocks() as demo:
        cam = gr.Image(sources=["webcam"], streaming=True)
        level = gr.Textbox()
        seen = gr.Number(0)
        cam.stream(brightness, [cam, seen], [level, seen], api_name="level")
    return demo


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with serve(make_app()) as base:
        yield base


def png(tmp_path: Any, value: int) -> str:
    path = tmp_path / f"frame{value}.png"
    Image.fromarray(np.full((4, 4, 3), value, np.uint8)).save(path)
    return str(path)


def test_gradio_client_predict_runs_once_and_completes(url: str, tmp_path: Any) -> None:
    client = Client(url, verbose=False)
    assert client.predict(handle_file(png(tmp_path, 100)), 0, api_name="/level") == ("100", 1)
    job = client.submit(handle_file(png(tmp_path, 50)), 4, api_name="/level")
    assert job.result(timeout=30) == ("50", 5)


def upload(url: str, path: str) -> dict[str, Any]:
    import httpx

    with open(path, "rb") as f:
        stored = httpx.post(url + "/gradio_api/upload", files={"files": f}).json()[0]
    return {"path": stored, "meta": {"_type": "gradio.FileData"}}


def test_the_helper_streams_chunks_and_closes(url: str, tmp_path: Any) -> None:
    frames = [upload(url, png(tmp_path, v)) for v in (10, 20, 30)]
    with StreamingCall(url, "/level") as call:
        results = []
        for frame in frames:
            call.send(frame, 0)
            results.append(call.next_result())
        final = call.close()
    assert [r[0] for r in results] == ["10", "20", "30"]  # each chunk's result, whole
    assert final is not None and final[0] == "30"


def test_the_helper_reports_errors_and_unknown_names(url: str, tmp_path: Any) -> None:
    with pytest.raises(StreamError, match="no endpoint"):
        StreamingCall(url, "/nope")
    call = StreamingCall(url, "level")
    call.send(upload(url, png(tmp_path, 13)), 0)
    with pytest.raises(StreamError, match="unlucky frame"):
        call.next_result()


GRADIO_APP = """
import gradio as gr
import numpy as np

def level(frame):
    return "none" if frame is None else str(int(np.asarray(frame).mean()))

with gr.Blocks() as demo:
    cam = gr.Image(sources=["webcam"], streaming=True)
    out = gr.Textbox()
    cam.stream(level, cam, out, api_name="level")
demo.launch(server_name="127.0.0.1")
"""


@pytest.fixture(scope="module")
def gradio_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not GRADIO_PYTHON.exists():
        pytest.skip("no Gradio venv at bench/.gradio-venv (CI has none)")
    with gradio_serving(GRADIO_APP, tmp_path_factory.mktemp("gradio")) as url:
        yield url


@pytest.mark.timeout(120)
def test_the_helper_drives_a_gradio_stream_endpoint(gradio_url: str, tmp_path: Any) -> None:
    frames = [upload(gradio_url, png(tmp_path, v)) for v in (10, 20)]
    with StreamingCall(gradio_url, "/level") as call:
        results = []
        for frame in frames:
            call.send(frame)
            results.append(call.next_result())
        final = call.close()
    assert results == [["10"], ["20"]] and final == ["20"]


def test_a_curl_call_runs_once_too(url: str, tmp_path: Any) -> None:
    import httpx

    frame = upload(url, png(tmp_path, 70))
    event = httpx.post(url + "/gradio_api/call/level", json={"data": [frame, 2]}).json()
    with httpx.stream("GET", f"{url}/gradio_api/call/level/{event['event_id']}", timeout=20) as r:
        body = "".join(r.iter_text())
    assert "event: complete" in body and '["70", 3]' in body, body
