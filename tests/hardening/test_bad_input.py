"""Bad uploads and bad joins get a clear 4xx with a readable message; corrupt media gets a
readable error in its event; and all the while another user's stream goes on unharmed."""

from __future__ import annotations

import threading
import uuid

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import rillet as gr
from rillet.server.bodies import JSON_LIMIT
from rillet.testing import serve

from .conftest import completed, file_data, join, messages, raw_request, run
from .test_files_fuzz import FUZZ

LIMIT = 50_000
RELEASE = threading.Event()


def ticker():
    """The healthy user's stream: a token every 10 ms until the test is done."""
    text, i = "", 0
    while not RELEASE.is_set() or i < 5:
        text += f"{i} "
        i += 1
        RELEASE.wait(0.01)
        yield text


@pytest.fixture(scope="module")
def url():
    with gr.Blocks() as demo:
        text = gr.Textbox()
        gr.Button().click(ticker, None, text, concurrency_limit=None)
        gr.Button().click(lambda im: str(getattr(im, "shape", None)), gr.Image(), text)
        gr.Button().click(lambda a: str(a and a[0]), gr.Audio(), text)
        gr.Button().click(lambda v: v, gr.Video(format="webm"), text)
        gr.Button().click(lambda a, b: a + b, [gr.Textbox(), gr.Textbox()], text)
    with serve(demo, max_file_size=LIMIT) as u:
        yield u


@pytest.fixture
def healthy(url):
    """A stream that runs through the test; checked whole at the end."""
    RELEASE.clear()
    session = uuid.uuid4().hex
    assert join(url, session, 0, []).status_code == 200
    got: list[dict] = []
    reader = threading.Thread(target=lambda: got.extend(messages(url, session)))
    reader.start()
    yield
    RELEASE.set()
    reader.join(30)
    final = completed(got)
    assert final["success"], final
    text = final["output"]["data"][0]
    assert text == "".join(f"{i} " for i in range(len(text.split())))
    assert sum(m["msg"] == "process_generating" for m in got) >= 5


def post(url: str, route: str, **kwargs) -> httpx.Response:
    return httpx.post(f"{url}/gradio_api/{route}", timeout=30, **kwargs)


def assert_clear(r: httpx.Response | tuple[int, dict], status: int, *words: str) -> None:
    code, body = (r.status_code, r.json()) if isinstance(r, httpx.Response) else r
    assert code == status, (code, body)
    assert isinstance(body["detail"], str) and len(body["detail"]) > 10
    for word in words:
        assert word in body["detail"], body["detail"]


def test_bad_uploads_get_clear_errors(url, healthy):
    assert_clear(
        post(url, "upload", files=[("files", ("big.bin", b"x" * (LIMIT + 1)))]), 413, "limited to"
    )
    # a big body sent in chunks, with no length declared: refused as it arrives
    boundary = "b" * 16
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.bin"\r\n\r\n'
    ).encode()
    chunks = (head if i == 0 else b"x" * 65536 for i in range(40))
    big = httpx.post(
        f"{url}/gradio_api/upload",
        timeout=30,
        content=chunks,
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert_clear(big, 413, "limited to")
    truncated = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
        f'filename="a.txt"\r\n\r\nhalf a file'
    ).encode()
    assert_clear(
        post(
            url,
            "upload",
            content=truncated,
            headers={"content-type": f"multipart/form-data; boundary={boundary}"},
        ),
        400,
        "cut short",
    )
    assert_clear(post(url, "upload", json={"files": ["x"]}), 415, "multipart/form-data")
    assert_clear(
        post(url, "upload", content=b"hello", headers={"content-type": "text/plain"}),
        415,
        "multipart/form-data",
    )
    assert_clear(post(url, "upload", files=[("other", ("a.txt", b"x"))]), 400, "files")
    assert_clear(
        post(url, "upload", data={"files": "not a file"}, files=[("x", ("a", b""))]),
        400,
        "file parts",
    )


