"""Gradio's JavaScript client, ``@gradio/client`` (pinned in tests/node/package.json), run by
Node against a rillet app: predict, a streamed submit, files, cancel and view_api.

Needs ``node`` (Debian's nodejs) and ``npm ci --prefix tests/node``; skipped, saying which is
missing, otherwise."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import rillet as gr
from rillet.testing import serve

HERE = Path(__file__).resolve().parent
CLIENT = HERE / "node_modules" / "@gradio" / "client" / "package.json"
NODE = shutil.which("node")
ENDLESS_CLOSED = threading.Event()

pytestmark = [
    pytest.mark.skipif(NODE is None, reason="node is not installed (apt-get install nodejs)"),
    pytest.mark.skipif(
        not CLIENT.exists(), reason="@gradio/client is not installed: npm ci --prefix tests/node"
    ),
]


def greet(name: str) -> str:
    if name == "nobody":
        raise gr.Error("who are you?")
    return f"Hello {name}"


def count(n: float) -> Any:
    for i in range(int(n)):
        yield str(i)


def endless() -> Any:
    try:
        i = 0
        while True:
            time.sleep(0.05)
            i += 1
            yield str(i)
    finally:
        ENDLESS_CLOSED.set()


def size(image: np.ndarray) -> tuple[str, np.ndarray]:
    return f"{image.shape[1]}x{image.shape[0]}", 255 - image


def make_app() -> gr.Blocks:
    with gr.Blocks() as demo:
        name, greeting = gr.Textbox(label="Name"), gr.Textbox()
        gr.Button("Greet").click(greet, name, greeting, api_name="greet")
        n, counted = gr.Number(3), gr.Textbox()
        gr.Button("Count").click(count, n, counted, api_name="count")
        ticks = gr.Textbox()
        gr.Button("Endless").click(endless, None, ticks, api_name="endless")
        image, text, inverted = gr.Image(), gr.Textbox(), gr.Image()
        gr.Button("Size").click(size, image, [text, inverted], api_name="size")
    return demo


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with serve(make_app(), show_error=True) as base:
        yield base


def run_check(check: str, url: str) -> Any:
    done = subprocess.run(
        [str(NODE), str(HERE / "client_checks.mjs"), check, url + "/"],
        cwd=HERE,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_predict_and_errors(url: str) -> None:
    seen = run_check("predict", url)
    assert seen["data"] == ["Hello Ada"]
    assert "who are you?" in seen["error"]


def test_submit_streams_each_yield(url: str) -> None:
    seen = run_check("stream", url)
    assert seen["data"][-1] == ["3"]
    assert len(seen["data"]) >= 2  # the yields came one by one, diffs applied by the client
    assert seen["stages"][-1] == "complete"


def test_files_go_in_and_come_back(url: str) -> None:
    seen = run_check("files", url)
    assert seen["text"] == "1x1"
    assert seen["url"].startswith(url + "/gradio_api/file=") and seen["status"] == 200


def test_cancel_closes_the_generator(url: str) -> None:
    ENDLESS_CLOSED.clear()
    seen = run_check("cancel", url)
    assert seen["cancelled"] and seen["data_count"] >= 2
    assert ENDLESS_CLOSED.wait(15), "the generator's finally did not run after cancel"


def test_view_api(url: str) -> None:
    seen = run_check("view_api", url)
    assert seen["named"] == ["/count", "/endless", "/greet", "/size"]
    assert seen["greet"] == [["name", "Textbox"]]
