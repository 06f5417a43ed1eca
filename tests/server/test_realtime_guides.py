"""The programs of Gradio's streaming guides (``guides/07_streaming``), ported in
``tests/realtime_guides/`` with the import changed and stand-in models, each built under
rillet on a real server and called through gradio_client (the WebRTC one: built, and its
handler run on frames)."""

from __future__ import annotations

import warnings
from pathlib import Path

import av
import httpx
import numpy as np
import pytest
from gradio_client import Client, handle_file

from rillet.testing import serve
from tests.realtime_guides.speech import conversation, write_wav
from tests.videofiles import make_video


@pytest.fixture(scope="module")
def question_wav(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("voice")
    samples, _ = conversation(0.3, "question", 0.8, rate=16000)
    return str(write_wav(folder / "question.wav", samples, 16000))


def endpoints(client: Client) -> list[str]:
    return list(client.view_api(print_info=False, return_format="dict")["named_endpoints"])


def seconds_of_audio(path: str) -> float:
    with av.open(path) as container:
        stream = container.streams.audio[0]
        return sum(frame.samples for frame in container.decode(stream)) / stream.rate


def test_guide01_magic_8_ball_answers_aloud(question_wav: str, sse_for) -> None:
    from tests.realtime_guides import guide01_magic_8_ball as guide

    with serve(guide.demo) as url:
        client = Client(url, verbose=False)
        assert endpoints(client) == ["/generate_response", "/read_response"]
        # stop_recording: the textbox and the player are emptied while the answer is made
        assert client.predict(handle_file(question_wav), api_name="/generate_response") == (
            None,
            None,
        )
        job = client.submit(api_name="/read_response")  # .then(): reads the session's State
        answer, spoken = job.result(timeout=60)
        assert answer in {
            "The early bird gets the worm",
            "Curiosity killed the cat",
            "A watched pot never boils",
            "Still waters run deep",
        }
        assert len(job.outputs()) >= len(answer.split())  # one streamed chunk per word
        assert seconds_of_audio(spoken) == pytest.approx(0.15 * len(answer.split()), abs=0.1)
        # gr.Info during the call reaches the client as a log message
        with open(question_wav, "rb") as file:
            uploaded = httpx.post(f"{url}/gradio_api/upload", files={"files": file}).json()[0]
        file_data = {"path": uploaded, "meta": {"_type": "gradio.FileData"}}
        messages = [m for _, m in sse_for(url).run(0, [file_data])]
        logs = [m for m in messages if m["msg"] == "log"]
        assert [(m["log"], m["level"]) for m in logs] == [("Transcribing Audio", "info")]


def test_guide02_webcam_detection_builds_on_rillets_webrtc() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # Blocks(css=), as Gradio 6 says too
        from tests.realtime_guides import guide02_webcam_webrtc as guide

    with serve(guide.demo) as url:
        config = httpx.get(f"{url}/config").json()
        types = [c["type"] for c in config["components"]]
        assert "webrtc" in types and "slider" in types
    still = np.zeros((48, 64, 3), dtype=np.uint8)
    moved = still.copy()
    moved[10:20, 30:40] = 255
    detect = guide.Detector()
    assert np.array_equal(detect(still), still)  # nothing moved yet
    boxed = detect(moved, 0.3)
    assert boxed[10, 30].tolist() == [0, 255, 0] and boxed[19, 39].tolist() == [0, 255, 0]
    assert boxed[15, 35].tolist() == [255, 255, 255]  # inside the box: the frame itself


def test_guide03_video_detection_streams_two_second_chunks(tmp_path: Path) -> None:
    from tests.realtime_guides import guide03_video_detection as guide

    source = make_video(tmp_path / "source.mp4", size=(320, 240), fps=20, seconds=4.5, audio=False)
    with serve(guide.app) as url:
        client = Client(url, verbose=False)
        assert endpoints(client) == ["/stream_object_detection"]
        job = client.submit(
            {"video": handle_file(str(source))}, 0.3, api_name="/stream_object_detection"
        )
        final = job.result(timeout=120)
    chunks = job.outputs()
    assert len(chunks) >= 3  # 2 s, 2 s and the rest, each sent as it was made
    path = final["video"] if isinstance(final, dict) else final
    with av.open(path) as container:
        stream = container.streams.video[0]
        frames = list(container.decode(stream))
    assert (stream.width, stream.height) == (160, 120)  # halved, as the guide does
    assert len(frames) == pytest.approx(45, abs=3)  # every other frame of 90
    # the test pattern moves: green boxes were drawn on the frames after the first
    greens = [
        int(
            (
                (f.to_ndarray(format="rgb24")[..., 1] > 200)
                & (f.to_ndarray(format="rgb24")[..., 0] < 60)
            ).sum()
        )
        for f in frames[1:6]
    ]
    assert min(greens) > 50


def test_guide04_conversational_chatbot_stops_the_mic_on_a_pause_and_answers(
    question_wav: str,
) -> None:
    from tests.realtime_guides import guide04_conversational_chatbot as guide

    with serve(guide.demo) as url:
        client = Client(url, verbose=False)
        assert endpoints(client) == [
            "/process_audio",
            "/response",
            "/lambda",
            "/start_recording_user",
            "/lambda_1",
        ]
        # the speaker paused: the stream answers an update that stops the microphone
        stop = client.predict(handle_file(question_wav), api_name="/process_audio")
        assert stop == {"__type__": "update", "recording": False}
        job = client.submit(api_name="/response")
        spoken = job.result(timeout=60)
        assert len(job.outputs()) >= 5 and seconds_of_audio(spoken) > 0.5
        history = client.predict(api_name="/lambda")
        assert [m["role"] for m in history] == ["user", "assistant"]
        assert history[1]["content"][0]["file"].endswith(".mp3")
        # the reply ended: the microphone opens again
        assert client.predict(api_name="/start_recording_user") == {
            "__type__": "update",
            "recording": True,
        }


def test_guide05_speech_recognition_whole_and_streaming(question_wav: str) -> None:
    from tests.realtime_guides import guide05_speech_recognition as guide

    with serve(guide.demo) as url:
        text = Client(url, verbose=False).predict(handle_file(question_wav), api_name="/predict")
        assert text.startswith("3.2 s of audio")
    with serve(guide.stream_demo) as url:
        client = Client(url, verbose=False)
        first = client.predict(handle_file(question_wav), api_name="/predict")
        second = client.predict(handle_file(question_wav), api_name="/predict")
        # the state keeps everything heard so far: the second chunk adds to the first
        assert first.startswith("3.2 s") and second.startswith("6.4 s")


def test_guide06_voice_detection_answers_speech_and_ignores_silence(
    question_wav: str, tmp_path: Path
) -> None:
    from tests.realtime_guides import guide06_voice_detection as guide

    quiet = write_wav(tmp_path / "quiet.wav", np.zeros(16000, dtype=np.int16), 16000)
    with serve(guide.demo, js=guide.js) as url:
        client = Client(url, verbose=False)
        assert endpoints(client) == ["/process_audio", "/response"]
        assert client.predict(handle_file(str(quiet)), api_name="/response") == []
        history = client.predict(handle_file(question_wav), api_name="/response")
        assert [m["role"] for m in history] == ["user", "assistant"]
        assert "calories" in history[1]["content"][0]["text"]
