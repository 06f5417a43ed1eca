"""Scale mode (issue #22): many streams and many idle pages against one server process.

1. ``--streams`` (1,000) sessions at once, each streaming ``sleepy``'s 200 tokens with 20 ms
   of sleep before each (ideal: 4 s), at the default settings (``max_threads=40``,
   ``concurrency_limit=None`` on the event): clients that failed, tokens lost, time until
   all are done against the ideal, token latency p50 / p99, the server's peak RSS and CPU,
   and its open file descriptors before, at the peak and after (they must come back).
2. ``--idle`` (10,000) idle pages: each holds the page's heartbeat stream open
   (``GET /gradio_api/heartbeat/{session_hash}``, as a browser's ``EventSource`` does, gzip
   accepted), and nothing else happens: the server's memory per open page, and its CPU per
   heartbeat sent over ``--window`` seconds (the heartbeat interval is Gradio's 15 s unless
   ``GRADIO_HEARTBEAT_INTERVAL`` says otherwise); then all close and the fds come back.

Both frameworks serve bench/app.py, each in its own process on 127.0.0.1; the load comes from
this process (one asyncio loop, bare HTTP/1.1 connections: bench/client.py). Both raise
their soft limit of open files to the hard one (10,000 connections need 10,000 fds on each
side).

    .venv/bin/python bench/scale.py                  # rillet and Gradio, about 10 minutes
    .venv/bin/python bench/scale.py --only rillet --streams 1000 --idle 10000
    .venv/bin/python bench/scale.py --idle 0         # streams only

Writes bench/results/scale.json. Nothing here is a test: no number passes or fails.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from client import Received, Session, connect, stamps  # noqa: E402
from run import Server  # noqa: E402
from workloads import pct  # noqa: E402

#: The ideal time of one stream: 200 tokens, 20 ms of sleep before each.
IDEAL_S = 200 * 0.02
#: Connections opened at once while the idle pages connect (the listen backlog is finite).
CONNECTING = 200
#: Seconds to wait for the server's open fds to come back to their number before the load.
SETTLE_S = 60.0


def raise_fd_limit() -> int:
    """This process's soft limit of open files raised to the hard one; returns it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


