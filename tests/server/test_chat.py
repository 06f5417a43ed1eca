"""ChatInterface through Gradio's own Python client: predict and iterate the reply."""

from __future__ import annotations

import itertools
import time

import pytest
from gradio_client import Client

import rillet as gr
from rillet.testing import serve


def slow_echo(message, history):
    for i in range(len(message)):
        time.sleep(0.02)
        yield "You typed: " + message[: i + 1]


def with_suffix(message, history, suffix):
    return message + suffix


@pytest.fixture(scope="module")
def chat_url():
    with serve(gr.ChatInterface(slow_echo)) as url:
        yield url


def test_predict_returns_the_reply(chat_url):
    client = Client(chat_url, verbose=False)
    assert client.predict("hello", api_name="/slow_echo") == "You typed: hello"


def test_submit_iterates_the_growing_reply(chat_url):
    client = Client(chat_url, verbose=False)
    job = client.submit("abcd", api_name="/slow_echo")
    seen = list(job)
    assert seen[-1] == "You typed: abcd"
    assert len(seen) >= 2
    assert all(b.startswith(a) for a, b in itertools.pairwise(seen))
    assert job.result() == "You typed: abcd"


def test_api_lists_only_chat(chat_url):
    client = Client(chat_url, verbose=False)
    info = client.view_api(print_info=False, return_format="dict")
    assert list(info["named_endpoints"]) == ["/slow_echo"]  # named after the function


def test_additional_inputs_are_api_parameters():
    demo = gr.ChatInterface(with_suffix, additional_inputs=[gr.Textbox("!", label="suffix")])
    with serve(demo) as url:
        client = Client(url, verbose=False)
        assert client.predict("hi", "?", api_name="/with_suffix") == "hi?"


def test_vendor_route_serves_only_the_listed_files(chat_url):
    import httpx

    ok = httpx.get(f"{chat_url}/static/vendor/markdown-it.mjs")
    assert ok.status_code == 200
    assert ok.headers["content-type"].startswith("text/javascript")
    assert "export" in ok.text
    for name in ["package.json", "markdown-it", "..%2Fpackage.json", "..%2F..%2Fserver%2Fapp.py"]:
        assert httpx.get(f"{chat_url}/static/vendor/{name}").status_code == 404, name


def test_vendor_files_go_gzipped_to_a_browser_that_accepts_it(chat_url):
    import gzip

    import httpx

    from rillet.server.app import VENDOR, VENDOR_FILES

    original = (VENDOR / VENDOR_FILES["plotly.js"]).read_bytes()
    with httpx.Client(base_url=f"{chat_url}/static/vendor") as http:
        plain = http.get("/plotly.js", headers={"accept-encoding": "identity"})
        assert "content-encoding" not in plain.headers and plain.content == original
        for _ in range(2):  # made once, then served from memory: the same bytes
            with http.stream("GET", "/plotly.js", headers={"accept-encoding": "gzip"}) as r:
                raw = b"".join(r.iter_raw())
            assert r.headers["content-encoding"] == "gzip"
            assert r.headers["vary"] == "accept-encoding"
            assert r.headers["content-type"].startswith("text/javascript")
            assert gzip.decompress(raw) == original
            assert len(raw) < len(original) / 2
        font = http.get("/katex-Main-Regular.woff2", headers={"accept-encoding": "gzip"})
        assert "content-encoding" not in font.headers and font.content[:4] == b"wOF2"
