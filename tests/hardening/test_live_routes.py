"""The live-input routes (``/stream/{event_id}`` and ``/close``) under attack: guessed and
replayed event ids, other sessions' hashes, fuzzed bodies. Only the session that started a
live event reaches it; nothing makes the server fail; the owner's stream is untouched."""

from __future__ import annotations

import json
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rillet as gr
from rillet.server.bodies import JSON_LIMIT
from rillet.testing import serve

from .conftest import FUZZ_EXAMPLES, FUZZ_TIMEOUT, raw_request

pytestmark = pytest.mark.timeout(FUZZ_TIMEOUT)
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@pytest.fixture(scope="module")
def live_server():
    with gr.Blocks() as demo:
        cam = gr.Image(sources="webcam")
        cam.stream(lambda im: im, cam, gr.Image(), time_limit=60)
    with serve(demo) as url:
        http = httpx.Client(timeout=30)
        owner = "owner-session"
        joined = http.post(
            f"{url}/gradio_api/queue/join",
            json={"data": [None], "fn_index": 0, "session_hash": owner},
        )
        event = joined.json()["event_id"]
        yield url, http, owner, event
        http.post(f"{url}/gradio_api/stream/{event}/close", json={"session_hash": owner})
        http.close()


@FUZZ
@given(event=st.text(min_size=1, max_size=80), session=st.text(max_size=80), data=JSON_VALUES)
def test_guessed_ids_and_sessions_reach_nothing(live_server, event, session, data):
    url, http, owner, real_event = live_server
    for target in (event, real_event):
        body = {"data": data if isinstance(data, list) else [data], "session_hash": session}
        if session == owner:
            continue
        path = f"{url}/gradio_api/stream/{quote(target, safe='')}"
        pushed = http.post(path, json=body)
        # 307: Starlette's redirect for a path that only differs by a slash (it leads to
        # another refusal)
        assert pushed.status_code in (307, 400, 404, 405, 422), (target, session, pushed.text)
        closed = http.post(f"{path}/close", json={"session_hash": session})
        # 422: an event id "." makes the client send ".../stream/./close" as
        # ".../stream/close", a chunk for event "close" without a data list
        assert closed.status_code in (307, 400, 404, 405, 422), (target, session, closed.text)


@FUZZ
@given(body=st.binary(max_size=200) | JSON_VALUES.map(lambda v: json.dumps(v).encode()))
def test_fuzzed_bodies_get_a_readable_4xx(live_server, body):
    url, http, _owner, event = live_server
    response = http.post(
        f"{url}/gradio_api/stream/{event}",
        content=body,
        headers={"content-type": "application/json"},
    )
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["detail"]


def test_an_oversized_chunk_is_refused_before_it_is_read(live_server):
    url, _http, _owner, event = live_server
    response = raw_request(
        url,
        "POST",
        f"/gradio_api/stream/{event}",
        b"{}",
        {"content-type": "application/json", "content-length": str(JSON_LIMIT + 1)},
    )
    assert response.status == 413 and b"limited" in response.body


def test_the_owner_still_streams_after_the_attack(live_server):
    url, http, owner, event = live_server
    pushed = http.post(
        f"{url}/gradio_api/stream/{event}", json={"data": [None], "session_hash": owner}
    )
    assert pushed.json() == {"msg": "success"}
