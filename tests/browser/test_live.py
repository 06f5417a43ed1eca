"""Live inputs in Chromium: the fake camera (red over blue) and fake microphone stream
into running events; live Interfaces rerun on change and cancel stale runs."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
from playwright.sync_api import Page

import rillet as gr
from rillet.testing import serve

from .conftest import open_app, run_demo

#: Mean colour of the top and bottom thirds of the `index`-th image on the page, read
#: by drawing it on a canvas (frames come as data URLs, so the canvas is not tainted).
HALVES = """(index) => {
  const img = document.querySelectorAll('[data-testid="image"] img')[index];
  if (!img || !img.complete || !img.naturalWidth) return null;
  const c = document.createElement('canvas');
  c.width = img.naturalWidth; c.height = img.naturalHeight;
  const g = c.getContext('2d');
  g.drawImage(img, 0, 0);
  const mean = (y0, y1) => {
    const d = g.getImageData(0, y0, c.width, y1 - y0).data;
    const s = [0, 0, 0];
    for (let i = 0; i < d.length; i += 4) { s[0] += d[i]; s[1] += d[i + 1]; s[2] += d[i + 2]; }
    const n = d.length / 4;
    return s.map((v) => Math.round(v / n));
  };
  const h = c.height;
  return {top: mean(0, Math.floor(h / 3)), bottom: mean(Math.ceil(2 * h / 3), h),
          src: img.src.slice(0, 22), w: c.width, h};
}"""


def webcam(page: Page, index: int = 0):
    """The webcam test hook of the ``index``-th image ({sent, answered, streaming})."""
    return page.evaluate(
        "(i) => { const cam = document.querySelectorAll('.rillet-image')[i]"
        ".rilletWebcam; return cam ? {...cam} : null; }",
        index,
    )


def is_red(rgb: list[int]) -> bool:
    return rgb[0] > 150 and rgb[2] < 100


def is_blue(rgb: list[int]) -> bool:
    return rgb[2] > 150 and rgb[0] < 100


def stream_until_answered(page: Page, count: int) -> None:
    page.click('[data-testid="webcam-stream"]')
    page.wait_for_function(
        f"document.querySelector('.rillet-image').rilletWebcam.answered >= {count}", timeout=30_000
    )


def test_the_flip_demo_streams_webcam_frames_back_flipped(cam_page: Page):
    with run_demo("demo/webcam_flip/run.py") as url:
        open_app(cam_page, url)
        assert cam_page.locator('[data-testid="webcam-stream"]').count() == 1
        assert cam_page.locator("button", has_text="Submit").count() == 0  # live: no Submit
        stream_until_answered(cam_page, 15)
        out = cam_page.evaluate(HALVES, 0)
        assert out["src"].startswith("data:image/"), out
        assert (out["w"], out["h"]) == (320, 240)
        assert is_blue(out["top"]) and is_red(out["bottom"]), out  # the camera is red over blue
        state = webcam(cam_page)
        assert state["streaming"] and state["sent"] - state["answered"] <= 1  # no backlog
        cam_page.click('[data-testid="webcam-stream"]')  # Stop
        cam_page.wait_for_function("document.body.dataset.rilletRunning === '0'")
        assert not webcam(cam_page)["streaming"]
        # the last result stays on the page after Stop
        assert is_blue(cam_page.evaluate(HALVES, 0)["top"])


def test_the_blocks_stream_demo_echoes_frames(cam_page: Page):
    with run_demo("demo/webcam_stream/run.py") as url:
        open_app(cam_page, url)
        stream_until_answered(cam_page, 10)
        out = cam_page.evaluate(HALVES, 0)
        assert is_red(out["top"]) and is_blue(out["bottom"]), out
        cam_page.click('[data-testid="webcam-stream"]')
        cam_page.wait_for_function("document.body.dataset.rilletRunning === '0'")


@pytest.fixture
def slow_live_app():
    calls: list[float] = []
    closed: list[str] = []
    finished: list[str] = []
    some_closed = threading.Event()

    def slow_flip(frame):
        calls.append(time.monotonic())
        time.sleep(0.25)
        return np.flipud(frame)

    def slow_echo(text):
        try:
            for i in range(1, len(text) + 1):
                time.sleep(0.2)
                yield text[:i].upper()
            # a run for fewer than the four letters typed goes on until it is cancelled (or
            # for 30 s), however slowly the letters come
            deadline = time.monotonic() + 30
            while len(text) < 4 and time.monotonic() < deadline:
                time.sleep(0.05)
                yield text.upper()
            finished.append(text)
        except GeneratorExit:
            closed.append(text)
            some_closed.set()
            raise

    with gr.Blocks() as demo:
        cam = gr.Image(sources="webcam")
        out = gr.Image()
        cam.stream(slow_flip, cam, out, time_limit=2)
    live_text = gr.Interface(slow_echo, "text", "text", live=True)
    with serve(demo) as url, serve(live_text) as text_url:
        yield url, text_url, calls, (closed, finished, some_closed)


def test_a_slow_function_gets_one_frame_at_a_time_and_the_time_limit_stops_the_camera(
    cam_page: Page, slow_live_app
):
    url, _, calls, _ = slow_live_app
    open_app(cam_page, url)
    cam_page.click('[data-testid="webcam-stream"]')
    # the 2 s time limit ends the event; the webcam stops by itself
    cam_page.wait_for_function("document.querySelector('.rillet-image').rilletWebcam.answered >= 3")
    cam_page.wait_for_function(
        "!document.querySelector('.rillet-image').rilletWebcam.streaming", timeout=10_000
    )
    cam_page.wait_for_function("document.body.dataset.rilletRunning === '0'")
    state = webcam(cam_page)
    # ~0.25 s per call for ~2 s: a handful of calls, each on a frame sent after the last
    # answer; the camera's 30 fps never piled up
    assert 3 <= len(calls) <= 10, calls
    assert state["sent"] - len(calls) <= 1, (state, len(calls))
    assert cam_page.locator('[data-testid="webcam-stream"]').inner_text() == "● Stream"


def test_a_live_interface_reruns_on_each_change_and_cancels_stale_runs(page: Page, slow_live_app):
    _, text_url, _, (closed, finished, some_closed) = slow_live_app
    open_app(page, text_url)
    # one letter every 0.3 s; the runs for fewer letters go on until cancelled: each is
    # still going when the next letter comes
    page.locator("textarea").first.press_sequentially("abcd", delay=300)
    page.wait_for_function("document.querySelectorAll('[data-testid=textbox]')[1].value === 'ABCD'")
    page.wait_for_function("document.body.dataset.rilletRunning === '0'")
    assert "abcd" in finished
    assert "ab" not in finished and "abc" not in finished, finished  # stale: cancelled
    assert some_closed.wait(5), "no stale generator was closed"
    assert "abcd" not in closed and set(closed) <= {"a", "ab", "abc"}, closed


def test_the_speech_demo_turns_microphone_chunks_into_a_running_transcript(cam_page: Page):
    transcript = "document.querySelector('[data-testid=textbox]').value"
    with run_demo("demo/streaming_speech/run.py") as url:
        open_app(cam_page, url)
        cam_page.click('[data-testid="audio-record"]')
        cam_page.wait_for_function(f"({transcript} || '').split('\\n').length >= 4", timeout=30_000)
        recorded = cam_page.evaluate(
            "document.querySelector('.rillet-audio').rilletAudio.recordedSeconds()"
        )
        cam_page.click('[data-testid="audio-record"]')
        cam_page.wait_for_function("document.body.dataset.rilletRunning === '0'")
        lines = cam_page.evaluate(transcript).splitlines()
    # each line: a chunk of about stream_every (0.5 s) of the fake 440 Hz tone, loud; the
    # samples recorded while a chunk waited go with the next one, and Stop sends the rest
    seconds = [float(line.partition(" s at ")[0]) for line in lines]
    for line in lines:
        assert -30 <= int(line.partition(" s at ")[2].split()[0]) <= 0, lines
    assert all(s > 0 for s in seconds), lines
    assert sum(seconds) >= recorded - 0.05, (sum(seconds), recorded, lines)


def test_a_webcam_snapshot_becomes_the_inputs_value(cam_page: Page):
    def halves(frame):
        top, bottom = frame[: frame.shape[0] // 3], frame[-frame.shape[0] // 3 :]
        name = lambda part: "red" if part[..., 0].mean() > part[..., 2].mean() else "blue"  # noqa: E731
        return f"{name(top)} over {name(bottom)}, {frame.shape[1]}x{frame.shape[0]}"

    with gr.Blocks() as demo:
        cam = gr.Image(sources=["webcam"])
        out = gr.Textbox(elem_id="out")
        gr.Button("Go", elem_id="go").click(halves, cam, out)
    with serve(demo) as url:
        open_app(cam_page, url)
        cam_page.click('[data-testid="webcam-open"]')
        cam_page.wait_for_function(
            "document.querySelector('[data-testid=webcam-preview]')?.videoWidth > 0"
        )
        cam_page.click('[data-testid="webcam-open"]')  # now "Capture"
        cam_page.locator('.rillet-image [data-testid="image"] img').first.wait_for()
        cam_page.wait_for_function(
            "document.querySelector('[data-testid=webcam-open]').textContent === 'Webcam'"
        )
        cam_page.click("#go")
        cam_page.wait_for_function(
            "document.querySelector('#out [data-testid=textbox]').value !== ''"
        )
        assert (
            cam_page.evaluate("document.querySelector('#out [data-testid=textbox]').value")
            == "red over blue, 320x240"
        )


def test_webcam_options_constraints_choose_the_camera_size(cam_page: Page):
    with gr.Blocks() as demo:
        cam = gr.Image(
            sources="webcam",
            webcam_options=gr.WebcamOptions(
                mirror=False, constraints={"video": {"width": 160, "height": 120}}
            ),
        )
        out = gr.Image()
        cam.stream(lambda im: im, cam, out)
    with serve(demo) as url:
        open_app(cam_page, url)
        stream_until_answered(cam_page, 3)
        out = cam_page.evaluate(HALVES, 0)
        assert (out["w"], out["h"]) == (160, 120)
        assert is_red(out["top"]) and is_blue(out["bottom"]), out
        cam_page.click('[data-testid="webcam-stream"]')
        cam_page.wait_for_function("document.body.dataset.rilletRunning === '0'")
