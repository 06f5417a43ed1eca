"""``rillet app.py`` as its own process on a free port, for the reload tests."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

#: An app whose Markdown shows the helper module's V and how often the file ran
#: (``runs`` survives reloads because it is made under ``if gr.NO_RELOAD:``).
APP = """\
import rillet as gr
import helper

if gr.NO_RELOAD:
    runs = []
runs.append(1)

with gr.Blocks() as demo:
    gr.Markdown(f"version {helper.V}, run {len(runs)}")
    name = gr.Textbox(label="Name")
    out = gr.Textbox(label="Greeting")
    name.submit(helper.greet, name, out, api_name="greet")

demo.launch()
"""
HELPER = """\
V = {v}


def greet(name):
    return f"Hello {{name}} from version {{V}}"
"""


def write_app(folder: Path, version: int = 1) -> None:
    (folder / "app.py").write_text(APP)
    (folder / "helper.py").write_text(HELPER.format(v=version))


class Cli:
    """A running ``python -m rillet`` and what it printed so far."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.proc = proc
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.url = self.wait_line(r"reload mode at (http://127\.0\.0\.1:\d+)/").group(1)
        self.wait_line(r"\* watching ")

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    def wait_line(self, pattern: str, count: int = 1, timeout: float = 30) -> re.Match[str]:
        """The ``count``-th printed line matching ``pattern`` (waits for it)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [m for line in self.lines if (m := re.search(pattern, line))]
                if len(found) >= count:
                    return found[count - 1]
                left = deadline - time.monotonic()
                assert left > 0 and self._reader.is_alive(), (pattern, count, self.lines)
                self._changed.wait(left)

    def reloads(self, count: int) -> None:
        """Wait for the ``count``-th reload, good or failed."""
        self.wait_line(r"^\* reloaded after|^rillet: reload failed", count)

    def config(self) -> dict[str, Any]:
        return httpx.get(self.url + "/config", timeout=10).json()

    def markdown(self) -> str:
        return next(
            c["props"]["value"] for c in self.config()["components"] if c["type"] == "markdown"
        )

    def reload_state(self) -> dict[str, Any]:
        """The first message of the page's reload stream: current app id and error."""
        with httpx.stream("GET", self.url + "/gradio_api/dev/reload", timeout=10) as r:
            for line in r.iter_lines():
                if line.startswith("data: "):
                    return json.loads(line[6:])
        raise AssertionError("the reload stream sent nothing")


@contextmanager
def rillet_cli(folder: Path, *args: str) -> Iterator[Cli]:
    """``python -m rillet app.py ARGS`` in ``folder`` on a free port."""
    env = {**os.environ, "GRADIO_SERVER_PORT": "0", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "rillet", "app.py", *args],
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield Cli(proc)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
