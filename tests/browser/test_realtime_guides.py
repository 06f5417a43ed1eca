"""The streaming guides' voice programs in headless Chromium, with a fake microphone that
says a phrase (espeak-ng's, from ``tests/realtime_guides/voice``) then stays silent, over
and over: recording events, ``gr.Audio(recording=True|False)`` from the server, a
streamed reply while the microphone waits, ``js=`` on launch and ``gr.Info``."""

from __future__ import annotations

import runpy
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright

from rillet.testing import serve
from tests.browser.conftest import ARGS, checked_page, launch, open_app
from tests.realtime_guides.speech import conversation, write_wav

INPUT = "[data-rillet-type=audio] >> nth=0"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def voice_browser(
    playwright_driver: Playwright, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Browser]:
    """Chromium whose microphone says "Wait, stop, I have a question", then is silent for
    2.5 s (Chromium loops the file)."""
    samples, _ = conversation(0.5, "question", 2.5, rate=48000)
    wav = write_wav(tmp_path_factory.mktemp("voice") / "voice.wav", samples, 48000)
    browser = launch(
        playwright_driver,
        [
            *ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={wav}",
        ],
    )
    yield browser
    browser.close()


@pytest.fixture
def voice_page(voice_browser: Browser) -> Iterator[Page]:
    with checked_page(voice_browser) as page:
        yield page


def audio_js(index: int) -> str:
    return f"document.querySelectorAll('[data-rillet-type=audio]')[{index}]"