def thread_cpu(pid: int) -> dict[str, float]:
    """User + system CPU seconds of each thread of ``pid``, by thread id."""
    out: dict[str, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            stat = Path(f"/proc/{pid}/task/{tid}/stat").read_text()
        except OSError:  # the thread ended meanwhile
            continue
        fields = stat.rsplit(")", 1)[1].split()
        out[tid] = (int(fields[11]) + int(fields[12])) / tick
    return out


def loop_and_rest(before: dict[str, float], after: dict[str, float]) -> tuple[float, float]:
    """CPU seconds between two :func:`thread_cpu` readings: the busiest thread's (the event
    loop's: every other thread only runs the app's steps) and all the others'."""
    spent = {tid: after[tid] - before.get(tid, 0.0) for tid in after}
    loop = max(spent.values(), default=0.0)
    return loop, sum(spent.values()) - loop


def open_fds(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


async def fds_settle(pid: int, baseline: int) -> tuple[int, float]:
    """Wait until ``pid`` has no more open fds than ``baseline`` (up to SETTLE_S): the
    number it has then, and the seconds that took."""
    start = time.perf_counter()
    while open_fds(pid) > baseline and time.perf_counter() - start < SETTLE_S:
        await asyncio.sleep(0.2)
    return open_fds(pid), time.perf_counter() - start


async def streams(server: Server, clients: int, tokens: int) -> dict[str, Any]:
    """``clients`` sessions at once, each streaming ``sleepy``'s ``tokens`` tokens."""
    pid = server.proc.pid
    limits = httpx.Limits(max_connections=clients + 10, max_keepalive_connections=clients + 10)
    async with httpx.AsyncClient(timeout=600, limits=limits) as http:
        fns = await connect(server.url, http)
        await Session(server.url, fns).call("sleepy", [2])  # warm up
        fds_before, cpu_before = open_fds(pid), server.cpu_seconds()
        threads_before = thread_cpu(pid)
        server.sample_peak()
        peak_fds = fds_before

        async def watch_fds() -> None:
            nonlocal peak_fds
            while True:
                peak_fds = max(peak_fds, open_fds(pid))
                await asyncio.sleep(0.1)

        watcher = asyncio.ensure_future(watch_fds())
        start, start_wall = time.perf_counter(), time.time()
        results = await asyncio.gather(
            *(Session(server.url, fns).call("sleepy", [tokens]) for _ in range(clients)),
            return_exceptions=True,
        )
        total = time.perf_counter() - start
        watcher.cancel()
        cpu = server.cpu_seconds() - cpu_before
        cpu_loop, cpu_rest = loop_and_rest(threads_before, thread_cpu(pid))
        rss_peak = server.stop_sampling()
    ok = [r for r in results if not isinstance(r, BaseException)]
    errors = sorted({repr(r)[:120] for r in results if isinstance(r, BaseException)})
    made = [x for r in ok for x in stamps(r)]
    lat = [latency for _, latency in made]
    # the tokens made in the middle half of the run: none while the sessions are still
    # joining and opening their streams, none while the last ones end
    early, late = start_wall + total / 4, start_wall + 3 * total / 4
    mid = [latency for at, latency in made if early <= at <= late]
    finals = [final_text(r) for r in ok]
    cancelled = sum(1 for f in finals if f is None)
    incomplete = sum(1 for f in finals if f is not None and len(f.split()) != tokens)
    fds_after, settle_s = await fds_settle(pid, fds_before)
    return {
        "clients": clients,
        "tokens": tokens,
        "seconds": total,
        "ideal_s": tokens * 0.02,
        "of_ideal": total / (tokens * 0.02),
        "failed_clients": clients - len(ok),
        "errors": errors[:5],
        # every token is in each final value; a client far behind gets some of them merged
        # into one message (or jumps to the final value) rather than one message each
        "incomplete_final_values": incomplete,
        # ended by the server without a value: its client's stream request was not read
        # within disconnect_grace (10 s) of the join, so the session looked abandoned
        "cancelled": cancelled,
        "tokens_not_streamed_alone": clients * tokens - len(lat),
        "p50_ms": pct(lat, 50),
        "p99_ms": pct(lat, 99),
        "p50_mid_ms": pct(mid, 50) if mid else float("nan"),
        "p99_mid_ms": pct(mid, 99) if mid else float("nan"),
        "rss_peak_mb": rss_peak,
        "cpu_s": cpu,
        "cpu_us_per_token": cpu / max(1, len(lat)) * 1e6,
        # the event loop's thread (the busiest) and the worker threads', per token made
        "cpu_loop_us_per_token": cpu_loop / max(1, clients * tokens) * 1e6,
        "cpu_threads_us_per_token": cpu_rest / max(1, clients * tokens) * 1e6,
        "fds_before": fds_before,
        "fds_peak": peak_fds,
        "fds_after": fds_after,
        "fds_settle_s": settle_s,
    }


def final_text(received: Received) -> str | None:
    """The text of a stream's final message; None when it ended without one (cancelled)."""
    for _, msg in reversed(received.messages):
        if msg["msg"] == "process_completed":
            data = msg.get("output", {}).get("data")
            return data[0] if msg.get("success") and data else None
    return None


class Page:
    """One idle page: its heartbeat stream, open over a bare connection."""

    def __init__(self, host: str, port: int, prefix: str) -> None:
        self.host, self.port, self.prefix = host, port, prefix
        self.frames = 0
        self.writer: asyncio.StreamWriter | None = None
        self.task: asyncio.Task[None] | None = None

    async def open(self) -> None:
        reader, self.writer = await asyncio.open_connection(self.host, self.port)
        path = f"{self.prefix}/gradio_api/heartbeat/{uuid.uuid4().hex[:11]}"
        self.writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            "Accept: text/event-stream\r\nAccept-Encoding: gzip, deflate\r\n\r\n".encode()
        )
        head = await reader.readuntil(b"\r\n\r\n")
        if not head.startswith(b"HTTP/1.1 200"):
            raise RuntimeError(head[:80].decode("latin-1"))
        self.task = asyncio.ensure_future(self._read(reader))

    async def _read(self, reader: asyncio.StreamReader) -> None:
        # Count what arrives (gzip or not, a heartbeat is one small write): each read
        # of a chunk is one heartbeat at this rate.
        while await reader.read(65536):
            self.frames += 1

    def close(self) -> None:
        if self.task is not None:
            self.task.cancel()
        if self.writer is not None:
            self.writer.close()


async def idle_pages(server: Server, pages: int, window: float) -> dict[str, Any]:
    """``pages`` heartbeat streams open at once, idle for ``window`` seconds."""
    pid = server.proc.pid
    url = httpx.URL(server.url)
    prefix = url.path.rstrip("/")
    await asyncio.sleep(2.0)  # the warm-up's sessions and streams end
    fds_before, rss_before = open_fds(pid), server.rss()
    opened: list[Page] = []
    failed = 0
    gate = asyncio.Semaphore(CONNECTING)

    async def one() -> None:
        nonlocal failed
        page = Page(str(url.host), int(url.port or 80), prefix)
        async with gate:
            try:
                await page.open()
            except (OSError, RuntimeError, asyncio.IncompleteReadError):
                failed += 1
                page.close()
                return
        opened.append(page)

    start = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(pages)))
    connect_s = time.perf_counter() - start
    await asyncio.sleep(1.0)
    rss_open = server.rss()
    frames_before = sum(p.frames for p in opened)
    cpu_before = server.cpu_seconds()
    await asyncio.sleep(window)
    cpu = server.cpu_seconds() - cpu_before
    heartbeats = sum(p.frames for p in opened) - frames_before
    rss_after_window = server.rss()
    fds_open = open_fds(pid)
    for page in opened:
        page.close()
    await asyncio.gather(*(p.task for p in opened if p.task), return_exceptions=True)
    fds_after, settle_s = await fds_settle(pid, fds_before)
    return {
        "pages": pages,
        "connected": len(opened),
        "failed": failed,
        "connect_s": connect_s,
        "rss_before_mb": rss_before,
        "rss_open_mb": rss_after_window,
        "kb_per_page": (max(rss_open, rss_after_window) - rss_before) * 1024 / max(1, len(opened)),
        "window_s": window,
        "heartbeats": heartbeats,
        "cpu_s": cpu,
        "cpu_us_per_heartbeat": cpu / heartbeats * 1e6 if heartbeats else float("nan"),
        "cpu_share_idle": cpu / window,
        "fds_before": fds_before,
        "fds_open": fds_open,
        "fds_after": fds_after,
        "fds_settle_s": settle_s,
    }


