"""The components' chrome in real Chromium: corner buttons that download the real file, show
an image full screen and copy text (a textbox, a chat message, the whole chat) to the
clipboard; empty states; the audio waveform; the slider's bounds and reset button."""

from __future__ import annotations

import math
import struct
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

import rillet as gr
from rillet.testing import serve
from tests.videofiles import make_video

from .conftest import open_app

#: The waveform's progress colour in the app below, as the canvas reads it back.
PLAYED = (0, 128, 0)


def png_file(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (40, 30), (200, 30, 30)).save(path)
    return path


def wav_file(path: Path, seconds: float = 2.0, rate: int = 8000) -> Path:
    """A 300 Hz tone whose loudness swells and fades (so the waveform has a shape)."""
    count = int(seconds * rate)
    samples = [
        int(20000 * math.sin(math.pi * i / count) * math.sin(2 * math.pi * 300 * i / rate))
        for i in range(count)
    ]
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(struct.pack(f"<{count}h", *samples))
    return path


def echo_copy(data: gr.CopyData) -> str:
    return f"copied: {data.value}"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("widgets")
    return {
        "image": png_file(folder / "red.png"),
        "audio": wav_file(folder / "swell.wav"),
        "video": make_video(folder / "clip.mp4", seconds=1.0),
    }


@pytest.fixture(scope="module")
def app(files: dict[str, Path]) -> Iterator[str]:
    with gr.Blocks() as demo:
        gr.Image(files["image"], interactive=False, elem_id="img")
        gr.Image(interactive=False, elem_id="img_empty")
        gr.Image(interactive=True, elem_id="img_in")
        gr.Image(interactive=True, sources=["webcam"], elem_id="img_cam")
        gr.Audio(
            files["audio"],
            interactive=False,
            elem_id="aud",
            waveform_options=gr.WaveformOptions(waveform_progress_color="rgb(0, 128, 0)")
            if hasattr(gr, "WaveformOptions")
            else {"waveform_progress_color": "rgb(0, 128, 0)"},
        )
        gr.Audio(interactive=False, elem_id="aud_empty")
        gr.Audio(interactive=True, elem_id="aud_in")
        gr.Audio(
            files["audio"],
            interactive=False,
            elem_id="aud_plain",
            buttons=[],
            waveform_options={"show_recording_waveform": False},
        )
        gr.Video(files["video"], interactive=False, elem_id="vid")
        gr.Video(interactive=True, elem_id="vid_in")
        text = gr.Textbox("Copy me: ünïcode ✓", buttons=["copy"], interactive=True, elem_id="txt")
        copied = gr.Textbox(label="copied", elem_id="copied")
        text.copy(echo_copy, None, copied)
        gr.Textbox("no buttons", elem_id="plain")
        gr.Chatbot(
            [
                {"role": "user", "content": "Hi"},
                {"role": "assistant", "content": "Hello **there**"},
            ],
            elem_id="chat",
        )
        gr.Slider(0, 10, 3, step=1, interactive=True, elem_id="sl")
        gr.Slider(0, 1, 0.5, buttons=[], elem_id="sl_plain")
    with serve(demo) as url:
        yield url


def clipboard_page(page: Page, url: str) -> Page:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
    open_app(page, url)
    return page


def clipboard(page: Page) -> str:
    return page.evaluate("() => navigator.clipboard.readText()")


def download_bytes(page: Page, elem_id: str) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.locator(f"#{elem_id} [data-action=download]").click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


@pytest.mark.parametrize(
    ("elem_id", "kind"), [("img", "image"), ("aud", "audio"), ("vid", "video")]
)
def test_download_gives_the_real_file(
    page: Page, app: str, files: dict[str, Path], elem_id: str, kind: str
) -> None:
    open_app(page, app)
    name, data = download_bytes(page, elem_id)
    assert name == files[kind].name
    assert data == files[kind].read_bytes()