def until(condition: Callable[[], bool], timeout: float = 30.0) -> bool:
    """Wait for a server-side condition (checked every 10 ms), up to ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while not condition():
        if time.monotonic() > deadline:
            return False
        pause.wait(0.01)
    return True


def recording(page: Page, index: int = 0) -> str:
    return f"{audio_js(index)}.classList.contains('rillet-recording')"


@pytest.mark.timeout(120)
def test_guide04_a_pause_stops_the_microphone_and_the_reply_reopens_it(voice_page: Page) -> None:
    from tests.realtime_guides import guide04_conversational_chatbot as guide

    page = voice_page
    with serve(guide.demo) as url:
        open_app(page, url)
        page.locator(INPUT).locator("[data-testid=audio-record]").click()
        page.wait_for_function(recording(page))  # start_recording: the stream runs
        # the speaker paused: the stream's gr.Audio(recording=False) stops the microphone,
        # which fires stop_recording: the reply streams into the autoplaying output
        page.wait_for_function(f"!({recording(page)})", timeout=30_000)
        page.wait_for_function(
            f"{audio_js(1)}.rilletAudio.scheduled.length >= 3",
            timeout=30_000,
        )
        # ... the mic stays closed while the reply plays; once it ends (the output's
        # stop), start_recording_user's gr.Audio(recording=True) opens it again
        assert not page.evaluate(f"() => {recording(page)}")
        page.wait_for_function(recording(page), timeout=30_000)
        page.wait_for_function(
            "document.querySelectorAll('[data-rillet-type=chatbot] audio').length >= 2"
        )
        # Stop Conversation: gr.Audio(recording=False) and the stopped state
        page.get_by_role("button", name="Stop Conversation").click()
        page.wait_for_function(f"!({recording(page)})", timeout=30_000)
        page.goto("about:blank")  # leave before the server stops


@pytest.mark.timeout(120)
def test_guide06_a_browser_vad_given_as_js_drives_the_recording_events(voice_page: Page) -> None:
    from tests.realtime_guides import guide06_voice_detection as guide

    page = voice_page
    with serve(guide.demo, js=guide.js) as url:
        open_app(page, url)
        # launch(js=...) ran: the record button was renamed, the VAD listens
        page.wait_for_function(
            "document.querySelector('[data-testid=audio-record]').dataset.vadReady === '1'"
        )
        # speech clicks Record (start_recording), the silence after it clicks Stop
        # (stop_recording): the recording is answered in the chat
        page.wait_for_function("window.rilletVad && window.rilletVad.ends >= 1", timeout=30_000)
        page.wait_for_function(
            "document.querySelector('[data-rillet-type=chatbot]').innerText.includes('calories')",
            timeout=30_000,
        )
        text = page.locator("[data-rillet-type=chatbot]").inner_text()
        # the stand-in transcript of what was recorded: the phrase, not a stale value
        seconds = float(text.split(" s of audio at")[0].split()[-1])
        assert 0.3 <= seconds <= 5.0, text
        page.goto("about:blank")  # leave (the VAD goes on clicking) before the server stops


@pytest.mark.timeout(120)
def test_guide01_stop_recording_shows_info_then_speaks_the_answer(voice_page: Page) -> None:
    from tests.realtime_guides import guide01_magic_8_ball as guide

    page = voice_page
    with serve(guide.demo) as url:
        open_app(page, url)
        record = page.locator("[data-rillet-type=audio] >> nth=1").locator(
            "[data-testid=audio-record]"
        )
        record.click()
        page.wait_for_function(f"{audio_js(1)}.rilletAudio.recordedSeconds() >= 1.5")
        record.click()  # stop_recording
        page.get_by_text("Transcribing Audio").wait_for()  # gr.Info, shown as a toast
        page.wait_for_function(
            f"{audio_js(0)}.rilletAudio.scheduled.length >= 3",
            timeout=30_000,
        )
        box = "document.querySelector('[data-rillet-type=textbox] [data-testid=textbox]')"
        page.wait_for_function(f"{box}.textContent.trim().length > 0")
        answer = page.evaluate(f"() => {box}.textContent.trim()")
        assert answer in {
            "The early bird gets the worm",
            "Curiosity killed the cat",
            "A watched pot never boils",
            "Still waters run deep",
        }
        page.goto("about:blank")


# ---- demo/voice_echo over rillet's WebRTC ----------------------------------------------


@pytest.mark.timeout(120)
def test_voice_echo_replies_on_pause_and_stops_when_spoken_over(voice_page: Page) -> None:
    """The fake microphone says its phrase, pauses 2.5 s, says it again: the echo starts
    in the pause and is still playing when the phrase comes back, so it is cut (barge-in):
    the queue is cleared and the demo says how much of it was heard."""
    pytest.importorskip("aiortc", reason="the WebRTC transport needs aiortc")
    program = runpy.run_path(str(ROOT / "demo" / "voice_echo" / "run.py"))
    demo, audio = program["demo"], program["audio"]
    page = voice_page
    status = "document.querySelector('[data-rillet-type=textbox] [data-testid=textbox]')"
    text = f"({status}.value || {status}.textContent || '')"
    with serve(demo) as url:
        open_app(page, url)
        page.click("[data-testid=webrtc-button]")
        page.wait_for_function(f"{text}.includes('pause: I will say it back')")  # startup_fn
        page.wait_for_function(f"{text}.startsWith('You spoke for')", timeout=30_000)
        page.wait_for_function(
            "async () => (await document.querySelector('.rillet-webrtc')"
            ".rilletWebRTC.audioEnergy()) > 0.01",
            timeout=30_000,
        )  # the echo is heard in the page
        peer = next(iter(audio.rtc_stream.peers.values()))
        page.wait_for_function(f"{text}.startsWith('Interrupted after')", timeout=30_000)
        line = page.evaluate(f"() => {text}")
        heard, sent = (float(word) for word in line.split() if word.replace(".", "").isdigit())
        assert 0 < heard < sent, line
        assert peer.handler.reply is not None
        page.goto("about:blank")  # leaving closes the connection and shuts the handler down
        assert until(lambda: peer.closed and peer.handler._shut), "the handler was not shut down"


# ---- the recording events --------------------------------------------------------------


@pytest.mark.timeout(120)
def test_recording_events_start_pause_and_stop(voice_page: Page) -> None:
    """Gradio's audio_component_events counters: Record, Pause, Resume, Stop fire
    start_recording, pause_recording and stop_recording once each; the paused time is
    left out of the recording, which is the value when stop_recording runs."""
    import rillet as gr

    with gr.Blocks() as demo:
        mic = gr.Audio(type="numpy", label="Input Audio", sources=["microphone"])
        starts = gr.Number(label="starts", value=0, elem_id="starts")
        pauses = gr.Number(label="pauses", value=0, elem_id="pauses")
        stops = gr.Number(label="stops", value=0, elem_id="stops")
        seconds = gr.Number(label="seconds", value=0, elem_id="seconds")
        mic.start_recording(lambda n: n + 1, starts, starts)
        mic.pause_recording(lambda n: n + 1, pauses, pauses)
        mic.stop_recording(
            lambda n, audio: (n + 1, round(audio[1].shape[0] / audio[0], 1)),
            [stops, mic],
            [stops, seconds],
        )
    page = voice_page

    def value(elem_id: str) -> str:
        return f"Number(document.querySelector('#{elem_id} input').value)"

    with serve(demo) as url:
        open_app(page, url)
        page.locator("[data-testid=audio-record]").click()
        page.wait_for_function(f"{value('starts')} === 1")
        page.wait_for_function(f"{audio_js(0)}.rilletAudio.recordedSeconds() >= 1")
        page.locator("[data-testid=audio-pause]").click()
        page.wait_for_function(f"{value('pauses')} === 1")
        paused_at = page.evaluate(f"() => {audio_js(0)}.rilletAudio.recordedSeconds()")
        page.wait_for_timeout(1500)  # a paused microphone records nothing meanwhile
        assert page.evaluate(f"() => {audio_js(0)}.rilletAudio.recordedSeconds()") == paused_at
        page.locator("[data-testid=audio-pause]").click()  # ▶ Resume
        page.wait_for_function(f"{audio_js(0)}.rilletAudio.recordedSeconds() >= {paused_at + 0.5}")
        page.locator("[data-testid=audio-record]").click()  # ■ Stop
        page.wait_for_function(f"{value('stops')} === 1")
        page.wait_for_function(f"{value('seconds')} > 0")
        recorded = page.evaluate(f"() => {value('seconds')}")
        assert paused_at + 0.4 <= recorded < paused_at + 1.5 + 1.0
        assert page.locator("[data-testid=audio-pause]").count() == 0
        page.goto("about:blank")
