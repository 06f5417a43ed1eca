"""Soak: many concurrent streams against one rillet server for minutes; errors, RSS, fds, disk.

    .venv/bin/python bench/soak.py                  # 200 streams for 10 minutes
    .venv/bin/python bench/soak.py --minutes 1      # a short run
    .venv/bin/python bench/soak.py --streams 50 --minutes 2 --json out.json

The server runs in its own process (``--serve``) on 127.0.0.1; this process runs the
clients. Each client loops: join, read its session's event stream to the end, check the
result. Every 5th stream yields small images (files on disk), the others text; every 10th
stream the client leaves mid-stream (the server must cancel it after the grace period);
each client takes a new session every 20 streams, as a reloaded page does. Every few
seconds the server's RSS, open fds, threads, files and disk use are sampled from /proc.
Nothing here is a test: it prints figures; "errors" counts streams that did not end as
expected and must be 0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

SAMPLE_EVERY = 5.0
#: Streams of one session before the client takes a new one (a page reload).
STREAMS_PER_SESSION = 20
LEAVE_EVERY = 10
IMAGE_EVERY = 5
#: Seconds sessions, and their files, are kept after their last activity.
SESSION_TTL = 60.0
#: The default disconnect grace: a client starved of CPU for a few seconds between its
#: join and its stream (200 clients share this one process) must not count as gone.
GRACE = 10.0


def build_app() -> Any:
    """Text and image generators, the workload of every stream."""
    import numpy as np

    import rillet as gr

    def tokens(n: float):
        text = ""
        for i in range(int(n)):
            time.sleep(0.05)
            text += f"tok{i} "
            yield text

    def frames(n: float):
        rng = np.random.default_rng()
        for _ in range(int(n)):
            time.sleep(0.1)
            yield rng.integers(0, 255, (64, 64, 3), dtype=np.uint8)

    with gr.Blocks() as demo:
        n, text, image = gr.Number(), gr.Textbox(), gr.Image()
        gr.Button().click(tokens, n, text, api_name="tokens", concurrency_limit=None)
        gr.Button().click(frames, n, image, api_name="frames", concurrency_limit=None)
    demo.settings.session_ttl = SESSION_TTL
    demo.settings.disconnect_grace = GRACE
    demo.settings.sweep_every = 10.0
    return demo


def serve() -> None:
    """The server process: print the URL and the store's folder, then serve."""
    demo = build_app()
    demo.launch(
        server_name="127.0.0.1",
        server_port=0,
        prevent_thread_lock=True,
        quiet=True,
        max_threads=256,
    )
    store = demo.server.app.state.runtime.store.root
    print(json.dumps({"url": demo.local_url.rstrip("/"), "store": str(store)}), flush=True)
    try:
        sys.stdin.read()  # until the parent closes our stdin
    finally:
        demo.close()


@dataclass
class Tally:
    """What the clients saw."""

    done: int = 0
    left: int = 0
    errors: list[str] = field(default_factory=list)

    def error(self, what: str) -> None:
        """Count a failed stream; the first few are printed as they happen."""
        self.errors.append(what)
        if len(self.errors) <= 10:
            print(f"error {len(self.errors)}: {what}", flush=True)


async def read_stream(
    http: httpx.AsyncClient, url: str, session: str, stop_after: int | None = None
) -> list[dict[str, Any]]:
    """The session's messages until close_stream (or ``stop_after`` messages: leave)."""
    got: list[dict[str, Any]] = []
    async with http.stream(
        "GET", f"{url}/gradio_api/queue/data", params={"session_hash": session}
    ) as r:
        buffer = ""
        async for chunk in r.aiter_text():
            buffer += chunk
            *blocks, buffer = buffer.split("\n\n")
            for block in blocks:
                msg = json.loads(block[len("data: ") :])
                if msg["msg"] == "heartbeat":
                    continue
                got.append(msg)
                if msg["msg"] == "close_stream" or (stop_after and len(got) >= stop_after):
                    return got
    return got