@pytest.mark.parametrize(
    "body,status,words",
    [
        (b"{not json", 400, ["JSON"]),
        (b"[1, 2]", 400, ["JSON object"]),
        (b'"text"', 400, ["JSON object"]),
        (b"null", 400, ["JSON object"]),
        (b"\xff\xfe\x00", 400, ["JSON"]),
        (b'{"data": [], "fn_index": 0}', 400, ["session_hash"]),
        (b'{"data": [], "fn_index": 0, "session_hash": 5}', 400, ["session_hash"]),
        (b'{"data": [], "fn_index": 99, "session_hash": "s"}', 404, ["fn_index"]),
        (b'{"data": [], "fn_index": -1, "session_hash": "s"}', 404, ["fn_index"]),
        (b'{"data": [], "fn_index": "0", "session_hash": "s"}', 404, ["fn_index"]),
        (b'{"data": [], "fn_index": 0.5, "session_hash": "s"}', 404, ["fn_index"]),
        (b'{"data": [], "fn_index": true, "session_hash": "s"}', 404, ["fn_index"]),
        (b'{"data": [], "session_hash": "s"}', 404, ["fn_index"]),
        (b'{"data": "x", "fn_index": 0, "session_hash": "s"}', 422, ["list"]),
        (b'{"data": {"a": 1}, "fn_index": 0, "session_hash": "s"}', 422, ["list"]),
        (b'{"data": ["only one"], "fn_index": 4, "session_hash": "s"}', 422, ["2 input values"]),
        (b'{"fn_index": 4, "session_hash": "s"}', 422, ["2 input values"]),
    ],
)
def test_malformed_joins_get_clear_errors(url, healthy, body, status, words):
    r = post(url, "queue/join", content=body, headers={"content-type": "application/json"})
    assert_clear(r, status, *words)


def test_an_oversized_join_is_refused_before_it_is_read(url, healthy):
    got = raw_request(
        url,
        "POST",
        "/gradio_api/queue/join",
        body=b"{",
        headers={"content-type": "application/json", "content-length": str(JSON_LIMIT + 1)},
    )
    assert got.status == 413 and b"limited to" in got.body


@pytest.mark.parametrize("body", [b"{oops", b"[]", b'{"event_id": "x"}'])
def test_malformed_cancels_get_clear_errors(url, healthy, body):
    r = post(url, "cancel", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 400 and r.json()["detail"]


@pytest.mark.parametrize(
    "fn_index,name,words",
    [
        (1, "x.png", ["Invalid value for 'image'"]),
        (2, "x.wav", ["Invalid value for 'audio'"]),
        (3, "x.mp4", ["Invalid value for 'video'"]),
    ],
)
def test_corrupt_media_gets_a_readable_error_in_its_event(url, healthy, fn_index, name, words):
    (path,) = post(url, "upload", files=[("files", (name, b"\x00garbage" * 100))]).json()
    final = completed(run(url, uuid.uuid4().hex, fn_index, [file_data(path)]))
    assert final["success"] is False
    for word in words:
        assert word in final["output"]["error"], final["output"]["error"]


def test_a_file_input_that_is_not_file_data_gets_a_readable_error(url, healthy):
    final = completed(run(url, uuid.uuid4().hex, 1, [{"path": "/etc/passwd"}]))
    assert final["success"] is False and "FileData" in final["output"]["error"]
    final = completed(run(url, uuid.uuid4().hex, 1, [file_data("/etc/passwd")]))
    assert final["success"] is False and "may not read" in final["output"]["error"]


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


def test_fuzzed_join_bodies_never_break_the_server(url, healthy):
    tried = []

    @FUZZ
    @given(
        body=st.fixed_dictionaries(
            {},
            optional={
                "data": JSON,
                "fn_index": st.one_of(st.integers(-3, 8), JSON),
                "session_hash": st.one_of(st.text(max_size=300), JSON),
                "event_data": JSON,
                "trigger_id": JSON,
            },
        )
    )
    def probe(body):
        tried.append(body)
        r = post(url, "queue/join", json=body)
        assert r.status_code in (200, 400, 404, 422), (r.status_code, r.text[:200])
        if r.status_code != 200:
            assert r.json()["detail"]
            return
        if body["fn_index"] == 0:  # the endless ticker: stop it
            post(
                url,
                "cancel",
                json={"session_hash": body["session_hash"], "event_id": r.json()["event_id"]},
            )
        final = completed(list(messages(url, body["session_hash"])))
        assert final["success"] or final["output"].get("error") is not None

    probe()
    print(f"\njoin bodies tried: {len(tried)}")


def test_deeply_nested_json_gets_a_clear_error(url, healthy):
    deep = b"[" * 100_000 + b"]" * 100_000
    r = post(url, "queue/join", content=deep, headers={"content-type": "application/json"})
    assert_clear(r, 422, "nested")
