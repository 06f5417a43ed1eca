"""The WebRTC component in Chromium with the fake camera (red over blue) and microphone
(a 440 Hz tone): video flipped by the server comes back in the same video element, the
microphone's sound is echoed back, Stop and closing the page close the server's peer
connection and call the handler's shutdown()."""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

pytest.importorskip("aiortc", reason="the WebRTC transport needs aiortc (rillet[webrtc])")

import rillet as gr
from rillet.components.webrtc import WebRTC
from rillet.rtc.handlers import StreamHandler
from rillet.testing import serve

from .conftest import open_app

WAIT = 20.0

#: Mean red and blue of the top and bottom halves of what the video element shows.
HALVES = """() => {
    const video = document.querySelector('[data-testid=webrtc-video]');
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth; canvas.height = video.videoHeight;
    const g = canvas.getContext('2d');
    g.drawImage(video, 0, 0);
    const half = (y0) => {
        const d = g.getImageData(0, y0, canvas.width, canvas.height / 2).data;
        let r = 0, b = 0;
        for (let i = 0; i < d.length; i += 4) { r += d[i]; b += d[i + 2]; }
        const n = d.length / 4;
        return {r: r / n, b: b / n};
    };
    return {top: half(0), bottom: half(canvas.height / 2)};
}"""


class Echo(StreamHandler):
    """Sends back what it hears; counts it; notes its shutdown."""

    def __init__(self, log: dict) -> None:
        super().__init__()
        self.log = log
        self.heard: queue.SimpleQueue = queue.SimpleQueue()

    def copy(self) -> Echo:
        return Echo(self.log)

    def receive(self, frame) -> None:
        self.log["received"] += 1
        self.heard.put(frame)

    def emit(self):
        try:
            return self.heard.get(timeout=0.05)
        except queue.Empty:
            return None

    def shutdown(self) -> None:
        self.log["shutdown"].set()


def state(page: Page) -> str:
    return page.evaluate("() => document.querySelector('.rillet-webrtc').rilletWebRTC.state")


def test_the_camera_comes_back_flipped_in_the_same_video_element(cam_page: Page):
    with gr.Blocks() as demo:
        cam = WebRTC(label="Camera", modality="video", mode="send-receive", elem_id="cam")
        cam.stream(lambda frame: frame[::-1], inputs=[cam], outputs=[cam])
    with serve(demo) as url:
        open_app(cam_page, url)
        cam_page.click("[data-testid=webrtc-button]")
        cam_page.wait_for_function(
            "() => document.querySelector('#cam').rilletWebRTC.framesShown > 10", timeout=30_000
        )
        halves = cam_page.evaluate(HALVES)
        # the fake camera is red over blue; flipped, blue is on top
        assert halves["top"]["b"] > halves["top"]["r"] + 60, halves
        assert halves["bottom"]["r"] > halves["bottom"]["b"] + 60, halves
        assert len(cam.rtc_stream.peers) == 1
        peer = next(iter(cam.rtc_stream.peers.values()))
        assert peer.session_hash is not None, "the page's tick event did not claim it"
        cam_page.click("[data-testid=webrtc-button]")  # Stop
        cam_page.wait_for_function("() => document.querySelector('#cam').dataset.state === 'idle'")
        assert_closed(cam, peer, "closed by the client")


def wait_for(condition, timeout: float = WAIT) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def assert_closed(component, peer, reason: str) -> None:
    """The server dropped the connection, for ``reason`` (the page's close, not a
    transport timeout)."""
    assert wait_for(lambda: not component.rtc_stream.peers), "the server kept the connection"
    assert peer.closed and peer.reason == reason, peer.reason


