"""launch(auth=...): gradio_client logs in; every route but the login page refuses a
request that has not; the cookie is signed, HttpOnly and SameSite; logout forgets it."""

from __future__ import annotations

import re
import time

import httpx
import pytest
from gradio_client import Client
from gradio_client.exceptions import AuthenticationError
from starlette.routing import Mount, Route

import rillet as gr
from rillet.server.auth import OPEN_PATHS
from rillet.testing import serve


def count(n):
    for i in range(int(n)):
        time.sleep(0.01)
        yield str(i)


def app() -> gr.Blocks:
    with gr.Blocks() as demo:
        n = gr.Number(3)
        out = gr.Textbox()
        gr.Button().click(count, n, out, api_name="count")
    return demo


@pytest.fixture(scope="module")
def served():
    demo = app()
    with serve(
        demo, auth=[("ada", "lovelace"), ("bo", "pw")], auth_message="Ask Ada for a login."
    ) as url:
        yield url, demo


def login(url: str, user: str = "ada", password: str = "lovelace") -> httpx.Response:
    return httpx.post(url + "/login", data={"username": user, "password": password}, timeout=10)


def test_gradio_client_logs_in_and_streams(served):
    url, _ = served
    client = Client(url + "/", auth=("ada", "lovelace"), verbose=False)
    job = client.submit(4, api_name="/count")
    assert job.result(timeout=30) == "3"
    assert job.outputs()[-1] == "3"


def test_wrong_credentials_are_refused(served):
    url, _ = served
    with pytest.raises(AuthenticationError):
        Client(url + "/", auth=("ada", "wrong"), verbose=False)
    assert login(url, "ada", "pw").status_code == 401  # another user's password
    assert login(url, "nobody", "lovelace").status_code == 401


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "x", path)


def test_every_route_refuses_a_request_without_login(served):
    url, demo = served
    paths = []
    for route in demo.server.app.routes:
        if isinstance(route, Mount):
            paths.append(concrete(route.path) + "/style.css")
            paths.append(concrete(route.path) + "/app.js")
        elif isinstance(route, Route):
            paths.append(concrete(route.path))
    assert len(paths) > 15
    for path in paths:
        for method in ("GET", "POST"):
            r = httpx.request(method, url + path, timeout=10, json={"session_hash": "s"})
            if path in OPEN_PATHS:
                continue
            if path == "/" and method == "GET":
                assert r.status_code == 200 and "Log in" in r.text and "Ask Ada" in r.text, r.text[
                    :200
                ]
            else:
                assert r.status_code == 401, (method, path, r.status_code)
    assert httpx.get(url + "/static/login.js", timeout=10).status_code == 200


def test_the_cookie_is_signed_httponly_and_samesite(served):
    url, _ = served
    r = login(url)
    assert r.status_code == 200
    header = r.headers["set-cookie"].lower()
    assert "httponly" in header and "samesite=lax" in header
    cookie = r.cookies["access-token"]
    ok = httpx.get(url + "/config", cookies={"access-token": cookie}, timeout=10)
    assert ok.status_code == 200 and ok.json()["components"]
    expiry, user_hex, signature = cookie.split(":")
    forged = f"{expiry}:{b'bo'.hex()}:{signature}"
    assert (
        httpx.get(url + "/config", cookies={"access-token": forged}, timeout=10).status_code == 401
    )
    later = f"{int(expiry) + 10}:{user_hex}:{signature}"
    assert (
        httpx.get(url + "/config", cookies={"access-token": later}, timeout=10).status_code == 401
    )


def test_logout_forgets_the_login(served):
    url, _ = served
    with httpx.Client(base_url=url, timeout=10) as http:
        assert http.post("/login", data={"username": "bo", "password": "pw"}).status_code == 200
        assert http.get("/config").status_code == 200
        r = http.get("/logout")
        assert r.status_code == 302 and r.headers["location"] == "./"
        assert http.get("/config").status_code == 401


def test_a_function_checks_the_credentials():
    seen = []

    def check(user, password):
        seen.append(user)
        return password == user[::-1]

    with serve(app(), auth=check) as url:
        assert login(url, "abc", "cba").status_code == 200
        assert login(url, "abc", "abc").status_code == 401
        assert (
            Client(url + "/", auth=("xy", "yx"), verbose=False).predict(2, api_name="/count") == "1"
        )
    assert seen[:2] == ["abc", "abc"]


def test_a_bad_auth_argument_is_a_clear_error():
    with pytest.raises(TypeError, match="pair"):
        app().launch(auth=["ada"], prevent_thread_lock=True, quiet=True)