def measure(framework: str, args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {}
    server = Server(framework)
    try:
        out["rss_idle_mb"] = server.rss()
        if args.streams:
            print(f"{framework}: {args.streams} streams...", flush=True)
            out["streams"] = asyncio.run(streams(server, args.streams, args.tokens))
            print(f"  {json.dumps(out['streams'])}", flush=True)
        if args.idle:
            print(f"{framework}: {args.idle} idle pages...", flush=True)
            out["idle"] = asyncio.run(idle_pages(server, args.idle, args.window))
            print(f"  {json.dumps(out['idle'])}", flush=True)
    finally:
        server.close()
    return out


def table(results: dict[str, Any]) -> str:
    frameworks = [f for f in ("rillet", "gradio") if f in results]
    lines = [
        "| workload | " + " | ".join(frameworks) + " | target |",
        "|---" * (len(frameworks) + 2) + "|",
    ]
    rows = [
        ("streams", "clients", "{:.0f}", "sessions at once", ""),
        ("streams", "failed_clients", "{:.0f}", "clients that failed", "0"),
        ("streams", "cancelled", "{:.0f}", "streams cancelled by the server", "0"),
        ("streams", "incomplete_final_values", "{:.0f}", "final values missing tokens", "0"),
        ("streams", "tokens_not_streamed_alone", "{:.0f}", "tokens merged, not sent alone", ""),
        ("streams", "seconds", "{:.1f}", "time until all are done (s)", f"≤ {2 * IDEAL_S:.0f}"),
        ("streams", "of_ideal", "{:.2f}", "… over the ideal", "≤ 2"),
        ("streams", "p50_ms", "{:.3g}", "token latency p50 (ms)", ""),
        ("streams", "p99_ms", "{:.3g}", "token latency p99 (ms)", ""),
        ("streams", "p50_mid_ms", "{:.3g}", "… p50 of the middle half of the run (ms)", ""),
        ("streams", "p99_mid_ms", "{:.3g}", "… p99 of the middle half of the run (ms)", ""),
        ("streams", "rss_peak_mb", "{:.0f}", "peak RSS (MB)", "≤ 300"),
        ("streams", "cpu_us_per_token", "{:.0f}", "server CPU per token (µs)", ""),
        ("streams", "cpu_loop_us_per_token", "{:.0f}", "… of it the busiest thread's (µs)", ""),
        ("streams", "cpu_threads_us_per_token", "{:.0f}", "… the other threads' (µs)", ""),
        ("streams", "fds_before", "{:.0f}", "open fds before", ""),
        ("streams", "fds_peak", "{:.0f}", "open fds at the peak", ""),
        ("streams", "fds_after", "{:.0f}", "open fds after", "= before"),
        ("idle", "connected", "{:.0f}", "idle pages connected", ""),
        ("idle", "failed", "{:.0f}", "idle pages that failed to connect", "0"),
        ("idle", "kb_per_page", "{:.1f}", "memory per idle page (KB)", "≤ 20"),
        ("idle", "cpu_us_per_heartbeat", "{:.0f}", "server CPU per heartbeat (µs)", ""),
        ("idle", "cpu_share_idle", "{:.3f}", "server CPU while idle (cores)", ""),
        ("idle", "fds_open", "{:.0f}", "open fds with the pages open", ""),
        ("idle", "fds_after", "{:.0f}", "open fds after they closed", "= before"),
    ]
    for part, key, fmt, label, target in rows:
        cells = []
        for fw in frameworks:
            value = results[fw].get(part, {}).get(key)
            cells.append("" if value is None else fmt.format(value))
        if any(cells):
            lines.append(f"| {label} | " + " | ".join(cells) + f" | {target} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=["rillet", "gradio"])
    parser.add_argument("--streams", type=int, default=1000, help="0: none")
    parser.add_argument("--tokens", type=int, default=200)
    parser.add_argument("--idle", type=int, default=10000, help="idle pages; 0: none")
    parser.add_argument("--window", type=float, default=30.0, help="s of idleness measured")
    parser.add_argument("--json", default=str(HERE / "results" / "scale.json"))
    args = parser.parse_args()
    limit = raise_fd_limit()  # the servers, started from here, inherit it
    results: dict[str, Any] = {"fd_limit": limit, "load_before": os.getloadavg()}
    for framework in [args.only] if args.only else ["rillet", "gradio"]:
        results[framework] = measure(framework, args)
    results["load_after"] = os.getloadavg()
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(results, indent=2))
    print(table(results))
    print(f"\nload average before / after: {results['load_before']} / {results['load_after']}")
    print(f"raw figures: {args.json}")


if __name__ == "__main__":
    main()
