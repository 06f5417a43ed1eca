"""One session cannot read, cancel or resume another's events, files or streams, even when
it guesses or replays their ids.

The session hash is the client's secret (the page and ``gradio_client`` make a random one):
whoever holds it is that session. Event ids, seq numbers and file paths of another session
are not secrets and are tried here as a thief would. Files are capabilities: every stored
file lives in a folder with a 128-bit random name (uploads too: ``gradio_client`` uploads
without a session hash, so an upload cannot be tied to the session that will use it), and
no route lists a folder.
"""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import rillet as gr
from rillet.server.app import runtime
from rillet.testing import serve

from .conftest import completed, join, messages, raw_request, run
from .test_files_fuzz import FUZZ

RELEASE = threading.Event()


def echo(who, n):
    for i in range(int(n)):
        yield f"{who}:{i}"


def held():
    RELEASE.wait(20)
    yield "released"


def picture(who):
    import numpy as np

    return np.full((4, 4, 3), len(who) % 250, dtype=np.uint8)


@pytest.fixture(scope="module")
def app():
    with gr.Blocks() as demo:
        who, n, text = gr.Textbox(), gr.Number(), gr.Textbox()
        gr.Button().click(echo, [who, n], text, concurrency_limit=None)
        gr.Button().click(held, None, text, concurrency_limit=None)
        gr.Button().click(picture, who, gr.Image(type="filepath", format="png"))
    demo.settings.heartbeat = 0.5
    with serve(demo) as url:
        yield url, runtime(demo.server.app)
    RELEASE.set()


def test_concurrent_sessions_each_see_only_their_own_messages(app):
    url, _ = app

    def one(k: int) -> tuple[str, list[dict], set[str]]:
        session = uuid.uuid4().hex
        ids = {
            join(url, session, 0, [f"user{k}", 20]).json()["event_id"],
            join(url, session, 0, [f"user{k}", 5]).json()["event_id"],
        }
        return f"user{k}", list(messages(url, session)), ids

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(one, range(32)))
    for who, msgs, ids in results:
        assert {m["event_id"] for m in msgs if m.get("event_id")} == ids
        finals = [m["output"]["data"][0] for m in msgs if m["msg"] == "process_completed"]
        assert sorted(finals) == [f"{who}:19", f"{who}:4"]
        assert not any("user" in str(m).replace(who + ":", "") for m in msgs), who


def test_replayed_event_ids_and_seqs_give_a_stranger_nothing(app):
    url, _ = app
    RELEASE.clear()
    owner, thief = uuid.uuid4().hex, uuid.uuid4().hex
    event_id = join(url, owner, 1, []).json()["event_id"]
    join(url, thief, 0, ["thief", 2])
    for body in (
        {"session_hash": thief, "event_id": event_id},
        {"session_hash": thief, "fn_index": 1},
        {"session_hash": thief, "event_id": event_id, "fn_index": 1},
    ):
        r = httpx.post(f"{url}/gradio_api/cancel", json=body)
        assert r.status_code == 200 and r.json() == {"success": False}, body
    for body in ({"session_hash": "", "event_id": event_id}, {"event_id": event_id}):
        r = httpx.post(f"{url}/gradio_api/cancel", json=body)
        assert r.status_code == 400 and "session_hash" in r.json()["detail"], body
    for seq in (None, 0, -5, 1, 2, 10**12, "x", "1e3"):
        got = list(messages(url, thief, seq if seq != "x" else None))
        assert all(m.get("event_id") != event_id for m in got)
        assert "released" not in str(got)
    RELEASE.set()
    owners = list(messages(url, owner))
    assert completed(owners)["output"]["data"] == ["released"]


def test_a_guessed_session_hash_finds_nothing(app):
    url, _ = app
    RELEASE.clear()
    owner = uuid.uuid4().hex
    join(url, owner, 1, [])
    tried = []

    @FUZZ
    @given(
        guess=st.one_of(
            st.text(max_size=40),
            st.just(owner[:-1]),
            st.just(owner.upper()),
            st.just(owner + " "),
            st.just(owner[:16]),
        )
    )
    def probe(guess):
        if guess == owner:
            return
        tried.append(guess)
        got = list(messages(url, guess, timeout=10))
        assert [m["msg"] for m in got] == ["unexpected_error"]
        assert got[0]["session_not_found"] is True

    probe()
    RELEASE.set()
    list(messages(url, owner))
    print(f"\nguessed session hashes tried: {len(tried)}")


def test_another_sessions_files_cannot_be_listed_or_guessed(app):
    url, rt = app
    victim = completed(run(url, uuid.uuid4().hex, 2, ["victim"]))["output"]["data"][0]
    path = Path(victim["path"])
    assert httpx.get(f"{url}/gradio_api/file={quote(str(path))}").status_code == 200
    key_folder, file_folder = path.parent.parent, path.parent
    assert len(key_folder.name) == 32 and len(file_folder.name) == 32  # 128-bit each
    for probe in (
        rt.store.root,
        key_folder,
        file_folder,
        rt.store.root / "shared",
        key_folder / "..",
        file_folder.with_name("0" * 32) / path.name,
        file_folder.with_name(file_folder.name[::-1]) / path.name,
        key_folder.with_name("f" * 32) / file_folder.name / path.name,
    ):
        got = raw_request(url, "GET", "/gradio_api/file=" + quote(str(probe)))
        assert got.status in (403, 404), probe


def test_an_upload_is_readable_only_through_its_exact_path(app):
    url, rt = app
    (path,) = httpx.post(
        f"{url}/gradio_api/upload", files=[("files", ("mine.txt", b"private upload"))]
    ).json()
    folder = Path(path).parent
    assert folder.parent == rt.store.root / "shared" and len(folder.name) == 32
    assert httpx.get(f"{url}/gradio_api/file={path}").content == b"private upload"
    flipped = folder.name[:-1] + ("1" if folder.name.endswith("0") else "0")
    for probe in (folder, folder.with_name(flipped) / "mine.txt", folder.parent / "mine.txt"):
        got = raw_request(url, "GET", "/gradio_api/file=" + quote(str(probe)))
        assert got.status in (403, 404) and b"private" not in got.body
