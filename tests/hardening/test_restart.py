"""Stopping the server ends every stream with a clear message to its client, and leaves
nothing running: the generators' ``finally`` ran, no worker thread is left, no file."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid

import pytest

import rillet as gr
from rillet.server.app import runtime
from rillet.server.runtime import STOPPED
from rillet.testing import serve

from .conftest import join, messages

CLOSED: dict[str, threading.Event] = {"sync": threading.Event(), "async": threading.Event()}


def sync_forever():
    try:
        i = 0
        while True:
            time.sleep(0.02)
            i += 1
            yield f"sync {i}"
    finally:
        CLOSED["sync"].set()


async def async_forever():
    try:
        i = 0
        while True:
            await asyncio.sleep(0.02)
            i += 1
            yield f"async {i}"
    finally:
        CLOSED["async"].set()


class Reader(threading.Thread):
    """Reads one session's stream until it ends, keeping what came and how it ended."""

    def __init__(self, url: str, session: str) -> None:
        super().__init__()
        self.url, self.session = url, session
        self.got: list[dict] = []
        self.failure: Exception | None = None
        self.started_streaming = threading.Event()
        self.connected = threading.Event()

    def run(self) -> None:
        try:
            for msg in messages(self.url, self.session, timeout=60):
                self.got.append(msg)
                self.connected.set()
                if msg["msg"] == "process_generating":
                    self.started_streaming.set()
        except Exception as failure:  # noqa: BLE001 - the test reports it
            self.failure = failure


@pytest.fixture
def demo():
    with gr.Blocks() as app:
        out = gr.Textbox()
        gr.Button().click(sync_forever, None, out, concurrency_limit=1)
        gr.Button().click(async_forever, None, out, concurrency_limit=None)
    return app


def test_stopping_the_server_ends_every_stream_with_a_message(demo):
    for event in CLOSED.values():
        event.clear()
    with serve(demo) as url:
        rt = runtime(demo.server.app)
        store = rt.store.root
        plan = {"sync": 0, "async": 1, "waiting": 0}  # the 2nd sync run waits: limit 1
        readers, events = {}, {}
        for name, fn_index in plan.items():
            session = uuid.uuid4().hex
            events[name] = join(url, session, fn_index, []).json()["event_id"]
            readers[name] = Reader(url, session)
            readers[name].start()
        assert readers["sync"].started_streaming.wait(30)
        assert readers["async"].started_streaming.wait(30)
        assert readers["waiting"].connected.wait(30)
        demo.close()  # what Ctrl+C does
        for name, reader in readers.items():
            reader.join(30)
            assert not reader.is_alive(), f"{name}'s stream never ended"
            assert reader.failure is None, f"{name}'s stream broke: {reader.failure!r}"
            last = reader.got[-1]
            assert last["msg"] == "unexpected_error", (name, reader.got[-3:])
            assert last["message"] == STOPPED and last["event_id"] == events[name], (
                name,
                reader.got,
            )
    assert CLOSED["sync"].is_set() and CLOSED["async"].is_set(), "a finally did not run"
    assert not [t.name for t in threading.enumerate() if t.name.startswith("rillet-")]
    assert not store.exists()
