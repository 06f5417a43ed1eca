"""Streamed audio in real Chromium: recorded with the fake microphone, played gapless through
Web Audio, joined into the player at the end; mixed formats and rates; blocked autoplay;
upload in, plain player out."""

from __future__ import annotations

import io
import itertools
import math
import threading
import time
import wave
from pathlib import Path

import av
import numpy as np
import pytest

import rillet as gr
from rillet.testing import serve

from .conftest import checked_page, open_app, run_demo

#: A scheduled chunk may start at most this far from where the previous one ends.
MAX_GAP = 0.001
STATE = """(index) => {
    const a = document.querySelectorAll('[data-rillet-type=audio]')[index].rilletAudio;
    return {scheduled: a.scheduled, underruns: a.underruns, time: a.contextTime(),
            state: a.state(), final: a.player.getAttribute('src') ? a.player.duration : null};
}"""


def audio_js(index: int) -> str:
    return f"document.querySelectorAll('[data-rillet-type=audio]')[{index}].rilletAudio"


def state(page, index: int) -> dict:
    return page.evaluate(STATE, index)


def wait_for_final(page, index: int) -> None:
    a = audio_js(index)
    page.wait_for_function(
        f"{a}.player.getAttribute('src') && {a}.player.duration > 0 "
        f"&& isFinite({a}.player.duration)"
    )


def gaps(scheduled: list[dict]) -> list[float]:
    return [b["start"] - (a["start"] + a["duration"]) for a, b in itertools.pairwise(scheduled)]


def tone(rate: int, seconds: float, freq: float = 440.0, channels: int = 1) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    mono = 0.3 * np.sin(2 * math.pi * freq * t)
    return mono if channels == 1 else np.stack([mono] * channels, axis=1)


def wav_file(path: Path, rate: int, seconds: float) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes((tone(rate, seconds) * 32767).astype(np.int16).tobytes())
    return path


def mp3_bytes(rate: int, seconds: float) -> bytes:
    out = io.BytesIO()
    with av.open(out, "w", format="mp3") as container:
        stream = container.add_stream("libmp3lame", rate=rate, layout="mono")
        frame = av.AudioFrame.from_ndarray(
            tone(rate, seconds, 660).astype(np.float32)[None, :], format="flt", layout="mono"
        )
        frame.sample_rate = rate
        resampler = av.AudioResampler(format="s16p", layout="mono", rate=rate, frame_size=1152)
        for piece in [*resampler.resample(frame), *resampler.resample(None)]:
            container.mux(stream.encode(piece))
        container.mux(stream.encode(None))
    return out.getvalue()


def test_issue_program_records_submits_and_plays_gapless(mic_page):
    page = mic_page
    with run_demo("demo/streaming_audio/run.py") as url:
        open_app(page, url)
        record = page.locator("[data-rillet-type=audio]").first.locator(
            "[data-testid=audio-record]"
        )
        record.click()
        page.wait_for_function(f"{audio_js(0)}.recordedSeconds() >= 0.8")
        record.click()
        page.wait_for_function(f"{audio_js(0)}.player.duration > 0")
        clip = page.evaluate(f"{audio_js(0)}.player.duration")
        assert 0.8 <= clip < 5, clip
        page.get_by_role("button", name="Submit").click()
        page.wait_for_function(f"{audio_js(1)}.scheduled.length >= 1")
        first = state(page, 1)
        # the audio clock runs on across two chunk boundaries while the stream goes on
        page.wait_for_function(f"""(() => {{ const a = {audio_js(1)};
            return a.scheduled.length >= 3
                && a.contextTime() > a.scheduled[2].start + 0.05; }})()""")
        during = state(page, 1)
        wait_for_final(page, 1)
        after = state(page, 1)
    assert during["state"] == "running"
    assert after["time"] > during["time"], "the audio clock stopped"
    scheduled = after["scheduled"]
    assert len(scheduled) == 10
    assert after["underruns"] == 0
    assert max(abs(g) for g in gaps(scheduled)) <= MAX_GAP, gaps(scheduled)
    assert all(abs(s["duration"] - clip) < 0.001 for s in scheduled)
    assert abs(after["final"] - 10 * clip) < 0.01, (after["final"], clip)
    # the first chunk plays as it comes, while the stream goes on (not at its end; how soon
    # is measured in bench/)
    assert len(first["scheduled"]) < 10 and first["final"] is None, first


def test_tone_demo_plays_its_chime_without_a_microphone(page):
    with run_demo("demo/streaming_audio/tone_demo.py") as url:
        open_app(page, url)
        page.wait_for_function(f"{audio_js(0)}.player.duration > 0")  # the chime is the value
        page.get_by_role("button", name="Submit").click()
        out = audio_js(1)
        page.wait_for_function(
            f"{out}.scheduled.length >= 1 && {out}.contextTime() > {out}.scheduled[0].start"
        )
        page.get_by_role("button", name="Stop").click()
        got = state(page, 1)
    assert abs(got["scheduled"][0]["duration"] - 1.2) < 0.001


