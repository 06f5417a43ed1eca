"""The wheel on its own: built from this checkout, installed into a fresh venv (no system
site-packages, dependencies from PyPI) with no npm on PATH, it serves a chat app whose page
loads the vendored markdown-it and renders the streamed Markdown reply. At run time nothing
comes from this checkout. Slow (a build and an install): about a minute on a warm pip cache.
"""

from __future__ import annotations

import itertools
import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import httpx
import pytest
from gradio_client import Client
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
#: The vendored module inside the wheel, and the public name it is served under.
VENDOR_FILE = "rillet/vendor/node_modules/markdown-it/dist/browser/markdown-it.esm.min.mjs"
VENDOR_URL = "/static/vendor/markdown-it.mjs"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
NO_DNS = "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1"
#: Seconds allowed to build the wheel, to install it with its dependencies (a cold pip cache
#: downloads PyAV, numpy and Pillow), for the app to print its URL, and to stop.
BUILD_S, INSTALL_S, START_S, STOP_S = 600, 900, 120, 10
#: Seconds for any one request, client call or page step.
STEP_S = 60
#: The first test builds and installs (the module's fixture, on a cold pip cache): the steps'
#: own timeouts above come first, with their output.
pytestmark = pytest.mark.timeout(BUILD_S + 2 * INSTALL_S + START_S + STOP_S + STEP_S)
WORDS = ["**bold**", " and", " `code`"]
REPLY = "".join(WORDS)

APP = f'''"""A chat app that streams a Markdown reply, word by word."""
import sys
import time

import rillet as gr


def reply(message, history):
    text = ""
    for word in {WORDS!r}:
        time.sleep(0.1)  # one yield per word, apart
        text += word
        yield text


demo = gr.ChatInterface(reply)
demo.launch(server_name="127.0.0.1", server_port=0, prevent_thread_lock=True, quiet=True)
print("READY", demo.local_url.rstrip("/"), gr.__file__, flush=True)
sys.stdin.read()  # serve until the test closes stdin
'''


class Installed(NamedTuple):
    """The app served from the fresh venv."""

    url: str
    #: ``rillet.__file__`` in the app's process.
    module_file: Path
    venv: Path
    wheel: Path


def run(args: list[str], timeout: float, env: dict[str, str] | None = None) -> None:
    """Run a command to completion; on failure, fail with the end of its output."""
    done = subprocess.run(
        args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout, env=env
    )
    assert done.returncode == 0, f"{' '.join(args)} failed:\n{done.stdout[-4000:]}"


def clean_env(venv: Path) -> dict[str, str]:
    """This environment with the venv's bin first, without this checkout's Python settings and
    without any directory that holds npm."""
    dirs = [d for d in os.environ["PATH"].split(os.pathsep) if d and not Path(d, "npm").exists()]
    path = os.pathsep.join([str(venv / "bin"), *dirs])
    assert shutil.which("npm", path=path) is None
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")
    }
    return {**env, "PATH": path, "VIRTUAL_ENV": str(venv), "PYTHONUNBUFFERED": "1"}


@contextmanager
def serving(python: Path, script: Path, env: dict[str, str]) -> Iterator[tuple[str, Path]]:
    """Run ``script`` with ``python`` until it prints ``READY <url> <rillet.__file__>``;
    yields (url, module file); always stops the process. Its output is drained by a thread
    (so a chatty server never blocks on a full pipe) and shown if it does not start."""
    proc = subprocess.Popen(
        [str(python), str(script)],
        cwd=script.parent,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str | None] = queue.Queue()
    output: list[str] = []

    def drain() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            output.append(line)
            lines.put(line)
        lines.put(None)

    threading.Thread(target=drain, daemon=True).start()
    try:
        deadline = time.monotonic() + START_S
        while True:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no READY within {START_S} s:\n{''.join(output)}") from None
            assert line is not None, f"the app exited:\n{''.join(output)}"
            if line.startswith("READY "):
                _, url, module = line.split(maxsplit=2)
                break
        yield url, Path(module.strip())
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.terminate()
        try:
            proc.wait(STOP_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(STOP_S)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    """Build the wheel (sdist, then the wheel from it), install it into a fresh venv with no
    npm on PATH and serve the chat app from that venv."""
    dist = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)], BUILD_S)
    (wheel,) = dist.glob("rillet-*.whl")
    venv = tmp_path_factory.mktemp("wheel-venv")
    run([sys.executable, "-m", "venv", str(venv)], INSTALL_S)
    env = clean_env(venv)
    python = venv / "bin" / "python"
    run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
        INSTALL_S,
        env,
    )
    script = tmp_path_factory.mktemp("app") / "chat_app.py"
    script.write_text(APP)
    with serving(python, script, env) as (url, module_file):
        yield Installed(url, module_file, venv, wheel)


def test_the_app_runs_from_the_fresh_venv(installed: Installed) -> None:
    assert installed.module_file.is_relative_to(installed.venv), installed.module_file
    assert not installed.module_file.is_relative_to(ROOT)


def test_the_wheel_serves_the_pinned_markdown_it(installed: Installed) -> None:
    lock = json.loads((ROOT / "rillet/vendor/package-lock.json").read_text())
    version = lock["packages"]["node_modules/markdown-it"]["version"]
    with zipfile.ZipFile(installed.wheel) as wheel:
        packaged = wheel.read(VENDOR_FILE)
    r = httpx.get(installed.url + VENDOR_URL, timeout=STEP_S)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/javascript")
    assert r.content == packaged
    assert r.content.startswith(f"/*! markdown-it {version} ".encode())


def test_gradio_client_gets_the_streamed_reply(installed: Installed) -> None:
    client = Client(installed.url, verbose=False)
    job = client.submit("hi", api_name="/reply")
    assert job.result(timeout=STEP_S) == REPLY
    seen = job.outputs()
    assert seen[-1] == REPLY
    assert len(seen) >= 2
    assert all(b.startswith(a) for a, b in itertools.pairwise(seen))


def test_the_page_renders_the_streamed_markdown(installed: Installed) -> None:
    errors: list[str] = []
    vendor_status: list[int] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[NO_DNS])
        try:
            page = browser.new_page()
            page.set_default_timeout(STEP_S * 1000)
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on(
                "response",
                lambda r: vendor_status.append(r.status) if r.url.endswith(VENDOR_URL) else None,
            )
            page.goto(installed.url)
            page.wait_for_function("() => document.body.dataset.rilletReady === '1'")
            box = page.locator("textarea[data-testid=textbox]").first
            box.fill("hi")
            box.press("Enter")
            bot = page.locator("[data-testid=bot]")
            page.wait_for_function(
                "() => [...document.querySelectorAll('[data-testid=bot] code')]"
                ".some(c => c.textContent === 'code')"
            )
            assert bot.locator("strong").inner_text() == "bold"
            assert bot.locator("code").inner_text() == "code"
            assert bot.inner_text().strip() == "bold and code"
        finally:
            browser.close()
    assert vendor_status and all(status == 200 for status in vendor_status)
    assert errors == [], f"console errors on the page: {errors}"
