"""Uploads and outputs have a lifetime (``delete_cache=(frequency, age)``) and the store a
size limit (``launch(max_store_size=...)``), and neither ever deletes a file a waiting or
running event uses: its inputs, and its session's files while it runs (a stream in
progress keeps its chunks until it ends)."""

from __future__ import annotations

import contextlib
import io
import os
import threading
import time
import wave
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import httpx
import numpy as np
import pytest

import rillet as gr
from rillet.server.app import runtime
from rillet.testing import serve

from .conftest import completed, file_data, join, messages, run

#: delete_cache=(FREQUENCY, AGE): sweep every second, files unused for a second go.
FREQUENCY, AGE = 1, 1
#: How long a test waits for what must happen within a few sweeps.
WAIT = 30.0
CAP = 1_000_000
PIECE = 100_000
#: The disk a stored file of PIECE bytes counts for: whole 4 KiB blocks, one more for its
#: folder (docs/security.md#disk).
PIECE_COST = -(-PIECE // 4096) * 4096 + 4096


def wait_for(condition, timeout: float = WAIT) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def wav_bytes(samples: int, rate: int = 16000) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(rate)
        w.writeframes(np.zeros(samples, dtype=np.int16).tobytes())
    return out.getvalue()


def upload(url: str, data: bytes, name: str = "a.wav") -> httpx.Response:
    return httpx.post(f"{url}/gradio_api/upload", files=[("files", (name, data))], timeout=30)


def on_disk(root: Path) -> int:
    """Bytes of the files under ``root`` (one deleted while counted counts 0)."""
    total = 0
    for folder, _, names in os.walk(root):  # os.walk skips folders deleted meanwhile
        for name in names:
            with contextlib.suppress(FileNotFoundError):
                total += os.stat(os.path.join(folder, name)).st_size
    return total


class Gate:
    """A function waits at the gate until the test opens it."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.open = threading.Event()

    def wait(self) -> None:
        self.reached.set()
        assert self.open.wait(WAIT)


GATES: dict[str, Gate] = {}


def held_read(tag, path):
    """Waits at its gate, then reads its input (an upload) to the end."""
    GATES[tag].wait()
    return str(len(Path(path).read_bytes()))


def held_stream(tag):
    """One second of audio, the gate, one more second: the join needs both chunks."""
    yield 16000, np.zeros(16000, dtype=np.int16)
    GATES[tag].wait()
    yield 16000, np.zeros(16000, dtype=np.int16)


def lifetime_app() -> gr.Blocks:
    with gr.Blocks(delete_cache=(FREQUENCY, AGE)) as demo:
        tag, audio = gr.Textbox(), gr.Audio(type="filepath")
        size, stream = gr.Textbox(), gr.Audio(streaming=True)
        gr.Button().click(held_read, [tag, audio], size, api_name="read")
        gr.Button().click(held_stream, tag, stream, api_name="stream")
    demo.settings.disconnect_grace = 120  # the tests read their streams late
    return demo


@pytest.fixture(scope="module")
def lifetime_url():
    demo = lifetime_app()
    with serve(demo) as url:
        yield url, runtime(demo.server.app)


def reading(url: str, session: str) -> Future:
    """The session's messages, read to the end in a thread from now on (an open stream:
    the session is not idle, and not forgotten, once its event ends)."""
    pool = ThreadPoolExecutor(1)
    future = pool.submit(lambda: list(messages(url, session)))
    pool.shutdown(wait=False)
    return future


def swept_after(rt, moment: float) -> bool:
    """A sweep began more than the age after ``moment``, and finished."""
    return rt.files_swept_at > moment + AGE


def test_an_unused_upload_older_than_the_age_is_deleted(lifetime_url):
    url, _ = lifetime_url
    r = upload(url, b"x" * 1000, "old.bin")
    assert r.status_code == 200
    (path,) = r.json()
    assert Path(path).is_file()
    assert wait_for(lambda: not Path(path).exists()), "the upload outlived its age"
    assert httpx.get(f"{url}/gradio_api/file={path}").status_code == 404


def test_an_upload_a_running_event_uses_survives(lifetime_url):
    url, rt = lifetime_url
    GATES["read"] = gate = Gate()
    (used,) = upload(url, wav_bytes(8000)).json()
    (unused,) = upload(url, wav_bytes(8000)).json()
    assert join(url, "s-read", 0, ["read", file_data(used)]).status_code == 200
    stream = reading(url, "s-read")
    assert gate.reached.wait(WAIT)
    moment = time.monotonic()
    assert wait_for(lambda: swept_after(rt, moment))
    assert not Path(unused).exists(), "the sweep left an unused old upload"
    assert Path(used).is_file(), "the sweep deleted the input of a running event"
    gate.open.set()
    final = completed(stream.result(WAIT))
    assert final["success"] is True
    assert final["output"]["data"][0] == str(len(wav_bytes(8000)))


def test_a_stream_in_progress_keeps_its_chunks(lifetime_url):
    url, rt = lifetime_url
    GATES["stream"] = gate = Gate()
    assert join(url, "s-stream", 1, ["stream"]).status_code == 200
    stream = reading(url, "s-stream")
    assert gate.reached.wait(WAIT)
    session_files = rt.store.root / rt.sessions.get("s-stream").files_key
    assert wait_for(lambda: any(session_files.rglob("*.wav")))
    moment = time.monotonic()
    assert wait_for(lambda: swept_after(rt, moment))
    gate.open.set()
    final = completed(stream.result(WAIT))
    assert final["success"] is True, final
    joined = httpx.get(final["output"]["data"][0]["url"], timeout=30)
    assert joined.status_code == 200
    with wave.open(io.BytesIO(joined.content)) as w:
        assert w.getnframes() == 32000  # both chunks: none was deleted under the stream


def capped_app() -> gr.Blocks:
    with gr.Blocks() as demo:
        tag, audio, size = gr.Textbox(), gr.Audio(type="filepath"), gr.Textbox()
        gr.Button().click(held_read, [tag, audio], size, api_name="read")
    demo.settings.disconnect_grace = 120
    return demo


def test_an_upload_flood_never_takes_the_store_past_its_size():
    demo = capped_app()
    with serve(demo, max_store_size=CAP) as url:
        rt = runtime(demo.server.app)
        assert rt.store.max_store_size == CAP
        rt.store.evict_grace = 3600  # the minute of grace, however slow this machine is
        sizes: list[int] = []

        def send(i: int) -> httpx.Response:
            r = upload(url, bytes([i % 256]) * PIECE, f"f{i}.bin")
            sizes.append(on_disk(rt.store.root))
            return r

        with ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(send, range(40)))
        assert max(sizes) <= CAP and on_disk(rt.store.root) <= CAP
        assert rt.store.usage.total <= CAP
        statuses = [r.status_code for r in answers]
        assert statuses.count(200) == CAP // PIECE_COST and set(statuses) == {200, 507}
        full = next(r for r in answers if r.status_code == 507)
        assert "max_store_size" in full.json()["detail"]
        assert "full" in full.json()["detail"]


def test_at_the_size_old_unused_files_go_first_and_files_in_use_stay():
    demo = capped_app()
    with serve(demo, max_store_size=CAP) as url:
        rt = runtime(demo.server.app)
        rt.store.evict_grace = 0  # no minute of grace: every unused file may go
        GATES["capped"] = gate = Gate()
        (used,) = upload(url, wav_bytes(PIECE // 2)).json()
        assert join(url, "s-capped", 0, ["capped", file_data(used)]).status_code == 200
        stream = reading(url, "s-capped")
        assert gate.reached.wait(WAIT)
        firsts = [upload(url, b"a" * PIECE, "first.bin").json()[0] for _ in range(3)]
        for i in range(20):
            r = upload(url, bytes([i]) * PIECE, f"next{i}.bin")
            assert r.status_code == 200, r.text
            assert on_disk(rt.store.root) <= CAP
        assert Path(used).is_file(), "a file in use was deleted to make room"
        assert not any(Path(p).exists() for p in firsts), "the oldest unused files stayed"
        gate.open.set()
        final = completed(stream.result(WAIT))
        assert final["success"] is True and final["output"]["data"][0] == str(PIECE + 44)


def test_the_store_size_has_a_default_and_an_environment_variable(monkeypatch):
    with gr.Blocks() as demo:
        gr.Textbox()
    with serve(demo) as url:
        assert runtime(demo.server.app).store.max_store_size > 0
        assert httpx.get(f"{url}/config").status_code == 200
    monkeypatch.setenv("RILLET_MAX_STORE_SIZE", "300kb")
    with gr.Blocks() as demo:
        gr.Textbox()
    with serve(demo) as url:
        assert runtime(demo.server.app).store.max_store_size == 300 * 1024


def test_outputs_past_the_size_push_old_unused_files_out():
    """Outputs are never refused (failing a running event for disk would be worse): they
    count, and the oldest unused files make room once the event has written them."""
    with gr.Blocks() as demo:
        gr.Button().click(
            lambda: (16000, np.zeros(350_000, dtype=np.int16)), None, gr.Audio(), api_name="big"
        )
    with serve(demo, max_store_size=CAP) as url:
        rt = runtime(demo.server.app)
        rt.store.evict_grace = 0
        olds = [upload(url, b"o" * PIECE, "old.bin").json()[0] for _ in range(5)]
        final = completed(run(url, "s-big", 0, []))
        assert final["success"] is True
        output = Path(final["output"]["data"][0]["path"])
        assert wait_for(lambda: rt.store.usage.total <= CAP)
        assert output.is_file() and not Path(olds[0]).exists()
        assert on_disk(rt.store.root) <= CAP
