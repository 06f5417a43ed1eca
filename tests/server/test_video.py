"""Streamed video through the real gradio_client: each chunk format arrives as a playable file,
the result is the whole stream; a bad chunk is skipped with a warning; inputs and plain output."""

from __future__ import annotations

from pathlib import Path

import av
import httpx
import pytest
from gradio_client import Client, handle_file

import rillet as gr
from rillet.testing import serve

from ..videofiles import decoded, frames, make_m4a, make_video, seconds_of

CHUNKS = 3


@pytest.fixture(scope="module")
def media(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("video")
    return {
        "mp4": make_video(folder / "h264.mp4"),
        "ts": make_video(folder / "h264.ts"),
        "mp4v": make_video(folder / "mp4v.mp4", codec="mpeg4"),
        "webm": make_video(folder / "vp9.webm", codec="libvpx-vp9"),
        "m4a": make_m4a(folder / "tone.m4a"),
    }


@pytest.fixture(scope="module")
def app(media):
    def endpoint(path):
        def stream():
            for _ in range(CHUNKS):
                yield str(path)

        return stream

    def with_a_bad_chunk():
        yield str(media["mp4"])
        yield str(media["m4a"])  # audio only
        yield str(media["mp4"])

    def mixed():
        for name in ("mp4", "mp4v", "webm", "ts"):
            yield str(media[name])
        yield 25, frames(25)

    with gr.Blocks() as demo:
        out = gr.Video(streaming=True)
        text = gr.Textbox()
        go = gr.Button()
        for name in ("mp4", "ts", "mp4v", "webm"):
            go.click(endpoint(media[name]), None, out, api_name=name)
        go.click(with_a_bad_chunk, None, out, api_name="bad_chunk")
        go.click(mixed, None, out, api_name="mixed")
        as_mp4 = gr.Video(format="mp4")
        go.click(lambda p: p, as_mp4, text, api_name="as_mp4")
        go.click(lambda: str(media["mp4v"]), None, gr.Video(), api_name="plain")
    with serve(demo) as url:
        yield url


@pytest.fixture(scope="module")
def client(app):
    c = Client(app + "/", verbose=False)
    yield c
    c.close()


def codec_of(path: str) -> str:
    with av.open(path) as container:
        return container.streams.video[0].codec_context.name


@pytest.mark.parametrize("name", ["mp4", "ts", "mp4v", "webm"])
def test_each_chunk_format_round_trips_through_gradio_client(client, name):
    job = client.submit(api_name=f"/{name}")
    result = job.result(timeout=60)
    chunks = job.outputs()
    assert len(chunks) == CHUNKS
    for chunk in chunks:  # every intermediate value is a playable MP4 of its own
        assert Path(chunk).suffix == ".mp4" and codec_of(chunk) == "h264"
        assert len(decoded(chunk)) == 25
        assert seconds_of(chunk) == pytest.approx(1.0, abs=0.001)
    assert Path(result).name == "video-stream.mp4"
    assert seconds_of(result) == pytest.approx(CHUNKS * 1.0, abs=0.001)
    assert len(decoded(result)) == CHUNKS * 25


def test_a_mixed_stream_joins_into_one_file(client):
    job = client.submit(api_name="/mixed")
    result = job.result(timeout=60)
    assert len(job.outputs()) == 5
    assert seconds_of(result) == pytest.approx(5.0, abs=0.001)
    assert len(decoded(result)) == 125


def test_a_bad_chunk_is_skipped_with_a_warning_and_the_stream_goes_on(app, sse_for):
    config = httpx.get(app + "/config").json()
    fn_index = next(d["id"] for d in config["dependencies"] if d.get("api_name") == "bad_chunk")
    messages = [m for _, m in sse_for(app).run(fn_index, [])]
    kinds = [m["msg"] for m in messages]
    assert kinds.count("process_generating") == 2
    warning = next(m for m in messages if m["msg"] == "log")
    assert warning["level"] == "warning"
    assert "skipped a chunk" in warning["log"] and "audio-only" in warning["log"]
    done = messages[kinds.index("process_completed")]
    assert done["success"] is True
    assert seconds_of(done["output"]["data"][0]["path"]) == pytest.approx(2.0, abs=0.001)


def test_input_is_converted_to_format_and_plain_output_made_playable(client, media):
    path = Path(client.predict(handle_file(str(media["webm"])), api_name="/as_mp4"))
    assert path.suffix == ".mp4" and codec_of(str(path)) == "h264"
    assert "rillet-" in str(path), "the converted file lives in the app's store"
    plain = client.predict(api_name="/plain")
    assert Path(plain).suffix == ".mp4" and codec_of(plain) == "h264"
