"""Stop pressed twice (or Stop, then the session leaving) cancels an event once: its
``finally`` may await its clean-up (close a connection, a device) without a second
cancel cutting it short."""

from __future__ import annotations

import asyncio
import threading

import httpx

import rillet as gr
from rillet.testing import serve
from tests.server.conftest import SSE

WAIT_S = 20.0


def test_a_second_cancel_does_not_cut_short_the_first_ones_clean_up():
    started, cleaning, cleaned = threading.Event(), threading.Event(), threading.Event()
    release = asyncio.Event()

    async def holds(text: str):
        started.set()
        try:
            while True:
                await asyncio.sleep(0.05)
                yield text
        finally:
            cleaning.set()
            loop = asyncio.get_running_loop()
            loop.call_later(0.5, release.set)  # the clean-up takes a while
            await release.wait()
            cleaned.set()

    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.submit(holds, box, box, api_name="holds")
    with serve(demo) as url:
        reader = SSE(url)
        event_id = reader.join(0, ["x"])
        assert started.wait(WAIT_S)
        cancel = {"session_hash": reader.session_hash, "event_id": event_id, "fn_index": 0}
        assert httpx.post(f"{url}/gradio_api/cancel", json=cancel).json() == {"success": True}
        assert cleaning.wait(WAIT_S)
        httpx.post(f"{url}/gradio_api/cancel", json=cancel)  # Stop again, mid clean-up
        assert cleaned.wait(WAIT_S), "the second cancel interrupted the clean-up"
