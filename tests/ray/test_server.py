"""The same programs in-process and on a local Ray, through the real gradio_client and raw
SSE: every yield arrives, in order, as it is made; files come back; Stop and a closed page
cancel the remote generator (its ``finally`` runs on the worker); errors, progress, the
concurrency limit, Warm actors and per-event Ray options."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import av
import httpx
import numpy as np
import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError
from PIL import Image

import rillet as gr
from rillet.testing import serve
from tests.ray import programs
from tests.server.conftest import SSE
from tests.videofiles import seconds_of

pytestmark = pytest.mark.ray
ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 20.0


@pytest.fixture(scope="module", params=["local", "ray"])
def backend(request):
    if request.param == "ray":
        request.getfixturevalue("ray_cluster")
    return request.param


@pytest.fixture(scope="module")
def app(backend) -> Iterator[str]:
    demo = programs.build(backend)
    demo.settings.disconnect_grace = 0.3
    with serve(demo) as url:
        yield url


@pytest.fixture(scope="module")
def client(app) -> Iterator[Client]:
    c = Client(app + "/", verbose=False)
    yield c
    c.close()


@pytest.fixture
def sse(app) -> Iterator[SSE]:
    reader = SSE(app)
    yield reader
    reader.close()


def fn_index(url: str, api_name: str) -> int:
    deps = httpx.get(url + "/config").json()["dependencies"]
    return next(d["id"] for d in deps if d["api_name"] == api_name)


def ran_here(text: str) -> bool:
    return f"pid={os.getpid()}" in text


def wait_for_file(path: Path, timeout: float = DEADLINE) -> str:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} did not appear within {timeout} s"
        time.sleep(0.02)
    return path.read_text()


def test_streaming_text_every_yield_in_order_as_it_is_made(client, sse, backend):
    job = client.submit(4, api_name="/tokens")
    final = job.result(timeout=DEADLINE)
    outputs = job.outputs()
    assert len(outputs) == 4 and outputs[-1] == final
    assert all(b.startswith(a) for a, b in itertools.pairwise(outputs)), outputs
    assert final.endswith(" tok0 tok1 tok2 tok3")
    assert ran_here(final) == (backend == "local"), final
    got = sse.run(fn_index(sse.url, "tokens"), [4])
    times = [t for t, m in got if m["msg"] == "process_generating"]
    done = next(t for t, m in got if m["msg"] == "process_completed")
    assert len(times) == 4
    # each yield is sent when it is made (spacing allows for a busy machine)
    assert done - times[0] >= 2 * programs.STEP, "the yields came all at the end"
    spaced = [b - a >= 0.3 * programs.STEP for a, b in itertools.pairwise(times)]
    assert sum(spaced) >= 2, f"yields arrived in bursts: {times}"


def seconds(path: str) -> float:
    with av.open(path) as container:
        stream = container.streams.audio[0]
        return sum(f.samples for f in container.decode(stream)) / stream.rate


def test_streaming_audio_chunks_arrive_and_join_into_one_file(client, backend):
    job = client.submit(4, api_name="/chunks")
    final = job.result(timeout=DEADLINE)
    chunks = job.outputs()
    assert len(chunks) == 4, chunks  # arrays and files the worker wrote, alike
    assert all(abs(seconds(c) - programs.CLIP) < 0.001 for c in chunks)
    assert Path(final).name == "audio-stream.wav"
    assert abs(seconds(final) - 4 * programs.CLIP) < 0.001


def test_files_from_a_worker_on_another_node_come_back_as_bytes(client, backend):
    if backend == "local":
        pytest.skip("the function deletes its files: only shipped bytes survive")
    job = client.submit(3, api_name="/elsewhere")
    final = job.result(timeout=DEADLINE)
    chunks = job.outputs()
    assert len(chunks) == 3 and all(abs(seconds(c) - programs.CLIP) < 0.001 for c in chunks)
    assert abs(seconds(final) - 3 * programs.CLIP) < 0.001


def test_video_chunks_from_a_worker_on_another_node_play_and_join(client, backend):
    if backend == "local":
        pytest.skip("the function deletes its files: only shipped bytes survive")
    job = client.submit(2, api_name="/video_elsewhere")
    final = job.result(timeout=60)
    chunks = job.outputs()
    assert len(chunks) == 2 and all(Path(c).suffix == ".mp4" for c in chunks), chunks
    assert all(seconds_of(c) == pytest.approx(2.0, abs=0.01) for c in chunks)
    assert Path(final).name == "video-stream.mp4"
    assert seconds_of(final) == pytest.approx(4.0, abs=0.01)


def test_images_as_numpy_and_pil_reach_the_client(client, backend):
    job = client.submit(3, api_name="/frames")
    job.result(timeout=DEADLINE)
    outputs = job.outputs()
    assert len(outputs) == 3
    for i, (image, text) in enumerate(outputs):
        pixel = np.asarray(
            Image.open(image["path"] if isinstance(image, dict) else image).convert("RGB")
        )[10, 10]
        expected = [40 * i, 255 - 40 * i, 7]
        assert all(abs(int(a) - b) <= 8 for a, b in zip(pixel, expected, strict=True)), (i, pixel)
        assert text.endswith(f" {i}")
    assert (outputs[0][1].split()[0] == str(os.getpid())) == (backend == "local")


def test_values_keyed_by_component_reach_their_outputs(client):
    job = client.submit(1, api_name="/by_component")
    assert job.result(timeout=DEADLINE) == ("first 1!", "second 1")
    assert job.outputs() == [("first 1", None), ("first 1!", "second 1")]


@pytest.mark.parametrize("api_name", ["/ticks", "/async_ticks"])
def test_stop_cancels_the_generator_and_its_finally_runs_where_it_ran(
    client, tmp_path, backend, api_name
):
    marker = tmp_path / "stopped"
    job = client.submit(str(marker), api_name=api_name)
    deadline = time.monotonic() + DEADLINE
    while len(job.outputs()) < 3:
        assert time.monotonic() < deadline, "no ticks"
        time.sleep(0.02)
    job.cancel()
    pid, steps = wait_for_file(marker).split()
    assert (int(pid) == os.getpid()) == (backend == "local")
    assert int(steps) < 100, "the generator ran on long after Stop"


def test_closing_the_page_cancels_the_generator(sse, tmp_path):
    marker = tmp_path / "gone"
    sse.join(fn_index(sse.url, "ticks"), [str(marker)])
    for _, msg in sse.messages():
        if msg["msg"] == "process_generating":
            break  # the page goes away mid-stream
    sse.close()
    pid, _ = wait_for_file(marker).split()  # after the disconnect grace (0.3 s here)
    assert int(pid) > 0


def test_gr_error_raised_on_the_worker_reaches_the_client(client, sse):
    with pytest.raises(AppError, match="The worker gave up after 2"):
        client.predict(2, api_name="/fails")
    got = [m for _, m in sse.run(fn_index(sse.url, "fails"), [2])]
    assert [m["output"]["data"] for m in got if m["msg"] == "process_generating"] == [
        ["shown before the error"]
    ]
    final = next(m for m in got if m["msg"] == "process_completed")
    assert final["success"] is False
    assert final["output"]["error"] == "The worker gave up after 2"
    assert final["output"]["duration"] == 7 and final["output"]["title"] == "Remote"


def test_other_errors_are_logged_with_the_workers_traceback(client, caplog):
    with pytest.raises(AppError):
        client.predict(1, api_name="/crashes")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "ValueError: a bug on the worker" in logged
    assert "programs.py" in logged, "the traceback of the worker is missing"


def test_concurrency_limit_holds(app):
    clients = [Client(app + "/", verbose=False) for _ in range(3)]
    try:
        jobs = [c.submit(1, api_name="/timed") for c in clients]
        spans = sorted(tuple(map(float, j.result(timeout=DEADLINE).split())) for j in jobs)
    finally:
        for c in clients:
            c.close()
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert start >= end - 0.01, f"two calls overlapped under concurrency_limit=1: {spans}"


def test_progress_reported_by_the_function_reaches_the_client(sse):
    got = [m for _, m in sse.run(fn_index(sse.url, "progress"), [3])]
    progress = [m for m in got if m["msg"] == "progress"]
    assert progress, [m["msg"] for m in got]
    units = progress[-1]["progress_data"][0]
    assert units["desc"] == "steps" and units["length"] == 3


def test_warm_instance_is_made_once_and_kept(client, backend):
    first = client.submit(2, api_name="/counter")
    first.result(timeout=DEADLINE)
    second = client.predict(1, api_name="/counter")
    pid = first.outputs()[0].split()[0]
    assert first.outputs()[1] == f"{pid} call 1 step 1"
    assert second == f"{pid} call 2 step 0"
    assert (int(pid) == os.getpid()) == (backend == "local")


def test_stop_cancels_a_warm_call_and_its_actor_serves_the_next(client, tmp_path, backend):
    marker = tmp_path / "stopped"
    job = client.submit(str(marker), api_name="/ticker")
    deadline = time.monotonic() + DEADLINE
    while len(job.outputs()) < 2:
        assert time.monotonic() < deadline, "no ticks"
        time.sleep(0.02)
    job.cancel()
    pid, steps = wait_for_file(marker).split()
    assert int(steps) < 100, "the generator ran on long after Stop"
    after = client.predict("", api_name="/ticker")
    assert after == f"pid={pid} calls=2", "the next call did not go to the same warm instance"
    assert (int(pid) == os.getpid()) == (backend == "local")


def test_ray_options_of_an_event_reach_ray(client, backend):
    if backend == "local":
        pytest.skip("ray_options only mean something on Ray")
    assert "rillet_test_slot" in client.predict(1, api_name="/slot")


def test_chat_interface_on_ray_streams_its_reply(ray_cluster):
    demo = gr.ChatInterface(programs.reply).queue(backend="ray")
    with serve(demo) as url:
        client = Client(url + "/", verbose=False)
        try:
            job = client.submit("one two three", api_name="/reply")
            final = job.result(timeout=DEADLINE)
            outputs = job.outputs()
        finally:
            client.close()
    assert final.endswith("turns=0: one two three") and len(outputs) == 3, outputs
    assert not ran_here(final), "the reply ran in the web process"


@contextmanager
def demo_process(script: str, env: dict[str, str]) -> Iterator[tuple[str, int]]:
    """Run a demo script unchanged, as its own process; yields its URL and pid."""
    proc = subprocess.Popen(
        [sys.executable, script],
        cwd=ROOT,
        env={**os.environ, "GRADIO_SERVER_PORT": "0", "PYTHONUNBUFFERED": "1", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url, lines = None, []
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            found = re.search(r"(http://127\.0\.0\.1:\d+)/", line)
            if found:
                url = found.group(1)
                break
        assert url, f"{script} did not print its URL:\n{''.join(lines)}"
        yield url, proc.pid
    finally:
        proc.terminate()
        proc.wait(10)


def test_fake_diffusion_demo_unchanged_on_ray(ray_cluster):
    env = {"RILLET_BACKEND": "ray", "RILLET_RAY_ADDRESS": ray_cluster}
    with demo_process("demo/fake_diffusion/run.py", env) as (url, _):
        client = Client(url + "/", verbose=False)
        try:
            job = client.submit(2, api_name="/predict")
            final = job.result(timeout=60)
            outputs = job.outputs()
        finally:
            client.close()
        assert httpx.get(url + "/gradio_api/info").status_code == 200
    assert len(outputs) == 3, outputs
    sizes = [Image.open(path).size for path in outputs]
    assert sizes == [(600, 600), (600, 600), (1000, 1000)], sizes
    assert list(np.asarray(Image.open(final).convert("RGB"))[500, 500]) == [255, 124, 0]


def test_scale_out_demo_keeps_its_model_warm_on_an_actor(ray_cluster):
    with demo_process("demo/scale_out/run.py", {"RILLET_RAY_ADDRESS": ray_cluster}) as (url, pid):
        client = Client(url + "/", verbose=False)
        try:
            first = client.submit(2, api_name="/predict")
            first.result(timeout=60)
            again = client.predict(1, api_name="/predict")
        finally:
            client.close()
    texts = [text for _, text in first.outputs()]
    assert texts[:2] == [
        f"step 1 of 2, pid {texts[-1].split()[-1]}",
        f"step 2 of 2, pid {texts[-1].split()[-1]}",
    ], texts
    assert again[1] == texts[-1], "the second call did not reuse the warm actor"
    assert texts[-1] != f"done, pid {pid}", "the model ran in the web process"


def test_a_function_ray_cannot_pickle_fails_with_a_clear_message(ray_cluster, caplog):
    import threading

    lock = threading.Lock()

    def holds_a_lock(n):
        with lock:
            return "never"

    with gr.Blocks() as demo:
        n, out = gr.Number(1), gr.Textbox()
        gr.Button().click(holds_a_lock, n, out)
    with serve(demo.queue(backend="ray"), show_error=True) as url:
        client = Client(url + "/", verbose=False)
        try:
            with pytest.raises(AppError, match="cannot send holds_a_lock to Ray's workers"):
                client.predict(1, api_name="/holds_a_lock")
        finally:
            client.close()


def test_a_live_stream_sees_every_answered_chunk_and_keeps_state_on_the_web_side(app, sse, backend):
    from tests.server.test_live import jpeg_data_url, push

    index = fn_index(app, "seen")
    event = sse.join(index, [None, jpeg_data_url(10)])
    texts = []
    for _, msg in sse.messages():
        if msg["msg"] == "process_streaming":
            texts.append(msg["output"]["data"][1])
            if len(texts) < 3:
                assert (
                    push(
                        sse.http,
                        app,
                        event,
                        sse.session_hash,
                        [None, jpeg_data_url(100 * len(texts))],
                    ).status_code
                    == 200
                )
            else:
                sse.http.post(
                    f"{app}/gradio_api/stream/{event}/close",
                    json={"session_hash": sse.session_hash},
                )
    assert [re.sub(r"pid=\d+ ", "", t) for t in texts] == [
        "grey=10 count=1",
        "grey=100 count=2",
        "grey=200 count=3",
    ], texts
    assert all(ran_here(t) == (backend == "local") for t in texts), texts
