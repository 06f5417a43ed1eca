"""Headless Debian Chromium driven by Playwright; every page fails its test on a console error.

One Playwright driver per session; browsers launched on it: ``browser`` (autoplay allowed),
``mic_browser`` (also a fake microphone playing a generated WAV) and
``no_autoplay_browser`` (Chromium's default autoplay policy, for the blocked path).
"""

from __future__ import annotations

import math
import os
import re
import struct
import subprocess
import sys
import wave
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AUTOPLAY = "--autoplay-policy=no-user-gesture-required"
NO_DNS = "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1"
ARGS = [AUTOPLAY, NO_DNS]
ROOT = Path(__file__).resolve().parents[2]
#: The fake microphone's signal: a 440 Hz tone at this rate.
MIC_RATE = 48000


#: A predicate string that is already a function (``() => ...``, ``([a]) => ...``,
#: ``function ...``); anything else is a bare expression.
FUNCTION = re.compile(r"\s*(async\s+)?(function\b|\([^()]*\)\s*=>|[\w$]+\s*=>)")


def as_function(expression: str) -> str:
    """``expression`` as a function predicate. Playwright polls a bare expression with
    ``eval``, which the page's Content-Security-Policy refuses (no 'unsafe-eval'); a
    function is called without ``eval``."""
    return expression if FUNCTION.match(expression) else f"() => ({expression})"


@pytest.fixture(scope="session", autouse=True)
def predicates_without_eval() -> Iterator[None]:
    """Every ``page.wait_for_function`` works under the page's CSP (see :func:`as_function`)."""
    original = Page.wait_for_function

    def wait_for_function(self: Page, expression: str, **options: Any) -> Any:
        return original(self, as_function(expression), **options)

    Page.wait_for_function = wait_for_function  # type: ignore[method-assign]
    yield
    Page.wait_for_function = original  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


def launch(driver: Playwright, args: list[str]) -> Browser:
    return driver.chromium.launch(executable_path=CHROMIUM, args=args)


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    b = launch(playwright_driver, ARGS)
    yield b
    b.close()


@pytest.fixture(scope="session")
def fake_mic_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two seconds of a 440 Hz tone (mono, 16-bit) for Chromium's fake microphone."""
    path = tmp_path_factory.mktemp("mic") / "mic.wav"
    samples = [int(9000 * math.sin(2 * math.pi * 440 * i / MIC_RATE)) for i in range(2 * MIC_RATE)]
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(MIC_RATE)
        out.writeframes(struct.pack(f"<{len(samples)}h", *samples))
    return path


@pytest.fixture(scope="session")
def mic_browser(playwright_driver: Playwright, fake_mic_wav: Path) -> Iterator[Browser]:
    """Chromium with a fake microphone (no permission prompt) that plays ``fake_mic_wav``."""
    b = launch(
        playwright_driver,
        [
            *ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={fake_mic_wav}",
        ],
    )
    yield b
    b.close()


@pytest.fixture(scope="session")
def no_autoplay_browser(playwright_driver: Playwright) -> Iterator[Browser]:
    """Chromium with its default autoplay policy: sound needs a user gesture first."""
    b = launch(playwright_driver, [NO_DNS])
    yield b
    b.close()


@contextmanager
def checked_page(browser: Browser, **context_options: Any) -> Iterator[Page]:
    """A page in a fresh context (``context_options``: Playwright's, e.g. ``locale=``); on
    leaving, fail if the page logged a console error."""
    context = browser.new_context(**context_options)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.set_default_timeout(20_000)
    try:
        yield pg
    finally:
        context.close()
    assert errors == [], f"console errors on the page: {errors}"


def write_y4m(path: Path, width: int, height: int, frames: int = 2) -> Path:
    """A raw YUV 4:2:0 video for Chromium's fake camera: red top half, blue bottom half
    (so a vertical flip is visible in any frame)."""

    def plane(top: int, bottom: int, w: int, h: int) -> bytes:
        return bytes([top]) * (w * (h // 2)) + bytes([bottom]) * (w * (h - h // 2))

    # BT.601: red ~ (Y 81, U 90, V 240), blue ~ (Y 41, U 240, V 110)
    frame = (
        plane(81, 41, width, height)
        + plane(90, 240, width // 2, height // 2)
        + plane(240, 110, width // 2, height // 2)
    )
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F30:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            out.write(b"FRAME\n" + frame)
    return path


@pytest.fixture(scope="session")
def cam_browser(
    playwright_driver: Playwright, tmp_path_factory: pytest.TempPathFactory, fake_mic_wav: Path
) -> Iterator[Browser]:
    """Chromium with a fake camera showing red over blue (320x240) and the fake microphone."""
    video = write_y4m(tmp_path_factory.mktemp("cam") / "redblue.y4m", 320, 240)
    b = launch(
        playwright_driver,
        [
            *ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
            f"--use-file-for-fake-audio-capture={fake_mic_wav}",
        ],
    )
    yield b
    b.close()


@pytest.fixture
def cam_page(cam_browser: Browser) -> Iterator[Page]:
    with checked_page(cam_browser) as pg:
        yield pg


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    with checked_page(browser) as pg:
        yield pg


@pytest.fixture
def mic_page(mic_browser: Browser) -> Iterator[Page]:
    with checked_page(mic_browser) as pg:
        yield pg


def open_app(page: Page, url: str) -> None:
    """Load the app page and wait until it has mounted everything."""
    page.goto(url)
    page.wait_for_function("document.body.dataset.rilletReady === '1'")


@contextmanager
def run_demo(script: str) -> Iterator[str]:
    """Run a demo script unchanged as its own process on a free port; yields its URL."""
    env = {**os.environ, "GRADIO_SERVER_PORT": "0", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, script],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = None
        assert proc.stdout is not None
        for line in proc.stdout:
            found = re.search(r"(http://127\.0\.0\.1:\d+)/", line)
            if found:
                url = found.group(1)
                break
        assert url, f"{script} did not print its URL"
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture
def demo_server() -> Iterator[str]:
    """The fake diffusion demo, run unchanged as its own process on a free port."""
    with run_demo("demo/fake_diffusion/run.py") as url:
        yield url