@pytest.fixture(scope="module")
def media(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("chunks")
    return {"wav16k": wav_file(folder / "a.wav", 16000, 0.4), "mp3": mp3_bytes(44100, 0.4)}


@pytest.fixture(scope="module")
def mixed_app(media):
    mp3 = media["mp3"]

    def chunks():
        yield str(media["wav16k"])  # wav path, 16 kHz
        yield mp3  # mp3 bytes, 44.1 kHz
        yield 24000, tone(24000, 0.4, 550, channels=2).astype(np.float32)  # float stereo
        yield b"this is not audio"  # skipped, warned
        for start in range(0, len(mp3), 1500):  # mp3 cut mid-frame
            yield mp3[start : start + 1500]
        yield 48000, (tone(48000, 0.4, 330) * 32767).astype(np.int16)  # int16, 48 kHz

    with gr.Blocks() as demo:
        go = gr.Button("Go", elem_id="go")
        out = gr.Audio(streaming=True, autoplay=True, elem_id="out")
        go.click(chunks, None, out)
    with serve(demo) as url:
        yield url


def test_chunks_of_different_formats_and_rates_play_in_order_gapless(page, mixed_app):
    open_app(page, mixed_app)
    page.click("#go")
    toast = page.locator(".rillet-toast[data-level='warning']")
    toast.wait_for()
    assert "skipped a chunk" in toast.inner_text()
    page.wait_for_function(f"""(() => {{ const a = {audio_js(0)};
        return a.scheduled.length >= 2 && a.contextTime() > a.scheduled[1].start + 0.05; }})()""")
    wait_for_final(page, 0)
    got = state(page, 0)
    scheduled = got["scheduled"]
    assert len(scheduled) >= 6
    assert {s["sampleRate"] for s in scheduled} == {16000}, "the first chunk fixes the rate"
    assert got["underruns"] == 0
    assert max(abs(g) for g in gaps(scheduled)) <= MAX_GAP, gaps(scheduled)
    played = sum(s["duration"] for s in scheduled)
    assert abs(played - 5 * 0.4) < 0.01, played  # five clips of 0.4 s, the mp3 twice
    assert abs(got["final"] - played) < 0.005, (got["final"], played)


@pytest.fixture(scope="module")
def on_load_app():
    def chunks():
        # One chunk: Chromium starts a blocked context by itself when a chunk is scheduled
        # after a user gesture, and every Playwright evaluate is one.
        yield 16000, tone(16000, 1.0)

    with gr.Blocks() as demo:
        out = gr.Audio(streaming=True, autoplay=True, elem_id="out")
        demo.load(chunks, None, out)
    with serve(demo) as url:
        yield url


def test_blocked_autoplay_shows_a_notice_and_one_click_plays(no_autoplay_browser, on_load_app):
    with checked_page(no_autoplay_browser) as page:
        # The notice is awaited through the console: Playwright's evaluate counts as a
        # user gesture, which would unblock the page before the notice could show.
        with page.expect_console_message(lambda m: "autoplay was blocked" in m.text) as told:
            page.goto(on_load_app)
        assert "suspended" in told.value.text
        notice = page.locator("[data-testid=audio-blocked]")
        assert notice.is_visible()
        assert state(page, 0)["state"] == "suspended", "the clock must wait for the click"
        notice.get_by_role("button", name="Click to play").click()
        page.wait_for_function(f"""(() => {{ const a = {audio_js(0)};
            return a.state() === 'running' && a.scheduled.length >= 1
                && a.contextTime() > a.scheduled[0].start + 0.1; }})()""")
        assert notice.count() == 0
        got = state(page, 0)
    # the clock waited: playback starts at the stream's beginning, nothing was skipped
    assert got["scheduled"][0]["start"] < 0.1


@pytest.fixture(scope="module")
def reverse_app():
    def reverse_audio(audio):
        sr, data = audio
        return (sr, np.flipud(data))

    demo = gr.Interface(reverse_audio, gr.Audio(sources=["upload"]), gr.Audio())
    with serve(demo) as url:
        yield url


def test_upload_as_numpy_and_a_plain_player_output(page, reverse_app, media):
    open_app(page, reverse_app)
    page.locator("[data-rillet-type=audio]").first.locator("input[type=file]").set_input_files(
        str(media["wav16k"])
    )
    page.wait_for_function(f"{audio_js(0)}.player.duration > 0")
    page.get_by_role("button", name="Submit").click()
    wait_for_final(page, 1)
    assert abs(state(page, 1)["final"] - 0.4) < 0.005


STOPPED = threading.Event()


@pytest.fixture(scope="module")
def endless_app():
    def endless():
        try:
            while True:
                time.sleep(0.1)
                yield 16000, tone(16000, 0.3)
        finally:
            STOPPED.set()

    demo = gr.Interface(endless, None, gr.Audio(streaming=True, autoplay=True))
    with serve(demo) as url:
        yield url


def test_stop_silences_the_stream_and_closes_the_generator(page, endless_app):
    STOPPED.clear()
    open_app(page, endless_app)
    page.get_by_role("button", name="Generate").click()
    a = audio_js(0)
    page.wait_for_function(f"{a}.scheduled.length >= 2 && {a}.state() === 'running'")
    page.get_by_role("button", name="Stop").click()
    page.wait_for_function(f"{audio_js(0)}.state() === 'closed'")
    assert STOPPED.wait(10), "the generator's finally did not run after Stop"
    assert page.locator("[data-testid=audio-stream]").is_hidden()
