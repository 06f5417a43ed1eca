"""An app launched with ``root_path="/myapp"`` behind a real nginx (``proxy_buffering off``)
under ``/myapp/``: the real gradio_client streams and uploads through it, a raw SSE stream
resumes with ``last_seq`` through it, and every file URL the app hands out goes through it."""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import pytest
from gradio_client import Client, handle_file
from PIL import Image

import rillet as gr
from rillet.core import diff
from rillet.testing import serve
from tests.nginx import Proxy, nginx

from .conftest import SSE

#: Side of a noise PNG of ~3 MB: more than nginx's default ``client_max_body_size`` (1 MB),
#: which the documented config lifts.
NOISE_SIDE = 1000


def count(n):
    text = ""
    for i in range(int(n)):
        time.sleep(0.05)
        text += f"tok{i} "
        yield text


def describe(path):
    return path, os.path.getsize(path)


@pytest.fixture(scope="module")
def proxy() -> Iterator[Proxy]:
    with gr.Blocks() as demo:
        n = gr.Number(5)
        text = gr.Textbox()
        gr.Button().click(count, n, text, api_name="count")
        f_in, f_out, size = gr.Image(type="filepath"), gr.Image(), gr.Number()
        gr.Button().click(describe, f_in, [f_out, size], api_name="describe")
        gr.Image(value=np.full((8, 8, 3), 200, dtype=np.uint8), elem_id="initial")
    with serve(demo, root_path="/myapp") as url, nginx(url, "/myapp") as proxied:
        yield proxied


def test_config_says_the_public_root_and_its_files_load_through_the_proxy(proxy: Proxy):
    config = httpx.get(proxy.url + "/config", timeout=30).json()
    assert config["root"] == proxy.url
    image = next(c for c in config["components"] if c["props"].get("elem_id") == "initial")
    url = image["props"]["value"]["url"]
    assert url.startswith(proxy.url + "/gradio_api/file="), url
    got = httpx.get(url, timeout=30)
    assert got.status_code == 200 and got.content.startswith(b"RIFF")  # WebP


def test_gradio_client_streams_a_generator_through_the_proxy(proxy: Proxy):
    client = Client(proxy.url + "/", verbose=False)
    job = client.submit(6, api_name="/count")
    final = job.result(timeout=60)
    assert final == "".join(f"tok{i} " for i in range(6))
    outputs = job.outputs()
    assert len(outputs) >= 2, f"the yields did not arrive one by one: {outputs}"
    assert all(b.startswith(a) for a, b in itertools.pairwise(outputs)), outputs


def test_gradio_client_uploads_and_downloads_through_the_proxy(proxy: Proxy, tmp_path: Path):
    sent = tmp_path / "noise.png"
    noise = np.random.default_rng(0).integers(0, 256, (NOISE_SIDE, NOISE_SIDE, 3), np.uint8)
    Image.fromarray(noise).save(sent)
    assert sent.stat().st_size > 2 * 1024 * 1024
    client = Client(proxy.url + "/", verbose=False, download_files=str(tmp_path / "got"))
    got, size = client.predict(handle_file(str(sent)), api_name="/describe")
    assert size == sent.stat().st_size
    assert Path(got).read_bytes() == sent.read_bytes()
    log = (proxy.folder / "access.log").read_text()
    assert "POST /myapp/gradio_api/upload" in log, log
    assert "GET /myapp/gradio_api/file=" in log, "the result was not downloaded through nginx"


def test_a_raw_stream_resumes_with_last_seq_through_the_proxy(proxy: Proxy):
    reader = SSE(proxy.url)
    try:
        reader.join(0, [8])
        first_part = []
        for _, msg in reader.messages():
            first_part.append(msg)
            if msg["msg"] == "process_generating":
                break  # drop the connection mid-stream, at nginx
        rest = [m for _, m in reader.messages(last_seq=first_part[-1]["seq"])]
    finally:
        reader.close()
    seqs = [m["seq"] for m in first_part + rest if "seq" in m]
    assert seqs == list(range(1, len(seqs) + 1)), f"a gap or a repeat: {seqs}"
    text = None
    for m in first_part + rest:
        if m["msg"] == "process_generating":
            data = m["output"]["data"][0]
            text = data if text is None else diff.apply(text, data)
    final = next(m for m in rest if m["msg"] == "process_completed")
    assert text == final["output"]["data"][0] == "".join(f"tok{i} " for i in range(8))