def test_buttons_follow_the_app(page: Page, app: str) -> None:
    open_app(page, app)
    assert page.locator("#img .rillet-toolbar [data-action]").evaluate_all(
        "(els) => els.map((e) => e.dataset.action)"
    ) == ["download", "fullscreen"]  # "share" is not drawn
    assert page.locator("#aud_plain [data-action]").count() == 0  # buttons=[]
    assert page.locator("#plain [data-action]").count() == 0  # Textbox: none by default
    # an empty output has nothing to download: its bar is hidden
    assert page.locator("#img_empty .rillet-toolbar").is_hidden()
    assert page.locator("#aud_empty .rillet-toolbar").is_hidden()


def test_fullscreen_shows_the_image(page: Page, app: str) -> None:
    open_app(page, app)
    page.locator("#img [data-action=fullscreen]").click()
    page.wait_for_function(
        "document.fullscreenElement?.matches('#img [data-testid=image]') "
        "&& document.fullscreenElement.querySelector('img') !== null"
    )
    page.evaluate("() => document.exitFullscreen()")
    page.wait_for_function("document.fullscreenElement === null")


def test_textbox_copy_puts_the_text_on_the_clipboard_and_fires_copy(page: Page, app: str) -> None:
    clipboard_page(page, app)
    button = page.locator("#txt [data-action=copy]")
    button.click()
    page.wait_for_function(
        "document.querySelector('#txt [data-action=copy]').dataset.copied === '1'"
    )
    assert clipboard(page) == "Copy me: ünïcode ✓"
    page.wait_for_function(
        "document.querySelector('#copied [data-testid=textbox]').value"
        " === 'copied: Copy me: ünïcode ✓'"
    )
    # what the user typed is what is copied
    page.locator("#txt textarea").fill("edited")
    button.click()
    page.wait_for_function("() => navigator.clipboard.readText().then((t) => t === 'edited')")


def test_chat_copies_a_message_and_the_whole_chat(page: Page, app: str) -> None:
    clipboard_page(page, app)
    chat = page.locator("#chat")
    assert chat.locator(".rillet-msg-tools [data-action=copy]").count() == 2
    chat.locator(".rillet-msg-row-bot [data-action=copy]").click()
    page.wait_for_function("() => navigator.clipboard.readText().then((t) => t !== '')")
    assert clipboard(page) == "Hello **there**"  # the message's Markdown source
    chat.locator(".rillet-toolbar [data-action=copy_all]").click()
    page.wait_for_function("() => navigator.clipboard.readText().then((t) => t.includes('user:'))")
    assert clipboard(page) == "user: Hi\nassistant: Hello **there**"


def test_chat_clear_empties_it(page: Page, app: str) -> None:
    open_app(page, app)
    page.locator("#chat [data-action=clear]").click()
    page.wait_for_function("document.querySelectorAll('#chat [data-testid=bot]').length === 0")
    assert page.locator("#chat .rillet-toolbar").is_hidden()  # nothing left to copy or clear


def test_empty_states(page: Page, app: str) -> None:
    open_app(page, app)
    drop = page.locator("#img_in [data-testid=image-drop]")
    assert drop.inner_text().split("\n") == ["Drop Image Here", "- or -", "Click to Upload"]
    assert drop.locator("svg").count() == 1
    assert page.locator("#img_cam [data-testid=image-webcam]").inner_text() == (
        "Click to Access Webcam"
    )
    assert (
        page.locator("#aud_in [data-testid=audio-drop]").inner_text().startswith("Drop Audio Here")
    )
    assert (
        page.locator("#vid_in [data-testid=video-drop]").inner_text().startswith("Drop Video Here")
    )
    for elem_id, kind in (("img_empty", "image"), ("aud_empty", "audio")):
        faint = page.locator(f"#{elem_id} [data-testid={kind}-empty]")
        assert faint.is_visible() and faint.inner_text() == "" and faint.locator("svg").count() == 1
    # outputs with a value show it, not the empty state
    assert page.locator("#img [data-testid=image-empty]").count() == 0
    assert page.locator("#aud [data-testid=audio-empty]").is_hidden()


def test_click_to_upload_opens_the_file_picker(
    page: Page, app: str, files: dict[str, Path]
) -> None:
    open_app(page, app)
    with page.expect_file_chooser() as chooser:
        page.locator("#img_in [data-testid=image-drop]").click()
    chooser.value.set_files(files["image"])
    page.locator("#img_in [data-testid=image] img").wait_for()
    assert page.locator("#img_in [data-testid=image-drop]").count() == 0


