"""Users who leave: a client that disconnects mid-stream, one that never opens its stream,
a reconnect storm. Their generators are closed once the grace period ends (``finally``
runs), their sessions and files are freed, and nothing leaks: tasks, threads, file
handles, sessions, disk.

The grace period is ``demo.settings.disconnect_grace`` (10 s by default), short here."""

from __future__ import annotations

import asyncio
import gc
import threading
import time
import uuid
from pathlib import Path

import httpx
import numpy as np
import pytest

import rillet as gr
from rillet.core.session import Session
from rillet.server.app import runtime
from rillet.testing import serve

from .conftest import join, messages, open_fds

GRACE = 0.5
#: How long a test waits for something that must happen after the grace period.
WAIT = GRACE + 10


class Runs:
    """What each run of the generator did, by its tag: when its ``finally`` ran."""

    def __init__(self) -> None:
        self.closed: dict[str, float] = {}
        self.events: dict[str, threading.Event] = {}
        self.lock = threading.Lock()

    def event(self, tag: str) -> threading.Event:
        with self.lock:
            return self.events.setdefault(tag, threading.Event())

    def close(self, tag: str) -> None:
        self.closed[tag] = time.monotonic()
        self.event(tag).set()


RUNS = Runs()


def frames(tag, n):
    """Text and an image (a file) every 20 ms; ``finally`` records the close."""
    try:
        for i in range(int(n)):
            time.sleep(0.02)
            yield f"{tag}:{i}", np.full((8, 8, 3), i % 250, dtype=np.uint8)
    finally:
        RUNS.close(tag)


@pytest.fixture(scope="module")
def app():
    with gr.Blocks() as demo:
        tag, n = gr.Textbox(), gr.Number()
        gr.Button().click(
            frames, [tag, n], [gr.Textbox(), gr.Image(format="png")], concurrency_limit=None
        )
    demo.settings.disconnect_grace = GRACE
    demo.settings.heartbeat = 0.2
    with serve(demo) as url:
        rt = runtime(demo.server.app)
        list(messages(url, *start(url, "warm-up", 3)))  # pools and imports warmed up
        yield url, rt


def start(url: str, tag: str, n: int = 100_000) -> tuple[str]:
    session = uuid.uuid4().hex
    assert join(url, session, 0, [tag, n]).status_code == 200
    return (session,)


def read(url: str, session: str, count: int, last_seq: int | None = None) -> list[dict]:
    """The first ``count`` messages of the stream, then hang up."""
    got = []
    for msg in messages(url, session, last_seq):
        got.append(msg)
        if len(got) >= count:
            break
    return got


def wait_for(condition, timeout: float = WAIT) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def on_loop(rt, fn):
    async def call():
        return fn()

    return asyncio.run_coroutine_threadsafe(call(), rt.loop).result(10)


def other_threads(rt) -> int:
    """Threads that are not the runtime's worker pool (that pool may grow to its size)."""
    prefix = f"{rt.workers.name}-"
    return sum(1 for t in threading.enumerate() if not t.name.startswith(prefix))


def tasks(rt) -> int:
    return on_loop(rt, lambda: len(asyncio.all_tasks()))


def live_sessions() -> int:
    gc.collect()
    return sum(isinstance(o, Session) for o in gc.get_objects())


def folder_of(rt, session: str) -> Path:
    return rt.store.root / rt.sessions.get(session).files_key


def assert_left_cleanly(rt, session: str, folder: Path, tag: str) -> None:
    assert RUNS.event(tag).wait(WAIT), "the generator's finally never ran"
    assert wait_for(lambda: rt.sessions.get(session) is None), "the session was kept"
    assert wait_for(lambda: not folder.exists()), "its files were kept"
    assert not [j for j in rt.queue.jobs.values() if j.session.hash == session]


