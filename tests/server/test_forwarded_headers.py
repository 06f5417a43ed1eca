"""The app's public URL, as Gradio makes it: ``root_path`` (``launch(root_path=...)`` or
``GRADIO_ROOT_PATH``; a full URL is used as it is), ``X-Forwarded-Host`` and
``X-Forwarded-Proto: https`` (first value of each), in ``/config`` and in the file URLs of
results."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import numpy as np
import pytest

import rillet as gr
from rillet.testing import serve

from .conftest import SSE

PUBLIC = {"x-forwarded-host": "public.example:8443", "x-forwarded-proto": "https"}


def gray(level):
    return np.full((4, 4, 3), int(level), dtype=np.uint8)


def make_demo() -> gr.Blocks:
    with gr.Blocks() as demo:
        level = gr.Number(100)
        image = gr.Image(value=gray(50), elem_id="initial")
        gr.Button().click(gray, level, image)
    return demo


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with serve(make_demo()) as u:
        yield u


def config(url: str, headers: dict[str, str] | None = None) -> dict:
    r = httpx.get(url + "/config", headers=headers, timeout=30)
    r.raise_for_status()
    return r.json()


def initial_url(cfg: dict) -> str:
    image = next(c for c in cfg["components"] if c["props"].get("elem_id") == "initial")
    return image["props"]["value"]["url"]


def result_url(url: str, headers: dict[str, str]) -> str:
    reader = SSE(url)
    try:
        r = reader.http.post(
            f"{url}/gradio_api/queue/join",
            headers=headers,
            json={"data": [7], "fn_index": 0, "session_hash": reader.session_hash},
        )
        r.raise_for_status()
        done = next(m for _, m in reader.messages() if m["msg"] == "process_completed")
    finally:
        reader.close()
    return done["output"]["data"][0]["url"]


def test_forwarded_host_and_proto_make_the_file_urls(url):
    cfg = config(url, PUBLIC)
    assert cfg["root"] == "https://public.example:8443"
    assert initial_url(cfg).startswith("https://public.example:8443/gradio_api/file=")
    assert result_url(url, PUBLIC).startswith("https://public.example:8443/gradio_api/file=")


def test_without_forwarded_headers_the_request_url_is_used(url):
    cfg = config(url)
    assert cfg["root"] == url
    assert initial_url(cfg).startswith(url + "/gradio_api/file=")
    assert result_url(url, {}).startswith(url + "/gradio_api/file=")


def test_the_first_of_several_forwarded_values_is_used(url):
    cfg = config(
        url,
        {"x-forwarded-host": "first.example, second.example", "x-forwarded-proto": "https, http"},
    )
    assert cfg["root"] == "https://first.example"


def test_forwarded_proto_http_keeps_http(url):
    cfg = config(url, {"x-forwarded-host": "public.example", "x-forwarded-proto": "http"})
    assert cfg["root"] == "http://public.example"


@pytest.mark.parametrize("bad", ['evil.example/"><b>', "a b", "host/path", "user@host", ""])
def test_a_forwarded_host_that_is_not_a_host_is_ignored(url, bad):
    assert config(url, {"x-forwarded-host": bad})["root"] == url


def test_root_path_follows_the_forwarded_origin():
    with serve(make_demo(), root_path="/myapp/") as u:
        cfg = config(u, PUBLIC)
        assert cfg["root"] == "https://public.example:8443/myapp"
        assert initial_url(cfg).startswith("https://public.example:8443/myapp/gradio_api/file=")
        assert result_url(u, PUBLIC).startswith(
            "https://public.example:8443/myapp/gradio_api/file="
        )
        assert config(u)["root"] == u + "/myapp"


def test_a_full_url_root_path_is_used_as_it_is():
    with serve(make_demo(), root_path="https://cdn.example/app/") as u:
        cfg = config(u, PUBLIC)
        assert cfg["root"] == "https://cdn.example/app"
        assert result_url(u, {}).startswith("https://cdn.example/app/gradio_api/file=")


def test_gradio_root_path_is_read_when_launch_gives_none(monkeypatch):
    monkeypatch.setenv("GRADIO_ROOT_PATH", "/fromenv")
    with serve(make_demo()) as u:
        assert config(u)["root"] == u + "/fromenv"
    with serve(make_demo(), root_path="/given") as u:
        assert config(u)["root"] == u + "/given"


def test_a_root_path_without_its_leading_slash_gets_one():
    with serve(make_demo(), root_path="myapp") as u:
        assert config(u)["root"] == u + "/myapp"
