"""A live stream's file outputs travel inline (``data:`` URLs, no path); when the page sends
such a value back as another event's input, the function gets a file with those bytes, as
it would under Gradio (whose stream outputs are files)."""

from __future__ import annotations

import base64
import os

import numpy as np
import pytest

import rillet as gr
from rillet.testing import serve
from tests.server.test_live import jpeg_data_url

RATE = 8000


def tone(frame: np.ndarray) -> tuple[int, np.ndarray]:
    """A tenth of a second of audio whose level is the frame's mean grey."""
    return RATE, np.full(RATE // 10, int(frame.mean()) * 100, dtype=np.int16)


@pytest.fixture(scope="module")
def app():
    with gr.Blocks() as demo:
        cam = gr.Image(sources=["webcam"], streaming=True)
        heard = gr.Audio(label="Heard", type="filepath")
        cam.stream(tone, cam, heard, api_name="tone")
        size = gr.Number(label="Bytes")
        gr.Button().click(lambda path: os.path.getsize(path), heard, size, api_name="size")
    with serve(demo) as url:
        yield url


def index_of(url: str, sse, api_name: str) -> int:
    deps = sse.http.get(url + "/config").json()["dependencies"]
    return next(d["id"] for d in deps if d["api_name"] == api_name)


def test_a_streamed_audio_sent_back_inline_reaches_the_function_as_a_file(app, sse_for):
    sse = sse_for(app)
    event = sse.join(index_of(app, sse, "tone"), [jpeg_data_url(40)])
    inline = None
    for _, msg in sse.messages():
        if msg["msg"] == "process_streaming":
            inline = msg["output"]["data"][0]
            sse.http.post(
                f"{app}/gradio_api/stream/{event}/close", json={"session_hash": sse.session_hash}
            )
    assert inline is not None and inline["path"] is None
    assert inline["url"].startswith("data:audio/"), inline["url"][:40]
    sent = base64.b64decode(inline["url"].split(",", 1)[1])

    got = sse.run(index_of(app, sse, "size"), [inline])
    done = next(m for _, m in got if m["msg"] == "process_completed")
    assert done["success"], done
    assert done["output"]["data"][0] == len(sent)


def test_a_malformed_inline_file_is_refused_with_a_readable_message(app, sse_for):
    sse = sse_for(app)
    bad = {
        "path": None,
        "url": "data:audio/wav;base64,@@not base64@@",
        "orig_name": "a.wav",
        "meta": {"_type": "gradio.FileData"},
    }
    got = sse.run(index_of(app, sse, "size"), [bad])
    done = next(m for _, m in got if m["msg"] == "process_completed")
    assert not done["success"]
    assert "Heard" in done["output"]["error"] and "base64" in done["output"]["error"], done
