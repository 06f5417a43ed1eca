"""Cross-site request forgery against an app on localhost: a page on another site can
neither start a function nor write an upload. JSON routes take only a JSON body (which a
foreign page cannot send without a CORS preflight), and every state-changing request from
a foreign ``Origin`` is refused (Gradio's localhost rule). API clients (no Origin), the
app's own page and ``allowed_origins`` keep working; so does the real ``gradio_client``."""

from __future__ import annotations

import json
import threading
import uuid

import httpx
import pytest
from PIL import Image as PILImage

import rillet as gr
from rillet.core.settings import Settings
from rillet.server.guard import GuardPolicy
from rillet.testing import serve

from .conftest import completed, messages, raw_request, run

EVIL = "http://evil.example"
EMBEDDER = "https://embed.example:8443"
JSON_ROUTES = ["queue/join", "cancel", "reset", "stream/some-event"]


@pytest.fixture(scope="module")
def app():
    """An app whose functions count their calls, and a live event to close."""
    calls: list[str] = []
    lock = threading.Lock()

    def record(text):
        with lock:
            calls.append(text)
        return text.upper()

    with gr.Blocks() as demo:
        box = gr.Textbox()
        gr.Button().click(record, box, gr.Textbox())
        cam = gr.Image(sources="webcam")
        cam.stream(lambda im: im, cam, gr.Image(), time_limit=60)
        image = gr.Image(type="filepath")
        gr.Button().click(lambda path: "got an image", image, gr.Textbox(), api_name="see")
    with serve(demo, allowed_origins=[EMBEDDER]) as url:
        yield url, calls


def join_body(session: str, text: str = "x") -> bytes:
    return json.dumps({"fn_index": 0, "data": [text], "session_hash": session}).encode()


def test_a_foreign_page_cannot_start_a_function(app):
    """The issue's curl: a text/plain join from another origin used to run the function."""
    url, calls = app
    session = uuid.uuid4().hex
    r = httpx.post(
        f"{url}/gradio_api/queue/join",
        content=join_body(session, "forged"),
        headers={"origin": EVIL, "content-type": "text/plain"},
    )
    assert r.status_code == 403, r.text
    assert "evil.example" in r.json()["detail"] and "allowed_origins" in r.json()["detail"]
    # even as JSON (which a browser would only send after a preflight it cannot pass)
    r = httpx.post(
        f"{url}/gradio_api/queue/join",
        content=join_body(session, "forged"),
        headers={"origin": EVIL, "content-type": "application/json"},
    )
    assert r.status_code == 403
    assert "forged" not in calls


@pytest.mark.parametrize("route", JSON_ROUTES)
@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "text/plain",
        "text/plain;charset=UTF-8",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/jsonx",
    ],
)
def test_json_routes_take_only_a_json_content_type(app, route, content_type):
    url, calls = app
    headers = {"content-type": content_type} if content_type else {}
    r = raw_request(url, "POST", f"/gradio_api/{route}", join_body("s", "untyped"), headers)
    assert r.status == 415, (r.status, r.body)
    assert b"application/json" in json.loads(r.body)["detail"].encode()
    assert "untyped" not in calls


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8"],
)
def test_a_json_content_type_with_or_without_charset_is_taken(app, content_type):
    url, _calls = app
    session = uuid.uuid4().hex
    r = httpx.post(
        f"{url}/gradio_api/queue/join",
        content=join_body(session, "typed"),
        headers={"content-type": content_type},
    )
    assert r.status_code == 200, r.text
    assert completed(list(messages(url, session)))["output"]["data"] == ["TYPED"]


def test_close_takes_no_body_with_the_session_in_the_query(app):
    url, _ = app
    owner = uuid.uuid4().hex
    with httpx.Client(timeout=30) as http:
        event = http.post(
            f"{url}/gradio_api/queue/join",
            json={"data": [None], "fn_index": 1, "session_hash": owner},
        ).json()["event_id"]
        close = f"{url}/gradio_api/stream/{event}/close"
        typed = http.post(
            f"{close}?session_hash={owner}", content=b"x", headers={"content-type": "text/plain"}
        )
        assert typed.status_code == 415
        assert http.post(f"{close}?session_hash={owner}").json() == {"msg": "success"}


@pytest.mark.parametrize(
    "method,target,kwargs",
    [
        ("POST", "/gradio_api/upload", {"files": [("files", ("x.txt", b"written"))]}),
        (
            "POST",
            "/gradio_api/queue/join",
            {"json": {"fn_index": 0, "data": ["x"], "session_hash": "s"}},
        ),
        ("POST", "/gradio_api/cancel", {"json": {"session_hash": "s"}}),
        ("POST", "/gradio_api/reset", {"json": {"event_id": "e"}}),
        ("POST", "/gradio_api/stream/e", {"json": {"data": [], "session_hash": "s"}}),
        ("POST", "/gradio_api/stream/e/close", {}),
        ("PUT", "/", {}),
        ("DELETE", "/gradio_api/queue/join", {}),
        ("PATCH", "/config", {}),
    ],
)
@pytest.mark.parametrize(
    "origin",
    [
        EVIL,
        "null",
        "http://127.0.0.1.evil.example",
        "https://localhost.evil.example:443",
        "file://",
    ],
)
def test_every_state_changing_route_refuses_a_foreign_origin(app, method, target, kwargs, origin):
    url, _ = app
    r = httpx.request(method, url + target, headers={"origin": origin}, timeout=30, **kwargs)
    assert r.status_code == 403, (r.status_code, r.text)
    assert "Cross-origin request refused" in r.json()["detail"]


