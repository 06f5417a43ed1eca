"""Defence in depth: the page's Content-Security-Policy and ``frame-ancestors``, the
``Host`` check of an app on localhost (DNS rebinding), and served files shown inline only
for an allowlist of types (``.rdf``, ``.atom``, ``.kml``... were shown inline)."""

from __future__ import annotations

import base64
import hashlib
import io
import re
import wave

import httpx
import pytest
from PIL import Image as PILImage

import rillet as gr
from rillet.testing import serve


@pytest.fixture(scope="module")
def url():
    with gr.Blocks() as demo:
        gr.Button().click(lambda: "x", None, gr.Textbox())
    with serve(demo, allowed_origins=["https://app.example.com"]) as u:
        yield u


def directives(policy: str) -> dict[str, list[str]]:
    parts = [p.split() for p in policy.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


def page_scripts(html: str) -> list[str]:
    """What ``script-src`` must be for ``html``: the app itself, and the hash of the page's
    one inline script, its import map (an exact text: nothing else inline can run)."""
    (import_map,) = re.findall(r'<script type="importmap">(.*?)</script>', html, re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(import_map.encode()).digest()).decode()
    return ["'self'", f"'sha256-{digest}'"]


@pytest.mark.parametrize("path", ["/", "/static/index.html"])
def test_the_page_runs_scripts_from_the_app_only(url, path):
    r = httpx.get(url + path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    policy = directives(r.headers["content-security-policy"])
    assert policy["script-src"] == page_scripts(httpx.get(url + "/").text)
    assert policy["connect-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert "frame-ancestors" not in policy  # any site may embed it, as with Gradio


def test_json_and_scripts_get_no_page_policy(url):
    assert "content-security-policy" not in httpx.get(url + "/config").headers
    assert "content-security-policy" not in httpx.get(url + "/static/app.js").headers


@pytest.mark.parametrize(
    "value,expected",
    [
        ("'self'", "'self'"),
        ("'none'", "'none'"),
        (["'self'", "https://blog.example"], "'self' https://blog.example"),
    ],
)
def test_frame_ancestors_is_settable(value, expected):
    demo = gr.Interface(lambda x: x, "text", "text")
    with serve(demo, frame_ancestors=value) as u:
        page = httpx.get(u + "/")
    policy = directives(page.headers["content-security-policy"])
    assert " ".join(policy["frame-ancestors"]) == expected
    assert policy["script-src"] == page_scripts(page.text)


def test_frame_ancestors_from_the_environment(monkeypatch):
    monkeypatch.setenv("RILLET_FRAME_ANCESTORS", "'self' https://intranet.example")
    demo = gr.Interface(lambda x: x, "text", "text")
    with serve(demo) as u:
        policy = directives(httpx.get(u + "/").headers["content-security-policy"])
    assert policy["frame-ancestors"] == ["'self'", "https://intranet.example"]


@pytest.mark.parametrize("bad", ["'self'; script-src *", "a,b", "", ["x\r\ny"]])
def test_a_frame_ancestors_that_would_break_the_header_fails_the_launch(bad):
    demo = gr.Interface(lambda x: x, "text", "text")
    with pytest.raises(ValueError, match="frame_ancestors"), serve(demo, frame_ancestors=bad):
        pass


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:7860",
        "127.0.0.1.nip.io",
        "localhost.evil.example",
        "192.168.1.10:80",
        "app.example.com.evil.example",
    ],
)
@pytest.mark.parametrize(
    "target", ["/", "/config", "/gradio_api/info", "/gradio_api/queue/data?session_hash=x"]
)
def test_a_foreign_host_name_is_refused_on_localhost(url, host, target):
    """DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1 is
    same-origin with itself, and its requests name evil.example as their Host."""
    got = httpx.get(url + target, headers={"host": host}, timeout=30)
    assert got.status_code == 403, (got.status_code, got.text[:200])
    assert "localhost only" in got.json()["detail"]


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "127.0.0.1:1",
        "localhost",
        "LOCALHOST:7860",
        "[::1]:8080",
        "[::1]",
        "app.localhost:9",
        "127.0.0.2",
        "app.example.com",
        "app.example.com:443",
    ],
)
def test_local_host_names_and_allowed_origins_hosts_are_served(url, host):
    got = httpx.get(url + "/config", headers={"host": host}, timeout=30)
    assert got.status_code == 200, (host, got.status_code, got.text[:200])


def upload(url: str, name: str, content: bytes) -> httpx.Response:
    path = httpx.post(f"{url}/gradio_api/upload", files=[("files", (name, content))]).json()[0]
    return httpx.get(f"{url}/gradio_api/file={path}")


def png() -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (4, 4), "blue").save(out, "PNG")
    return out.getvalue()


def wav() -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x00\x00" * 800)
    return out.getvalue()


SCRIPTED = (
    b'<?xml version="1.0"?><x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script>'
)


@pytest.mark.parametrize(
    "name",
    [
        "feed.rdf",
        "feed.atom",
        "map.kml",
        "style.xsl",
        "page.xht",
        "x.svg",
        "x.html",
        "x.js",
        "x.mjs",
        "x.css",
        "x.xml",
        "x.wasm",
        "mail.mht",
        "x.md",
        "x.xhtml",
    ],
)
def test_files_of_types_not_on_the_allowlist_are_sandboxed_downloads(url, name):
    r = upload(url, name, SCRIPTED)
    assert r.status_code == 200
    assert r.headers["content-disposition"] == "attachment", r.headers["content-type"]
    assert r.headers["content-security-policy"] == "sandbox"
    assert r.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    "name,content",
    [
        ("x.png", png()),
        ("x.wav", wav()),
        ("x.mp4", b"\x00" * 64),
        ("x.webm", b"\x00" * 64),
        ("x.mp3", b"\x00" * 64),
        ("x.txt", b"hello"),
        ("x.json", b"{}"),
        ("x.pdf", b"%PDF-1.4"),
        ("x.csv", b"a,b"),
        ("x.jpg", b"\xff\xd8\xff"),
        ("x.webp", b"RIFF"),
        ("x.gif", b"GIF89a"),
    ],
)
def test_images_media_text_json_and_pdf_are_shown_inline(url, name, content):
    r = upload(url, name, content)
    assert r.status_code == 200
    assert "content-disposition" not in r.headers, r.headers["content-type"]
    assert r.headers["x-content-type-options"] == "nosniff"