async def one_stream(http: httpx.AsyncClient, url: str, session: str, k: int, tally: Tally) -> None:
    image = k % IMAGE_EVERY == 0
    leave = k % LEAVE_EVERY == 3
    n = 8 if image else 20
    r = await http.post(
        f"{url}/gradio_api/queue/join",
        json={"data": [n], "fn_index": 1 if image else 0, "session_hash": session},
    )
    if r.status_code != 200:
        tally.error(f"join {r.status_code}: {r.text[:200]}")
        return
    got = await read_stream(http, url, session, stop_after=4 if leave else None)
    if leave:
        tally.left += 1
        return
    final = [m for m in got if m["msg"] == "process_completed"]
    if len(final) != 1 or not final[0].get("success"):
        tally.error(f"stream ended without success: {got[-3:]}")
        return
    if "data" not in final[0]["output"]:
        tally.error(f"stream cancelled by the server: {final[0]}")
        return
    value = final[0]["output"]["data"][0]
    if image:
        fetched = await http.get(value["url"])
        if fetched.status_code != 200 or not fetched.content:
            tally.error(f"image {fetched.status_code}")
            return
    elif value != "".join(f"tok{i} " for i in range(n)):
        tally.error(f"wrong text: {value[:80]!r}")
        return
    tally.done += 1


async def client(url: str, index: int, until: float, tally: Tally) -> None:
    limits = httpx.Limits(max_connections=4)
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        k = index  # stagger the image and leave streams across clients
        session = uuid.uuid4().hex
        while time.monotonic() < until:
            if k % STREAMS_PER_SESSION == 0:
                session = uuid.uuid4().hex
            if k % LEAVE_EVERY == 4:  # the stream after a leave: a fresh page
                session = uuid.uuid4().hex
            try:
                await one_stream(http, url, session, k, tally)
            except Exception as error:  # noqa: BLE001 - every failure is counted
                tally.error(f"{type(error).__name__}: {error}")
            k += 1


def sample(pid: int, store: Path) -> dict[str, float]:
    """The server process's RSS, fds and threads; the store's files and bytes."""
    status = Path(f"/proc/{pid}/status").read_text()
    rss = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
    threads = next(
        int(line.split()[1]) for line in status.splitlines() if line.startswith("Threads")
    )
    files, size = 0, 0
    for root, _, names in os.walk(store):
        for name in names:
            try:
                size += os.stat(os.path.join(root, name)).st_size
                files += 1
            except FileNotFoundError:
                pass
    return {
        "rss_mb": rss / 1024,
        "fds": len(os.listdir(f"/proc/{pid}/fd")),
        "threads": threads,
        "files": files,
        "disk_mb": size / 1e6,
    }


async def monitor(
    pid: int,
    store: Path,
    until: float,
    started: float,
    tally: Tally,
    samples: list[dict[str, float]],
) -> None:
    while time.monotonic() < until:
        s = {
            "t": round(time.monotonic() - started, 1),
            **sample(pid, store),
            "done": tally.done,
            "left": tally.left,
            "errors": len(tally.errors),
        }
        samples.append(s)
        print(
            " ".join(f"{k}={v:.1f}" if isinstance(v, float) else f"{k}={v}" for k, v in s.items()),
            flush=True,
        )
        await asyncio.sleep(SAMPLE_EVERY)


async def soak(
    url: str,
    pid: int,
    store: Path,
    streams: int,
    minutes: float,
) -> dict[str, Any]:
    tally, samples = Tally(), []
    started = time.monotonic()
    until = started + minutes * 60
    watch = asyncio.create_task(monitor(pid, store, until, started, tally, samples))
    await asyncio.gather(*(client(url, i, until, tally) for i in range(streams)))
    await watch
    await asyncio.sleep(GRACE + 2)  # let the last leaves be cancelled
    after = sample(pid, store)
    return {
        "streams": streams,
        "minutes": minutes,
        "completed": tally.done,
        "left_mid_stream": tally.left,
        "errors": len(tally.errors),
        "first_errors": tally.errors[:5],
        "samples": samples,
        "after": after,
    }


def summary(result: dict[str, Any]) -> dict[str, Any]:
    """Warm-up (after the first fifth of the run), half-way and the end, and the peaks."""
    samples = result["samples"]
    warm = samples[max(1, len(samples) // 5)] if len(samples) > 1 else samples[0]
    half, end = samples[len(samples) // 2], samples[-1]
    return {
        k: {"warm": warm[k], "half": half[k], "end": end[k], "max": max(s[k] for s in samples)}
        for k in ("rss_mb", "fds", "threads", "files", "disk_mb")
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--streams", type=int, default=200)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve()
        return
    child = subprocess.Popen(
        [sys.executable, __file__, "--serve"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        info = json.loads(child.stdout.readline())  # type: ignore[union-attr]
        result = asyncio.run(
            soak(info["url"], child.pid, Path(info["store"]), args.streams, args.minutes)
        )
    finally:
        child.stdin.close()  # type: ignore[union-attr]
        child.wait(30)
    result["summary"] = summary(result)
    print(json.dumps({k: v for k, v in result.items() if k != "samples"}, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))
    sys.exit(1 if result["errors"] else 0)


if __name__ == "__main__":
    main()