def test_a_client_that_disconnects_mid_stream_is_cleaned_up(app):
    url, rt = app
    (session,) = start(url, "gone")
    read(url, session, 6)
    left = time.monotonic()
    folder = folder_of(rt, session)
    assert any(folder.rglob("*.png")), "the run made files"
    assert_left_cleanly(rt, session, folder, "gone")
    late = RUNS.closed["gone"] - left
    print(f"\nclosed {late:.3f} s after the client left (grace {GRACE} s)")
    assert late >= GRACE, "closed before the grace period ended"


def test_a_client_that_never_opens_its_stream_is_cleaned_up(app):
    url, rt = app
    before_join = time.monotonic()  # the grace period starts when the server takes the join
    (session,) = start(url, "never-read")
    folder = folder_of(rt, session)
    assert_left_cleanly(rt, session, folder, "never-read")
    assert RUNS.closed["never-read"] - before_join >= GRACE


def test_a_stream_that_comes_back_in_time_keeps_its_run(app):
    """A reconnect storm (hang-ups resumed from the last seq, then parallel streams) never
    counts as leaving: the run goes on, every message arrives once, in order."""
    url, _rt = app
    (session,) = start(url, "storm")
    seen: list[dict] = []
    for _ in range(30):
        last = seen[-1]["seq"] if seen else None
        seen += read(url, session, 2, last)
    parallel = [threading.Thread(target=read, args=(url, session, 3)) for _ in range(10)]
    for t in parallel:
        t.start()
    for t in parallel:
        t.join(30)
    assert not RUNS.event("storm").is_set(), "the run was cancelled during the storm"
    r = httpx.post(
        f"{url}/gradio_api/cancel", json={"session_hash": session, "event_id": seen[0]["event_id"]}
    )
    assert r.json() == {"success": True}
    seen += list(messages(url, session, seen[-1]["seq"]))
    assert RUNS.event("storm").wait(WAIT)
    assert all("seq" in m for m in seen), [m for m in seen if "seq" not in m]
    seqs = [m["seq"] for m in seen]
    assert seqs == sorted(set(seqs)), "messages were lost, repeated or reordered"
    texts = [m["output"]["data"][0] for m in seen if m["msg"] == "process_generating"]
    assert texts[0] == "storm:0" and len(texts) >= 60


def test_many_leaving_clients_leak_nothing(app):
    url, rt = app
    gc.collect()
    before = {
        "tasks": tasks(rt),
        "fds": open_fds(),
        "threads": other_threads(rt),
        "sessions": len(rt.sessions.by_hash),
        "objects": live_sessions(),
        "files": sum(1 for _ in rt.store.root.rglob("*")),
    }
    old = set(rt.store.root.rglob("*"))
    tags = [f"leak{k}" for k in range(20)]
    sessions = [start(url, tag)[0] for tag in tags]
    with httpx.Client(timeout=30):
        for session in sessions:
            read(url, session, 3)
    for tag in tags:
        assert RUNS.event(tag).wait(WAIT), f"{tag} was never closed"
    assert wait_for(lambda: all(rt.sessions.get(s) is None for s in sessions))
    assert wait_for(lambda: not rt.queue.jobs)
    assert wait_for(lambda: tasks(rt) <= before["tasks"]), (tasks(rt), before)
    after = {
        "tasks": tasks(rt),
        "fds": open_fds(),
        "threads": other_threads(rt),
        "sessions": len(rt.sessions.by_hash),
        "objects": live_sessions(),
        "files": sum(1 for _ in rt.store.root.rglob("*")),
    }
    print(f"\nbefore {before}\nafter  {after}")
    assert after["sessions"] == before["sessions"]
    assert after["objects"] <= before["objects"]
    assert after["files"] <= before["files"], set(rt.store.root.rglob("*")) - old
    assert wait_for(lambda: open_fds() <= before["fds"]), (open_fds(), before)
    # 20 runs at once may have grown the worker pool, never past its size; no other
    # thread is left behind
    assert after["threads"] <= before["threads"], (after, before)
    assert len(rt.workers._threads) <= rt.workers.size
