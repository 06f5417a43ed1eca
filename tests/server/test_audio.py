"""Streamed audio through the real gradio_client: every chunk shape arrives as a playable
file, the result is the whole stream; a bad chunk is skipped with a warning; inputs."""

from __future__ import annotations

import io
import math
import wave
from pathlib import Path

import av
import httpx
import numpy as np
import pytest
from gradio_client import Client, handle_file

import rillet as gr
from rillet.testing import serve

RATE = 16000
CLIP = 0.3  # seconds per chunk


def tone(rate: int, seconds: float, freq: float = 440.0) -> np.ndarray:
    return 0.3 * np.sin(2 * math.pi * freq * np.arange(int(rate * seconds)) / rate)


def wav_data(rate: int, seconds: float) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((tone(rate, seconds) * 32767).astype(np.int16).tobytes())
    return out.getvalue()


def mp3_data(rate: int, seconds: float) -> bytes:
    out = io.BytesIO()
    with av.open(out, "w", format="mp3") as container:
        stream = container.add_stream("libmp3lame", rate=rate, layout="mono")
        frame = av.AudioFrame.from_ndarray(
            tone(rate, seconds).astype(np.float32)[None, :], format="flt", layout="mono"
        )
        frame.sample_rate = rate
        resampler = av.AudioResampler(format="s16p", layout="mono", rate=rate, frame_size=1152)
        for piece in [*resampler.resample(frame), *resampler.resample(None)]:
            container.mux(stream.encode(piece))
        container.mux(stream.encode(None))
    return out.getvalue()


def seconds(path: str) -> float:
    """Duration of an audio file, by decoding it."""
    with av.open(path) as container:
        stream = container.streams.audio[0]
        return sum(f.samples for f in container.decode(stream)) / stream.rate


@pytest.fixture(scope="module")
def media(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("media")
    wav, mp3 = folder / "clip.wav", folder / "clip.mp3"
    wav.write_bytes(wav_data(RATE, CLIP))
    mp3.write_bytes(mp3_data(RATE, CLIP))
    return {"wav": wav, "mp3": mp3}


def shapes(media: dict) -> dict:
    """Each chunk shape: a generator of three chunks of CLIP seconds each."""
    mp3 = media["mp3"].read_bytes()
    stereo = np.stack([tone(RATE, CLIP)] * 2, axis=1).astype(np.float32)
    return {
        "wav_path": lambda: [str(media["wav"])] * 3,
        "mp3_path": lambda: [media["mp3"]] * 3,
        "wav_bytes": lambda: [media["wav"].read_bytes()] * 3,
        "mp3_bytes": lambda: [mp3] * 3,
        "mp3_slices": lambda: [mp3[i : i + 700] for i in range(0, len(mp3), 700)] * 3,
        "int16": lambda: [(RATE, (tone(RATE, CLIP) * 32767).astype(np.int16))] * 3,
        "float_stereo": lambda: [(RATE, stereo)] * 3,
    }


@pytest.fixture(scope="module")
def app(media):
    def endpoint(make):
        def stream():
            yield from make()

        return stream

    def with_a_bad_chunk():
        yield str(media["wav"])
        yield b"\x00\x01 definitely not audio \x02" * 50
        yield str(media["wav"])

    def skips_the_audio():
        yield str(media["wav"]), "a"
        yield gr.skip(), "b"
        yield str(media["wav"]), "c"

    with gr.Blocks() as demo:
        out = gr.Audio(streaming=True)
        text = gr.Textbox()
        go = gr.Button()
        for name, make in shapes(media).items():
            go.click(endpoint(make), None, out, api_name=name)
        go.click(with_a_bad_chunk, None, out, api_name="bad_chunk")
        go.click(skips_the_audio, None, [out, text], api_name="skips")
        n_in = gr.Audio(type="numpy")
        go.click(lambda a: f"{a[0]} {a[1].dtype} {a[1].shape}", n_in, text, api_name="as_numpy")
        f_in = gr.Audio(type="filepath", format="wav")
        go.click(lambda p: p, f_in, text, api_name="as_wav_path")
        go.click(lambda: (RATE, tone(RATE, CLIP)), None, gr.Audio(), api_name="plain")
        go.click(
            lambda: (RATE, tone(RATE, CLIP)), None, gr.Audio(format="mp3"), api_name="plain_mp3"
        )
    with serve(demo) as url:
        yield url


@pytest.fixture(scope="module")
def client(app):
    c = Client(app + "/", verbose=False)
    yield c
    c.close()


@pytest.mark.parametrize(
    "shape",
    ["wav_path", "mp3_path", "wav_bytes", "mp3_bytes", "mp3_slices", "int16", "float_stereo"],
)
def test_each_chunk_shape_round_trips_through_gradio_client(client, shape):
    job = client.submit(api_name=f"/{shape}")
    result = job.result(timeout=30)
    chunks = job.outputs()
    assert chunks and all(Path(c).suffix == ".wav" for c in chunks)
    durations = [seconds(c) for c in chunks]  # every intermediate value is a playable file
    assert Path(result).name == "audio-stream.wav"
    assert abs(seconds(result) - 3 * CLIP) < 0.001, seconds(result)
    assert abs(sum(durations) - 3 * CLIP) < 0.001, durations
    if shape != "mp3_slices":
        assert len(chunks) == 3
        assert all(abs(d - CLIP) < 0.001 for d in durations)
    else:
        assert len(chunks) > 3  # one per slice that completed a frame


def test_a_bad_chunk_is_skipped_with_a_warning_and_the_stream_goes_on(app, sse_for):
    config = httpx.get(app + "/config").json()
    fn_index = next(d["id"] for d in config["dependencies"] if d.get("api_name") == "bad_chunk")
    messages = [m for _, m in sse_for(app).run(fn_index, [])]
    kinds = [m["msg"] for m in messages]
    assert kinds.count("process_generating") == 2
    warning = next(m for m in messages if m["msg"] == "log")
    assert warning["level"] == "warning"
    assert "skipped a chunk" in warning["log"] and "not an audio file" in warning["log"]
    done = messages[kinds.index("process_completed")]
    assert done["success"] is True
    final = done["output"]["data"][0]
    assert abs(seconds(final["path"]) - 2 * CLIP) < 0.001


def test_skipped_yields_do_not_repeat_a_chunk(client):
    job = client.submit(api_name="/skips")
    audio, text = job.result(timeout=30)
    assert text == "c"
    assert abs(seconds(audio) - 2 * CLIP) < 0.001


def test_inputs_as_numpy_and_as_a_converted_path(client, media, app):
    assert client.predict(handle_file(str(media["mp3"])), api_name="/as_numpy") == (
        f"{RATE} int16 ({int(RATE * CLIP)},)"
    )
    path = Path(client.predict(handle_file(str(media["mp3"])), api_name="/as_wav_path"))
    assert path.suffix == ".wav" and path.name.startswith("clip")
    assert "rillet-" in str(path), "the converted file lives in the app's store"
    assert abs(seconds(str(path)) - CLIP) < 0.001


def test_plain_outputs_are_whole_files_in_their_format(client):
    wav_path = client.predict(api_name="/plain")
    assert Path(wav_path).suffix == ".wav" and abs(seconds(wav_path) - CLIP) < 0.001
    mp3_path = client.predict(api_name="/plain_mp3")
    assert Path(mp3_path).suffix == ".mp3" and abs(seconds(mp3_path) - CLIP) < 0.001
