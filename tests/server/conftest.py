"""Real uvicorn servers on 127.0.0.1 and a raw SSE reader for them."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest


class SSE:
    """Join events and read a session's queue stream as (arrival time, message) pairs."""

    def __init__(self, url: str, session_hash: str | None = None) -> None:
        self.url = url
        self.session_hash = session_hash or uuid.uuid4().hex
        self.http = httpx.Client(timeout=30)

    def join(self, fn_index: int, data: list) -> str:
        r = self.http.post(
            f"{self.url}/gradio_api/queue/join",
            json={"data": data, "fn_index": fn_index, "session_hash": self.session_hash},
        )
        r.raise_for_status()
        return r.json()["event_id"]

    def messages(self, last_seq: int | None = None) -> Iterator[tuple[float, dict]]:
        params = {"session_hash": self.session_hash}
        if last_seq is not None:
            params["last_seq"] = str(last_seq)
        with self.http.stream(
            "GET", f"{self.url}/gradio_api/queue/data", params=params, timeout=httpx.Timeout(30)
        ) as response:
            buffer = ""
            for chunk in response.iter_text():
                buffer += chunk
                while "\n\n" in buffer:
                    block, buffer = buffer.split("\n\n", 1)
                    assert block.startswith("data: "), block
                    msg = json.loads(block[6:])
                    yield time.monotonic(), msg
                    if msg["msg"] == "close_stream":
                        return

    def run(self, fn_index: int, data: list) -> list[tuple[float, dict]]:
        self.join(fn_index, data)
        return list(self.messages())

    def close(self) -> None:
        self.http.close()


@pytest.fixture
def sse_for():
    made = []

    def make(url: str) -> SSE:
        reader = SSE(url)
        made.append(reader)
        return reader

    yield make
    for reader in made:
        reader.close()


def join_with_event(url: str, dep: Any, data: list[Any], event_data: dict[str, Any]) -> list[Any]:
    """Join ``dep`` as the page does (with its event data) and read the session's stream
    until it closes: the ``process_completed`` of the event and of the steps after it."""
    sse = SSE(url)
    try:
        sse.http.post(
            f"{url}/gradio_api/queue/join",
            json={
                "data": data,
                "fn_index": dep.id,
                "session_hash": sse.session_hash,
                "trigger_id": dep.targets[0][0],
                "event_data": event_data,
            },
        ).raise_for_status()
        return [m for _, m in sse.messages() if m.get("msg") == "process_completed"]
    finally:
        sse.close()


def endpoint(client: Any, name: str) -> dict[str, Any]:
    """``name``'s entry in the API description ``client`` (a gradio_client) reads."""
    info: dict[str, Any] = client.view_api(print_info=False, return_format="dict")
    return info["named_endpoints"][name]


#: Gradio 6.31's Python, in the bench's own venv (bench/run installs it; CI machines have none).
GRADIO_PYTHON = Path(__file__).resolve().parents[2] / "bench" / ".gradio-venv" / "bin" / "python"


@contextmanager
def gradio_serving(source: str, folder: Path) -> Iterator[str]:
    """Run ``source``, a program for real Gradio, in its own process with Gradio's venv (on
    a free port of 127.0.0.1); yields its URL once it prints it, and stops it after."""
    script = folder / "app.py"
    script.write_text(source)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONUNBUFFERED": "1"}
    env["GRADIO_SERVER_PORT"] = str(port)
    proc = subprocess.Popen(
        [str(GRADIO_PYTHON), str(script)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        url = None
        for line in proc.stdout:
            found = re.search(r"(http://127\.0\.0\.1:\d+)", line)
            if found:
                url = found.group(1)
                break
        assert url, "the Gradio app did not print its URL"
        yield url
    finally:
        proc.terminate()
        proc.wait(15)
