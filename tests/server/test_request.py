"""``gr.Request`` parameters over HTTP: the real gradio_client and httpx send headers, a
query string and cookies to ``queue/join``; the function (sync, async, generator, live
``.stream()`` or ``.load``) gets them, with the session hash, client address and username."""

from __future__ import annotations

import base64
import io
import json
import uuid

import httpx
import pytest
from gradio_client import Client
from PIL import Image as PILImage

import rillet as gr
from rillet.testing import serve
from tests.server.conftest import SSE

DEADLINE = 30


def info(request: gr.Request, text: str = "") -> str:
    return json.dumps(
        {
            "text": text,
            "who": request.headers.get("x-who"),
            "WHO": request.headers["X-WHO"] if "x-who" in request.headers else None,
            "host": request.client.host,
            "port": request.client.port,
            "session": request.session_hash,
            "query": dict(request.query_params),
            "tags": request.query_params.getlist("tag"),
            "cookies": request.cookies,
            "user": request.username,
            "url": request.url,
            "path_params": request.path_params,
        }
    )


def echo(text, request: gr.Request):
    return info(request, text)


async def async_echo(text, request: gr.Request):
    return info(request, text)


def gen(text, request: gr.Request):
    for i in range(3):
        yield info(request, f"{text}{i}")


async def agen(request: gr.Request, text):
    for i in range(3):
        yield info(request, f"{text}{i}")


def after_progress(text, progress=gr.Progress(), request: gr.Request = None):
    progress(0.5)
    return info(request, text)


def keyword_only(text, *, request: gr.Request):
    return info(request, text)


def on_load(request: gr.Request):
    return info(request)


def live(frame, request: gr.Request):
    return info(request, str(int(frame.mean().round())))


def build() -> gr.Blocks:
    with gr.Blocks() as demo:
        text, out = gr.Textbox(), gr.Textbox()
        go = gr.Button()
        for fn in (echo, async_echo, gen, agen, after_progress, keyword_only):
            go.click(fn, text, out, api_name=fn.__name__, concurrency_limit=None)
        demo.load(on_load, None, out, api_name="on_load")
        cam = gr.Image(sources="webcam")
        cam.stream(live, cam, out, api_name="live", time_limit=20)
    return demo


@pytest.fixture(scope="module")
def url():
    with serve(build()) as base:
        yield base


@pytest.fixture(scope="module")
def client(url):
    c = Client(url + "/", verbose=False, headers={"X-Who": "ann"})
    yield c
    c.close()


def fn_index(url: str, api_name: str) -> int:
    deps = httpx.get(url + "/config").json()["dependencies"]
    return next(d["id"] for d in deps if d["api_name"] == api_name)


def outputs_of(messages: list[dict]) -> list[dict]:
    return [
        json.loads(m["output"]["data"][0])
        for m in messages
        if m["msg"] in ("process_generating", "process_completed", "process_streaming")
        and m.get("output", {}).get("data")
    ]


def test_headers_session_hash_and_client_reach_the_function(client):
    got = json.loads(client.predict("hi", api_name="/echo"))
    assert got["text"] == "hi"
    assert got["who"] == got["WHO"] == "ann"  # sent by the client; case-insensitive
    assert got["session"] == client.session_hash
    assert got["host"] == "127.0.0.1" and isinstance(got["port"], int)
    assert got["user"] is None  # no auth
    assert got["path_params"] == {} and "/gradio_api/queue/join" in got["url"]


def test_async_functions_get_it_too(client):
    got = json.loads(client.predict("a", api_name="/async_echo"))
    assert got["who"] == "ann" and got["session"] == client.session_hash


@pytest.mark.parametrize("api_name", ["/gen", "/agen"])
def test_every_yield_of_a_generator_sees_it(client, api_name):
    job = client.submit("g", api_name=api_name)
    job.result(timeout=DEADLINE)
    seen = [json.loads(o) for o in job.outputs()]
    assert [s["text"] for s in seen] == ["g0", "g1", "g2"]
    assert all(s["who"] == "ann" and s["session"] == client.session_hash for s in seen)