WAVE = "document.querySelector('#aud').rilletAudio.waveform"
PIXEL = """([x]) => {
    const canvas = document.querySelector('#aud canvas');
    const c = canvas.getContext('2d');
    const ratio = canvas.width / canvas.clientWidth;
    // the first drawn pixel of the bar at x (a bar and its gap span 3 CSS pixels)
    for (let dx = 0; dx < 3 * ratio; dx += 1) {
        for (let y = 0; y < canvas.height; y += 1) {
            const [r, g, b, a] = c.getImageData(Math.round(x * ratio) + dx, y, 1, 1).data;
            if (a === 255) return [r, g, b];
        }
    }
    return null;
}"""


def test_waveform_draws_the_files_peaks_and_follows_the_player(page: Page, app: str) -> None:
    open_app(page, app)
    page.wait_for_function(f"{WAVE}.peaks > 0")
    assert page.locator("#aud [data-testid=waveform]").is_visible()
    assert page.locator("#aud_plain [data-testid=waveform]").is_hidden()  # the player alone
    width = page.locator("#aud canvas").evaluate("(c) => c.clientWidth")
    # nothing played yet: no bar is in the progress colour
    assert tuple(page.evaluate(PIXEL, [width * 0.5])) != PLAYED
    # a click at three quarters seeks there; the bars before it turn the progress colour
    wave = page.locator("#aud [data-testid=waveform]")
    box = wave.bounding_box()
    assert box is not None
    wave.click(position={"x": box["width"] * 0.75, "y": box["height"] / 2})
    page.wait_for_function(f"{WAVE}.progress > 0.7 && {WAVE}.progress < 0.8")
    current = page.evaluate("document.querySelector('#aud audio').currentTime")
    assert 1.4 < current < 1.6  # 75% of 2 s
    assert tuple(page.evaluate(PIXEL, [width * 0.5])) == PLAYED
    assert tuple(page.evaluate(PIXEL, [width * 0.9])) != PLAYED


def test_slider_shows_its_bounds_and_resets(page: Page, app: str) -> None:
    open_app(page, app)
    slider = page.locator("#sl")
    assert slider.locator("[data-testid=min-value]").inner_text() == "0"
    assert slider.locator("[data-testid=max-value]").inner_text() == "10"
    box = slider.locator("[data-testid=number-input]")
    box.fill("8")
    box.press("Enter")
    page.wait_for_function("document.querySelector('#sl [data-testid=slider]').value === '8'")
    slider.locator("[data-testid=reset-button]").click()
    page.wait_for_function("document.querySelector('#sl [data-testid=slider]').value === '3'")
    assert box.input_value() == "3"
    assert page.locator("#sl_plain [data-testid=reset-button]").is_hidden()  # buttons=[]


def two_chunks():
    import numpy as np

    rate = 16000
    t = np.arange(rate // 4) / rate
    for freq in (300, 500):
        yield rate, (0.3 * np.sin(2 * np.pi * freq * t) * 32767).astype(np.int16)


@pytest.fixture(scope="module")
def stream_app() -> Iterator[str]:
    with gr.Blocks() as demo:
        out = gr.Audio(streaming=True, autoplay=True, elem_id="live")
        gr.Button("Play", elem_id="go").click(two_chunks, None, out)
    with serve(demo) as url:
        yield url


def test_a_streamed_output_gets_its_waveform_once_joined(page: Page, stream_app: str) -> None:
    open_app(page, stream_app)
    live = "document.querySelector('#live').rilletAudio"
    page.locator("#go").click()
    page.wait_for_function(f"{live}.scheduled.length >= 1")
    # the joined file reaches the player; once the stream has played, its waveform shows
    page.wait_for_function(
        f"{live}.waveform.peaks > 0 && {live}.waveform.url === {live}.player.src", timeout=30_000
    )
    assert page.locator("#live [data-testid=audio-stream]").is_hidden()
    assert page.locator("#live [data-testid=waveform]").is_visible()
