"""The page in real Chromium with the functions on a local Ray: the fake diffusion demo
unchanged, streaming text piece by piece, streaming audio gapless, and Stop cancelling the
remote generator (its ``finally`` runs on the worker)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import rillet as gr
from rillet.testing import serve
from tests.ray import programs

from .conftest import open_app, run_demo
from .test_audio import STATE, gaps, wait_for_final
from .test_chat import IDLE, LAST_BOT, RECORD_LAST_BOT, send
from .test_pages import RECORD_TEXT, output_field

pytestmark = pytest.mark.ray


@pytest.fixture(scope="module")
def text_app(ray_cluster) -> Iterator[str]:
    demo = gr.Interface(programs.tokens, gr.Number(6, elem_id="n"), gr.Textbox(elem_id="out"))
    with serve(demo.queue(backend="ray")) as url:
        yield url


@pytest.fixture(scope="module")
def marker(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("stop") / "stopped"


@pytest.fixture(scope="module")
def ticks_app(ray_cluster, marker) -> Iterator[str]:
    demo = gr.Interface(programs.ticks, gr.Textbox(str(marker)), gr.Textbox(elem_id="out"))
    with serve(demo.queue(backend="ray")) as url:
        yield url


@pytest.fixture(scope="module")
def audio_app(ray_cluster) -> Iterator[str]:
    demo = gr.Interface(
        programs.chunks, gr.Number(4), gr.Audio(streaming=True, autoplay=True, elem_id="out")
    )
    with serve(demo.queue(backend="ray")) as url:
        yield url


def test_fake_diffusion_demo_unchanged_on_ray_swaps_images(page, ray_cluster, monkeypatch):
    monkeypatch.setenv("RILLET_BACKEND", "ray")
    monkeypatch.setenv("RILLET_RAY_ADDRESS", ray_cluster)
    with run_demo("demo/fake_diffusion/run.py") as url:
        open_app(page, url)
        page.evaluate("""() => {
            window.__sizes = [];
            const root = document.querySelector('[data-rillet-type="image"]');
            let last = null;
            const note = () => {
                const img = root.querySelector('img');
                if (img && img.src && img.src !== last && img.complete && img.naturalWidth > 0) {
                    last = img.src;
                    window.__sizes.push(img.naturalWidth);
                }
                requestAnimationFrame(note);
            };
            note();
        }""")
        page.get_by_role("button", name="Submit").click()
        page.wait_for_function("window.__sizes.includes(1000)", timeout=60_000)
        sizes = page.evaluate("window.__sizes")
    # The demo yields its last noise image and the final one back to back: images follow
    # the newest-wins rule (docs/architecture.md, FrameStream), so the last noise image may
    # never be shown.
    assert sizes[:2] == [600, 600] and sizes[-1] == 1000 and len(sizes) in (3, 4), sizes


def test_text_from_the_worker_grows_piece_by_piece(page, text_app):
    open_app(page, text_app)
    page.evaluate(RECORD_TEXT, ["#out [data-testid=textbox]"])
    page.get_by_role("button", name="Submit").click()
    page.wait_for_function(
        "(document.querySelector('#out [data-testid=textbox]') || {}).value?.endsWith(' tok5')",
        timeout=30_000,
    )
    seen = [s for s in page.evaluate("window.__seen") if s]
    assert len(seen) == 6, f"each yield should show on its own: {seen}"
    assert f"pid={os.getpid()}:" not in seen[-1], "the function ran in the web process"


def test_stop_cancels_the_remote_generator(page, ticks_app, marker):
    open_app(page, ticks_app)
    page.get_by_role("button", name="Submit").click()
    page.wait_for_function(
        "(document.querySelector('#out [data-testid=textbox]') || {}).value?.includes('tick 3')",
        timeout=30_000,
    )
    page.get_by_role("button", name="Stop").click()
    deadline = time.monotonic() + 20
    while not marker.exists():
        assert time.monotonic() < deadline, "the generator's finally did not run after Stop"
        time.sleep(0.02)
    pid, steps = marker.read_text().split()
    assert int(pid) != os.getpid(), "the generator ran in the web process"
    page.get_by_role("button", name="Submit").wait_for(state="visible")
    shown = output_field(page, "out").evaluate("e => e.value")
    assert int(shown.rsplit(" ", 1)[1]) <= int(steps), (shown, steps)


def test_audio_chunks_from_the_worker_play_gapless(page, audio_app):
    open_app(page, audio_app)
    page.get_by_role("button", name="Submit").click()
    wait_for_final(page, 0)
    got = page.evaluate(STATE, 0)
    assert len(got["scheduled"]) == 4, got["scheduled"]
    assert all(abs(g) < 0.001 for g in gaps(got["scheduled"])), gaps(got["scheduled"])
    assert abs(got["final"] - 4 * programs.CLIP) < 0.01, got["final"]
    assert got["underruns"] == 0


@pytest.fixture(scope="module")
def chat_app(ray_cluster) -> Iterator[str]:
    with serve(gr.ChatInterface(programs.reply).queue(backend="ray")) as url:
        yield url


def test_chat_reply_from_the_worker_streams_into_the_chatbot(page, chat_app):
    open_app(page, chat_app)
    page.evaluate(RECORD_LAST_BOT)
    send(page, "hello from the page")
    page.wait_for_function(f"{LAST_BOT}.endsWith('turns=0: hello from the page')")
    seen = [s for s in page.evaluate("window.__seen") if s]
    assert len(seen) >= 3, f"the reply did not grow in steps: {seen}"
    assert f"pid={os.getpid()} " not in seen[-1], "the reply ran in the web process"
    page.wait_for_function(IDLE)
    send(page, "again")
    page.wait_for_function(f"{LAST_BOT}.endsWith('turns=2: again')")
