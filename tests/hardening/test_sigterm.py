"""SIGTERM (docker stop, systemd, Kubernetes) ends a served app as Ctrl+C does: every open
stream is told the server stopped, a running generator's ``finally`` runs, the store of
uploads and outputs is deleted, and the process exits with code 0 (``launch()`` returns).
Checked for ``python app.py`` and for ``rillet app.py``."""

from __future__ import annotations

import threading
from pathlib import Path

import httpx
import pytest

from .conftest import join, messages
from .processes import app_process

APP = """\
import os
import time
from pathlib import Path

import rillet as gr

def forever():
    try:
        i = 0
        while True:
            i += 1
            yield str(i)
            time.sleep(0.05)
    finally:
        Path(os.environ["MARKER"]).write_text("finally ran")

with gr.Blocks() as demo:
    out = gr.Textbox()
    gr.Button().click(forever, None, out)

demo.launch()
"""


class Reader(threading.Thread):
    """Reads a session's stream to its end; ``streaming`` is set at the first yield."""

    def __init__(self, url: str, session: str) -> None:
        super().__init__(daemon=True)
        self.url, self.session = url, session
        self.got: list[dict] = []
        self.streaming = threading.Event()

    def run(self) -> None:
        for msg in messages(self.url, self.session, timeout=60):
            self.got.append(msg)
            if msg["msg"] == "process_generating":
                self.streaming.set()


@pytest.mark.parametrize(
    "command", [["app.py"], ["-m", "rillet", "app.py"]], ids=["python app.py", "rillet app.py"]
)
def test_sigterm_tells_the_streams_runs_finally_and_deletes_the_store(tmp_path, command):
    (tmp_path / "app.py").write_text(APP)
    temp = tmp_path / "tmp"
    temp.mkdir()
    marker = tmp_path / "finally-ran"
    env = {"TMPDIR": str(temp), "MARKER": str(marker)}
    with app_process(command, tmp_path, env) as app:
        upload = httpx.post(
            f"{app.url}/gradio_api/upload", timeout=30, files={"files": ("note.txt", b"uploaded")}
        )
        assert upload.status_code == 200, upload.text
        assert Path(upload.json()[0]).is_file()
        assert join(app.url, "s1", 0, []).status_code == 200
        reader = Reader(app.url, "s1")
        reader.start()
        assert reader.streaming.wait(30), reader.got
        assert list(temp.glob("rillet-*")), "the store should exist while serving"
        assert app.stop() == 0, app.lines
    reader.join(30)
    ends = [m for m in reader.got if m["msg"] == "unexpected_error"]
    assert ends and "Server stopped" in ends[0]["message"], reader.got
    assert marker.read_text() == "finally ran"
    assert list(temp.glob("rillet-*")) == []
    assert not any("Traceback" in line for line in app.lines), "\n".join(app.lines)
