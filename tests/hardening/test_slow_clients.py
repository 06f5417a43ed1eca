"""A client that reads its stream slowly gets coalesced updates (text merged, images
latest-wins), the whole result arrives right, and the server's buffer for it stays bounded:
its session log holds at most ~MERGE_BACKLOG unsent messages however far behind it is, and
their bytes are what the client has not had yet (the undelivered text, merged into one diff,
and the final value), never a message per yield. Below the log, uvicorn stops taking bytes
past its transport's high-water mark (64 KB), and the kernel's socket buffer is capped by
``net.ipv4.tcp_wmem``."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
import uuid

import numpy as np
import pytest

import rillet as gr
from rillet.core.sending import MERGE_BACKLOG
from rillet.server.app import runtime
from rillet.testing import serve

from .conftest import join

#: Enough text (~8 MB, in 20 KB pieces) to fill the kernel's socket buffers (up to
#: 4 MB on loopback) so that the server has to hold back.
TOKENS = 300
PAD = "x" * 20_000
FRAMES = 300


def token(i: int) -> str:
    return f"{i} {PAD} "


def fast_text():
    text = ""
    for i in range(TOKENS):
        text += token(i)
        yield text


def fast_frames():
    for i in range(FRAMES):
        yield str(i), np.full((16, 16, 3), i % 250, dtype=np.uint8)


@pytest.fixture(scope="module")
def app():
    with gr.Blocks() as demo:
        text = gr.Textbox()
        gr.Button().click(fast_text, None, text)
        gr.Button().click(fast_frames, None, [gr.Textbox(), gr.Image(format="png")])
    with serve(demo) as url:
        yield url, runtime(demo.server.app)


class Backlog(threading.Thread):
    """Samples, on the server's loop, a session's unsent messages and their bytes."""

    def __init__(self, rt, session: str) -> None:
        super().__init__()
        self.rt, self.session = rt, session
        self.stop = threading.Event()
        self.peak_count = self.peak_bytes = self.samples = 0

    def measure(self) -> tuple[int, int]:
        s = self.rt.sessions.get(self.session)
        if s is None:
            return 0, 0
        unsent = [e for e in list(s.entries) if e.seq > s.delivered]
        return len(unsent), sum(len(e.frame) for e in unsent)

    def run(self) -> None:
        async def sample():
            return self.measure()

        while not self.stop.is_set():
            count, size = asyncio.run_coroutine_threadsafe(sample(), self.rt.loop).result(10)
            self.peak_count = max(self.peak_count, count)
            self.peak_bytes = max(self.peak_bytes, size)
            self.samples += 1
            self.stop.wait(0.005)


def slow_read(url: str, session: str, pause: float) -> list[dict]:
    """Read the stream through a 4 KB receive buffer, 4 KB at a time, pausing between
    reads (the slow client's workload); returns the messages."""
    host, port = url.split("//")[1].split(":")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect((host, int(port)))
    sock.sendall(
        f"GET /gradio_api/queue/data?session_hash={session} HTTP/1.1\r\n"
        f"Host: {host}\r\nConnection: close\r\n\r\n".encode()
    )
    chunks: list[bytes] = []
    with sock:
        while chunk := sock.recv(4096):
            chunks.append(chunk)
            if b'"close_stream"' in b"".join(chunks[-2:]):
                break
            time.sleep(pause)
    body = b"".join(chunks).split(b"\r\n\r\n", 1)[1]
    text = b"".join(_dechunked(body)).decode()
    return [json.loads(b[len("data: ") :]) for b in text.split("\n\n") if b.startswith("data:")]


def _dechunked(body: bytes):
    while body:
        size_line, _, body = body.partition(b"\r\n")
        size = int(size_line, 16)
        if size == 0:
            return
        yield body[:size]
        body = body[size + 2 :]


def apply(value, edits):
    for op, path, item in edits:
        assert not path
        value = value + item if op == "append" else item
    return value


def test_a_slow_reader_gets_merged_text_and_the_server_buffer_stays_small(app):
    url, rt = app
    session = uuid.uuid4().hex
    join(url, session, 0, [])
    backlog = Backlog(rt, session)
    backlog.start()
    try:
        got = slow_read(url, session, pause=0.003)
    finally:
        backlog.stop.set()
        backlog.join(10)
    generating = [m for m in got if m["msg"] == "process_generating"]
    text = None
    for m in generating:
        data = m["output"]["data"][0]
        text = data if text is None else apply(text, data)
    expected = "".join(token(i) for i in range(TOKENS))
    assert expected.startswith(text), "merged diffs did not add up to the text so far"
    assert next(m for m in got if m["msg"] == "process_completed")["output"]["data"] == [expected]
    assert len(generating) < TOKENS, "the slow client's updates were not merged"
    print(
        f"\n{TOKENS} yields -> {len(generating)} messages; unsent in the session log at "
        f"most {backlog.peak_count} messages, {backlog.peak_bytes} bytes "
        f"({backlog.samples} samples)"
    )
    assert backlog.peak_count <= MERGE_BACKLOG + 4
    # what is held is what the client has not had yet: the text not delivered (merged
    # into one diff), or the final value that replaces it; never a message per yield
    assert backlog.peak_bytes <= 1.1 * len(expected)


def test_a_slow_reader_gets_the_latest_image_not_every_frame(app):
    url, rt = app
    session = uuid.uuid4().hex
    join(url, session, 1, [])
    backlog = Backlog(rt, session)
    backlog.start()
    try:
        got = slow_read(url, session, pause=0.01)
    finally:
        backlog.stop.set()
        backlog.join(10)
    final = next(m for m in got if m["msg"] == "process_completed")
    assert final["output"]["data"][0] == str(FRAMES - 1)
    images = [m for m in got if m["msg"] == "process_generating"]
    print(
        f"\n{FRAMES} frames -> {len(images)} messages; unsent at most "
        f"{backlog.peak_count} messages, {backlog.peak_bytes} bytes"
    )
    assert len(images) < FRAMES
    assert backlog.peak_count <= MERGE_BACKLOG + 4