@pytest.mark.parametrize("api_name", ["/after_progress", "/keyword_only"])
def test_a_request_after_defaults_or_keyword_only_is_passed_by_name(client, api_name):
    got = json.loads(client.predict("k", api_name=api_name))
    assert got["text"] == "k" and got["who"] == "ann"


def test_query_string_and_cookies_of_the_join(url):
    sse = SSE(url)
    try:
        r = sse.http.post(
            f"{url}/gradio_api/queue/join?page=7&tag=a&tag=b",
            json={
                "data": ["q"],
                "fn_index": fn_index(url, "echo"),
                "session_hash": sse.session_hash,
            },
            headers={"cookie": "flavour=mint"},
        )
        assert r.status_code == 200, r.text
        got = outputs_of([m for _, m in sse.messages()])[-1]
    finally:
        sse.close()
    assert got["query"] == {"page": "7", "tag": "b"} and got["tags"] == ["a", "b"]
    assert got["cookies"] == {"flavour": "mint"} and got["session"] == sse.session_hash
    assert got["who"] is None


def test_each_session_gets_its_own_request(url, client):
    other = Client(url + "/", verbose=False, headers={"X-Who": "bob"})
    try:
        theirs = json.loads(other.predict("b", api_name="/echo"))
    finally:
        other.close()
    mine = json.loads(client.predict("a", api_name="/echo"))
    assert (mine["who"], theirs["who"]) == ("ann", "bob")
    assert mine["session"] != theirs["session"]


def test_the_api_lists_no_request_parameter(url, client):
    named = httpx.get(url + "/gradio_api/info").json()["named_endpoints"]
    for api_name in ("/echo", "/agen", "/gen", "/keyword_only"):
        params = named[api_name]["parameters"]
        assert [p["parameter_name"] for p in params] == ["text"], (api_name, params)
    assert named["/on_load"]["parameters"] == []
    assert "request" not in client.view_api(print_info=False, return_format="str")


def test_load_events_get_the_page_query_string(url):
    sse = SSE(url)
    try:
        r = sse.http.post(
            f"{url}/gradio_api/queue/join?ref=news",
            json={
                "data": [],
                "fn_index": fn_index(url, "on_load"),
                "session_hash": sse.session_hash,
            },
        )
        assert r.status_code == 200, r.text
        got = outputs_of([m for _, m in sse.messages()])[-1]
    finally:
        sse.close()
    assert got["query"] == {"ref": "news"} and got["session"] == sse.session_hash


def jpeg(value: int) -> dict:
    out = io.BytesIO()
    PILImage.new("RGB", (16, 16), (value, value, value)).save(out, "JPEG", quality=95)
    return {"url": "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode()}


def test_live_stream_events_see_the_request_of_their_join(url):
    sse = SSE(url, session_hash=uuid.uuid4().hex)
    try:
        r = sse.http.post(
            f"{url}/gradio_api/queue/join",
            json={
                "data": [jpeg(40)],
                "fn_index": fn_index(url, "live"),
                "session_hash": sse.session_hash,
            },
            headers={"X-Who": "cam"},
        )
        assert r.status_code == 200, r.text
        event_id = r.json()["event_id"]
        seen: list[dict] = []
        for _, msg in sse.messages():
            seen += outputs_of([msg])
            if len(seen) == 1 and msg["msg"] == "process_streaming":
                pushed = sse.http.post(
                    f"{url}/gradio_api/stream/{event_id}",
                    json={"data": [jpeg(200)], "session_hash": sse.session_hash},
                )
                assert pushed.status_code == 200, pushed.text
            if any(s["text"] != seen[0]["text"] for s in seen):
                sse.http.post(
                    f"{url}/gradio_api/stream/{event_id}/close",
                    json={"session_hash": sse.session_hash},
                )
    finally:
        sse.close()
    assert len({s["text"] for s in seen}) >= 2, seen  # two chunks, one request
    assert all(s["who"] == "cam" and s["session"] == sse.session_hash for s in seen)


def test_username_with_auth():
    with serve(build(), auth=("ann", "pw")) as base:
        c = Client(base + "/", verbose=False, auth=("ann", "pw"))
        try:
            got = json.loads(c.predict("u", api_name="/echo"))
        finally:
            c.close()
    assert got["user"] == "ann" and got["session"] == c.session_hash