@contextlib.contextmanager
def echoing(browser) -> Iterator[tuple[WebRTC, dict, Page, list[str]]]:
    """The echo app served and a page of it (a context of its own) with its microphone
    connected: the component, the handler's log, the page and its console errors."""
    log = {"received": 0, "shutdown": threading.Event()}
    with gr.Blocks() as demo:
        mic = WebRTC(label="Echo", modality="audio", mode="send-receive", elem_id="mic")
        mic.stream(Echo(log), inputs=[mic], outputs=[mic])
    with serve(demo) as url:
        context = browser.new_context()
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.set_default_timeout(20_000)
        open_app(page, url)
        page.click("[data-testid=webrtc-button]")
        page.wait_for_function("() => document.querySelector('#mic').rilletWebRTC.state === 'open'")
        try:
            yield mic, log, page, errors
        finally:
            context.close()


def test_the_microphone_is_echoed_and_closing_the_page_closes_the_peer(cam_browser):
    with echoing(cam_browser) as (mic, log, page, errors):
        peer = next(iter(mic.rtc_stream.peers.values()))
        # the tone comes back: the handler hears it, sends it, the page receives it
        page.wait_for_function(
            "async () => (await document.querySelector('#mic').rilletWebRTC.audioEnergy()) > 0.01",
            timeout=30_000,
        )
        assert wait_for(lambda: log["received"] > 10 and peer.audio_out.sounding > 10)
        closing = time.monotonic()
        page.close()  # the page goes: its pagehide tells the server
        assert log["shutdown"].wait(WAIT), "shutdown() was never called"
        print(f"\npage closed -> shutdown() in {time.monotonic() - closing:.3f} s")
        assert_closed(mic, peer, "closed by the client")
    assert errors == []


def test_a_tab_that_crashes_has_its_connection_closed(cam_browser):
    """A crashed renderer sends no close and no pagehide: the microphone's packets stopping
    is what tells the server, long before the session's grace (10 s) or ICE (~30 s)."""
    with echoing(cam_browser) as (mic, log, page, _):
        peer = next(iter(mic.rtc_stream.peers.values()))
        assert wait_for(lambda: log["received"] > 10), "no audio arrived"
        crashing = time.monotonic()
        page.on("crash", lambda _: None)  # expected
        # the renderer dies, as in a real crash; the navigation ends in the crash it asked for
        with contextlib.suppress(Exception):
            page.goto("chrome://crash", timeout=5_000)
        assert log["shutdown"].wait(WAIT), "shutdown() was never called"
        print(f"\ntab crashed -> shutdown() in {time.monotonic() - crashing:.3f} s")
        assert_closed(mic, peer, "the client stopped sending media")


def test_the_boxes_demo_streams_and_its_side_output_reaches_the_page(cam_page: Page):
    from .conftest import run_demo

    with run_demo("demo/webcam_boxes_rtc/run.py") as url:
        open_app(cam_page, url)
        cam_page.click("[data-testid=webrtc-button]")
        cam_page.wait_for_function(
            "() => document.querySelector('.rillet-webrtc').rilletWebRTC.framesShown > 10",
            timeout=30_000,
        )
        # the handler's AdditionalOutputs(count) fills the Number beside the video
        cam_page.wait_for_function(
            "() => [...document.querySelectorAll('input[type=number]')].some((i) => i.value !== '')"
        )
        cam_page.click("[data-testid=webrtc-button]")
        cam_page.wait_for_function(
            "() => document.querySelector('.rillet-webrtc').dataset.state === 'idle'"
        )


def test_the_time_limit_ends_the_connection_and_says_so(cam_page: Page):
    with gr.Blocks() as demo:
        cam = WebRTC(modality="video", elem_id="cam", time_limit=1)
        cam.stream(lambda frame: frame, inputs=[cam], outputs=[cam])
    with serve(demo) as url:
        open_app(cam_page, url)
        cam_page.click("[data-testid=webrtc-button]")
        cam_page.wait_for_function(
            "() => document.querySelector('#cam').rilletWebRTC.reason === 'time limit'"
        )
        cam_page.wait_for_function("() => document.querySelector('#cam').dataset.state === 'idle'")
        assert "time limit" in cam_page.inner_text("#cam [role=alert]")
        assert wait_for(lambda: not cam.rtc_stream.peers)
