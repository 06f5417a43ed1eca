"""The latency of one streamed token: from the generator's ``yield`` to its arrival at a
client, through three routes of the same rillet server:

- ``sse``: the queue's own SSE (``/gradio_api/queue/data``, what the page and
  ``gradio_client`` read), read raw with httpx;
- ``mcp``: an MCP tool call over Streamable HTTP (``/gradio_api/mcp/``) with the ``mcp``
  SDK's client, each yield arriving as a progress notification;
- ``call``: the curl REST API (``/gradio_api/call/<name>``), read raw with httpx.

Usage (from the repository's root; needs ``rillet[mcp]``):

    .venv/bin/python bench/mcp_latency.py [--tokens 200] [--gap 0.01] [--runs 3]

Server and clients run in this one process, so one clock times both ends: the generator
notes ``time.perf_counter()`` as it yields token ``i``; each client notes when token ``i``
arrives. Prints, per route, the median and 95th percentile of (arrival - yield) in ms over
every token of every run, and the same as JSON on the last line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import threading
import time
import uuid
from typing import Any

import httpx

import rillet as gr
from rillet.testing import serve

#: token index -> perf_counter() at its yield (per run; the generator fills it).
YIELDED: dict[int, float] = {}
LOCK = threading.Lock()


def tokens(n: float, gap: float) -> Any:
    """Yield ``n`` tokens, ``gap`` seconds apart; the text grows by one token each time."""
    text = ""
    for i in range(int(n)):
        time.sleep(gap)
        text += f"t{i} "
        with LOCK:
            YIELDED[i] = time.perf_counter()
        yield text


def token_index(text: str) -> int:
    """The index of the newest token of ``text`` (``"t0 t1 t2 "`` -> 2)."""
    return int(text.split()[-1][1:])


def make_app() -> gr.Blocks:
    with gr.Blocks() as demo:
        n, gap, out = gr.Number(), gr.Number(), gr.Textbox()
        gr.Button("Go").click(tokens, [n, gap], out, api_name="tokens")
    return demo


def via_sse(url: str, n: int, gap: float) -> dict[int, float]:
    """Arrival time of each token through the queue's SSE, diffs applied as the page does."""
    from rillet.core import diff

    session = uuid.uuid4().hex
    arrived: dict[int, float] = {}
    with httpx.Client(timeout=60) as http:
        http.post(
            f"{url}/gradio_api/queue/join",
            json={"data": [n, gap, None], "fn_index": 0, "session_hash": session},
        ).raise_for_status()
        value: Any = None
        with http.stream("GET", f"{url}/gradio_api/queue/data?session_hash={session}") as r:
            for line in r.iter_lines():
                if not line.startswith("data:"):
                    continue
                message = json.loads(line[5:])
                if message["msg"] == "process_generating":
                    data = message["output"]["data"][0]
                    value = data if value is None else diff.apply(value, data)
                    arrived.setdefault(token_index(value), time.perf_counter())
                elif message["msg"] in ("process_completed", "close_stream"):
                    break
    return arrived


def via_call(url: str, n: int, gap: float) -> dict[int, float]:
    """Arrival time of each token through the REST API's SSE."""
    arrived: dict[int, float] = {}
    with httpx.Client(timeout=60) as http:
        event = http.post(f"{url}/gradio_api/call/tokens", json={"data": [n, gap]}).json()
        with http.stream("GET", f"{url}/gradio_api/call/tokens/{event['event_id']}") as r:
            for line in r.iter_lines():
                if line.startswith("data:") and line[5:].strip() not in ("null", ""):
                    values = json.loads(line[5:])
                    if isinstance(values, list) and values and isinstance(values[0], str):
                        arrived.setdefault(token_index(values[0]), time.perf_counter())
    return arrived


def via_mcp(url: str, n: int, gap: float) -> dict[int, float]:
    """Arrival time of each token as an MCP progress notification."""
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    arrived: dict[int, float] = {}

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        if message:
            arrived.setdefault(token_index(message), time.perf_counter())

    async def call() -> None:
        async with (
            streamable_http_client(url + "/gradio_api/mcp/") as streams,
            ClientSession(streams[0], streams[1]) as session,
        ):
            await session.initialize()
            await session.call_tool("tokens", {"n": n, "gap": gap}, progress_callback=on_progress)

    asyncio.run(call())
    return arrived


ROUTES = {"sse": via_sse, "mcp": via_mcp, "call": via_call}


def latencies(arrived: dict[int, float]) -> list[float]:
    with LOCK:
        return [(arrived[i] - YIELDED[i]) * 1000 for i in arrived if i in YIELDED]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tokens", type=int, default=200)
    parser.add_argument("--gap", type=float, default=0.01, help="seconds between yields")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
    with serve(make_app(), mcp_server=True) as url:
        samples: dict[str, list[float]] = {name: [] for name in ROUTES}
        for _ in range(args.runs):
            for name, route in ROUTES.items():  # interleaved, so load drifts hit all alike
                with LOCK:
                    YIELDED.clear()
                samples[name] += latencies(route(url, args.tokens, args.gap))
    for name, values in samples.items():
        values.sort()
        results[name] = {
            "tokens": len(values),
            "median_ms": round(statistics.median(values), 2),
            "p95_ms": round(values[int(0.95 * (len(values) - 1))], 2),
        }
        print(f"{name:5} {results[name]['median_ms']:7.2f} ms median  "
              f"{results[name]['p95_ms']:7.2f} ms p95  ({len(values)} tokens)")  # fmt: skip
    print(json.dumps(results))


if __name__ == "__main__":
    main()
