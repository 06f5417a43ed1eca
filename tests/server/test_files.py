"""Only files the app produced or users uploaded are served; uploads are size-limited."""

from __future__ import annotations

import httpx
import pytest

import rillet as gr
from rillet.testing import serve


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    secret = tmp_path_factory.mktemp("outside") / "secret.txt"
    secret.write_text("do not serve me")
    with gr.Blocks() as demo:
        out = gr.Textbox()
        gr.Button().click(lambda: "hi", None, out)
    with serve(demo, max_file_size=1000) as url:
        yield url, secret


@pytest.mark.parametrize(
    "path",
    [
        "/etc/passwd",
        "../../../../etc/passwd",
        "%2e%2e/%2e%2e/etc/passwd",
        "/proc/self/environ",
    ],
)
def test_crafted_paths_are_refused(app_url, path):
    url, _ = app_url
    r = httpx.get(f"{url}/gradio_api/file={path}")
    assert r.status_code in (403, 404)
    assert "root:" not in r.text


def test_a_file_outside_the_store_is_refused_even_in_tmp(app_url):
    url, secret = app_url
    r = httpx.get(f"{url}/gradio_api/file={secret}")
    assert r.status_code == 403
    assert "do not serve me" not in r.text


def test_uploaded_file_is_served_back(app_url):
    url, _ = app_url
    r = httpx.post(f"{url}/gradio_api/upload", files=[("files", ("a.txt", b"hello"))])
    assert r.status_code == 200
    (path,) = r.json()
    back = httpx.get(f"{url}/gradio_api/file={path}")
    assert back.status_code == 200 and back.content == b"hello"
    escape = httpx.get(f"{url}/gradio_api/file={path}/../../../etc/passwd")
    assert escape.status_code in (403, 404)


def test_too_large_upload_gets_a_clear_error(app_url):
    url, _ = app_url
    r = httpx.post(f"{url}/gradio_api/upload", files=[("files", ("big.bin", b"x" * 5000))])
    assert r.status_code == 413
    assert "1000 bytes" in r.json()["detail"]


def test_component_modules_are_served_but_python_sources_are_not(app_url):
    url, _ = app_url
    assert httpx.get(f"{url}/static/components/base.py").status_code == 404
    assert httpx.get(f"{url}/static/components/..%2Fblocks.py").status_code == 404