def test_a_foreign_page_can_read_nothing(app):
    """Reads are not refused (an <img> may show a file) but carry no CORS header, so a
    foreign page's script cannot read the answer."""
    url, _ = app
    r = httpx.get(f"{url}/config", headers={"origin": EVIL})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers
    preflight = httpx.options(
        f"{url}/gradio_api/queue/join",
        headers={
            "origin": EVIL,
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
        },
    )
    assert preflight.status_code == 403
    assert "access-control-allow-origin" not in preflight.headers


@pytest.mark.parametrize(
    "origin", ["SAME", "http://localhost:3000", "http://127.0.0.1:9", "http://[::1]:8080", EMBEDDER]
)
def test_the_apps_own_page_localhost_and_allowed_origins_may_act(app, origin):
    url, _calls = app
    origin = url if origin == "SAME" else origin
    session = uuid.uuid4().hex
    r = httpx.post(
        f"{url}/gradio_api/queue/join",
        content=join_body(session, f"from {origin}"),
        headers={"origin": origin, "content-type": "application/json"},
    )
    assert r.status_code == 200, r.text
    assert completed(list(messages(url, session)))["success"] is True
    up = httpx.post(
        f"{url}/gradio_api/upload",
        headers={"origin": origin},
        files=[("files", ("x.txt", b"fine"))],
    )
    assert up.status_code == 200, up.text


def test_an_allowed_origin_gets_cors_answers(app):
    url, _ = app
    preflight = httpx.options(
        f"{url}/gradio_api/queue/join",
        headers={
            "origin": EMBEDDER,
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == EMBEDDER
    assert preflight.headers["access-control-allow-headers"] == "content-type"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    r = httpx.get(f"{url}/config", headers={"origin": EMBEDDER})
    assert r.headers["access-control-allow-origin"] == EMBEDDER
    assert r.headers["access-control-allow-credentials"] == "true"


def test_a_request_without_origin_is_allowed(app):
    """gradio_client, curl and other API clients send no Origin."""
    url, _calls = app
    final = completed(run(url, uuid.uuid4().hex, 0, ["no origin"]))
    assert final["output"]["data"] == ["NO ORIGIN"]


def test_the_real_gradio_client_keeps_working(app, tmp_path):
    from gradio_client import Client, handle_file

    url, calls = app
    picture = tmp_path / "p.png"
    PILImage.new("RGB", (8, 8), "red").save(picture)
    client = Client(url, verbose=False)
    assert client.predict("via client", fn_index=0) == "VIA CLIENT"
    assert client.predict(handle_file(str(picture)), api_name="/see") == "got an image"
    assert "via client" in calls


def test_strict_cors_false_allows_the_null_origin():
    with gr.Blocks() as demo:
        gr.Button().click(lambda: "ran", None, gr.Textbox())
    with serve(demo, strict_cors=False) as url:
        session = uuid.uuid4().hex
        r = httpx.post(
            f"{url}/gradio_api/queue/join",
            headers={"origin": "null"},
            json={"fn_index": 0, "data": [], "session_hash": session},
        )
        assert r.status_code == 200, r.text
        assert completed(list(messages(url, session)))["output"]["data"] == ["ran"]
        r = httpx.post(
            f"{url}/gradio_api/queue/join",
            headers={"origin": EVIL},
            json={"fn_index": 0, "data": [], "session_hash": session},
        )
        assert r.status_code == 403


def test_allowed_origins_from_the_environment(monkeypatch):
    monkeypatch.setenv("RILLET_ALLOWED_ORIGINS", f"{EMBEDDER}, https://other.example")
    with gr.Blocks() as demo:
        gr.Button().click(lambda: "ran", None, gr.Textbox())
    with serve(demo) as url:
        for origin, status in [("https://other.example", 200), (EVIL, 403)]:
            r = httpx.post(
                f"{url}/gradio_api/queue/join",
                headers={"origin": origin},
                json={"fn_index": 0, "data": [], "session_hash": uuid.uuid4().hex},
            )
            assert r.status_code == status, (origin, r.text)


@pytest.mark.parametrize("bad", ["evil.example", "https://", "https://x.example/path", "*"])
def test_a_malformed_allowed_origin_fails_the_launch(bad):
    demo = gr.Interface(lambda x: x, "text", "text")
    with pytest.raises(ValueError, match="allowed_origins"), serve(demo, allowed_origins=[bad]):
        pass


def test_an_app_on_a_public_address_keeps_its_api_open_to_every_site():
    """As Gradio: off localhost any origin may call the API (CORS without credentials);
    only an allowed origin gets credentials."""
    policy = GuardPolicy.from_settings(Settings(server_name="0.0.0.0", allowed_origins=[EMBEDDER]))
    assert not policy.local_only and policy.host_allowed("any.example:80")
    assert not policy.origin_trusted(EVIL, set())
    assert policy.origin_trusted(EMBEDDER, set())
    for name in ["127.0.0.1", "localhost", "::1", "127.0.0.2"]:
        assert GuardPolicy.from_settings(Settings(server_name=name)).local_only
