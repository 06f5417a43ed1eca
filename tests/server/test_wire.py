"""What a token costs on the wire: gzip-flushed SSE frames, each arriving at once."""

from __future__ import annotations

import json
import uuid
import zlib

import httpx
import pytest

import rillet as gr
from rillet.testing import serve


def tokens(n):
    text = ""
    for i in range(int(n)):
        text += f"t{i % 1000:03d} "
        yield text


@pytest.fixture(scope="module")
def url():
    with gr.Blocks() as demo:
        n, out = gr.Number(), gr.Textbox()
        gr.Button().click(tokens, n, out)
    with serve(demo) as u:
        yield u


def stream(url: str, n: int, encoding: str) -> tuple[int, str]:
    session = uuid.uuid4().hex
    with httpx.Client(timeout=30) as http:
        http.post(
            f"{url}/gradio_api/queue/join",
            json={"data": [n], "fn_index": 0, "session_hash": session},
        )
        with http.stream(
            "GET",
            f"{url}/gradio_api/queue/data",
            params={"session_hash": session},
            headers={"accept-encoding": encoding},
        ) as r:
            gz = r.headers.get("content-encoding") == "gzip"
            inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
            wire, text = 0, ""
            for raw in r.iter_raw():
                wire += len(raw)
                text += inflate.decompress(raw).decode() if gz else raw.decode()
    return wire, text


def final_text(sse_text: str) -> str:
    done = [
        json.loads(block[5:])
        for block in sse_text.split("\n\n")
        if block.startswith("data:") and '"process_completed"' in block
    ]
    return done[0]["output"]["data"][0]


def test_gzip_stream_costs_tens_of_bytes_per_token(url):
    wire, text = stream(url, 1000, "gzip")
    assert final_text(text) == "".join(f"t{i % 1000:03d} " for i in range(1000))
    assert wire / 1000 < 60, f"{wire / 1000:.0f} bytes per token"


def test_clients_without_gzip_get_plain_sse(url):
    _wire, text = stream(url, 50, "identity")
    assert text.startswith("data: {")
    assert final_text(text).count(" ") == 50
