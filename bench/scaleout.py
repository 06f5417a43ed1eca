"""The cost of running an app's functions on Ray: the same app, served in-process and with
``backend="ray"`` on a local Ray instance, driven through the queue API.

Usage: .venv/bin/python bench/scaleout.py [--quick]

This process starts Ray (loopback only) and the client; each backend's web server is its
own process (``bench/scaleout.py serve BACKEND PORT``) connected to that Ray. Prints a table and
the overhead per yield; the raw figures go to bench/results/scaleout.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
#: Ray binds to loopback only when it takes 127.0.0.1 as the node's address.
os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"
os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
#: Logical CPUs for Ray: each running call of a task holds one, and 50 streams run at once.
RAY_CPUS = 64


def stamped(n):
    """A growing string whose tokens are the wall-clock time of their yield (no sleep)."""
    text = ""
    for _ in range(int(n)):
        text += f"{time.time():.6f} "
        yield text


def sleepy(n):
    """Like ``stamped``, with 20 ms of sleep before each token."""
    text = ""
    for _ in range(int(n)):
        time.sleep(0.02)
        text += f"{time.time():.6f} "
        yield text


def tokens(n):
    """A growing string of ``n`` tokens of 5 characters, no sleep."""
    text = ""
    for i in range(int(n)):
        text += f"t{i % 1000:03d} "
        yield text


def diffusion():
    """Fake diffusion without the sleep; each image comes with the time of its yield."""
    import numpy as np

    rng = np.random.default_rng()
    for _ in range(10):
        yield rng.random(size=(600, 600, 3)), f"{time.time():.6f}"
    image = np.ones((1000, 1000, 3), np.uint8)
    image[:] = [255, 124, 0]
    yield image, f"{time.time():.6f}"


def serve(backend: str, port: int) -> None:
    """The web process: one app, its functions run by ``backend``."""
    import rillet as gr

    with gr.Blocks() as demo:
        n = gr.Number(10)
        text, image, stamp = gr.Textbox(), gr.Image(), gr.Textbox()
        run = gr.Button()
        run.click(tokens, n, text, api_name="tokens")
        run.click(stamped, n, text, api_name="stamped")
        run.click(sleepy, n, text, api_name="sleepy", concurrency_limit=None)
        run.click(diffusion, None, [image, stamp], api_name="diffusion")
    demo.launch(
        server_name="127.0.0.1",
        server_port=port,
        prevent_thread_lock=True,
        quiet=True,
        backend=backend,
        ray_address=os.environ.get("BENCH_RAY"),
    )
    print(f"READY http://127.0.0.1:{port}", flush=True)
    demo.block_thread()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(backend: str, ray_address: str) -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, __file__, "serve", backend, str(port)],
        env={**os.environ, "BENCH_RAY": ray_address},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("READY "):
            return proc, line.split()[1]
    raise RuntimeError(f"the {backend} server did not start")


async def measure(url: str, quick: bool) -> dict[str, Any]:
    import httpx
    from client import connect
    from workloads import diffusion_live, many_streams, token_latency, token_stream

    streams = 20 if quick else 50
    out: dict[str, Any] = {}
    async with httpx.AsyncClient(timeout=300) as http:
        fns = await connect(url, http)
        await token_stream(http, url, fns, 50)  # warm up: a worker, the first call
        out["tokens_2000"] = await token_stream(http, url, fns, 2000)
        out["latency_paced"] = await paced_latency(http, url, fns)
        out["latency_2000"] = await token_latency(http, url, fns, 2000)
        out["diffusion"] = await diffusion_live(http, url, fns)
        await many_streams(http, url, fns, streams, 20)  # warm up: one worker per stream
        out[f"streams_{streams}"] = await many_streams(http, url, fns, streams, 200)
    return out


async def paced_latency(http: Any, url: str, fns: dict[str, int]) -> dict[str, float]:
    """One stream of 200 tokens, 20 ms apart: yield → client latency when nothing queues."""
    from client import Session, stamps_latency
    from workloads import pct

    lat = stamps_latency(await Session(url, fns).call("sleepy", [200]))
    return {"p50_ms": pct(lat, 50), "p99_ms": pct(lat, 99)}


def rows(results: dict[str, dict[str, Any]], streams: int) -> list[tuple[str, float, float]]:
    local, ray = results["local"], results["ray"]
    pick = [
        ("2000 tokens, no sleep: total (s)", "tokens_2000", "seconds"),
        ("paced stream (20 ms): yield→client p50 (ms)", "latency_paced", "p50_ms"),
        ("paced stream (20 ms): yield→client p99 (ms)", "latency_paced", "p99_ms"),
        ("2000 tokens, no sleep: yield→client p50 (ms)", "latency_2000", "p50_ms"),
        ("2000 tokens, no sleep: yield→client p99 (ms)", "latency_2000", "p99_ms"),
        ("diffusion yield→image bytes p50 (ms)", "diffusion", "p50_ms"),
        (f"{streams} streams × 200 tokens (s)", f"streams_{streams}", "seconds"),
        (f"{streams} streams token p99 (ms)", f"streams_{streams}", "p99_ms"),
        (f"{streams} streams: clients that failed", f"streams_{streams}", "failed_clients"),
    ]
    return [(label, local[k][f], ray[k][f]) for label, k, f in pick]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    quick = parser.parse_args().quick
    import ray

    ray.init(
        num_cpus=RAY_CPUS, include_dashboard=False, configure_logging=False, log_to_driver=False
    )
    address = ray.get_runtime_context().gcs_address
    results: dict[str, dict[str, Any]] = {}
    try:
        for backend in ("local", "ray"):
            proc, url = start_server(backend, address)
            try:
                print(f"{backend}: measuring {url}", flush=True)
                results[backend] = asyncio.run(measure(url, quick))
            finally:
                proc.send_signal(signal.SIGINT)  # Ctrl+C: the server closes, and so its executor
                proc.wait(30)
    finally:
        ray.shutdown()
    report(results, quick)


def report(results: dict[str, dict[str, Any]], quick: bool) -> None:
    streams = 20 if quick else 50
    table = rows(results, streams)
    print("\n| workload | in-process | Ray (local) | Ray − in-process |\n|---|---|---|---|")
    for label, a, b in table:
        print(f"| {label} | {a:.3g} | {b:.3g} | {b - a:+.3g} |")
    per_yield_us = (
        (results["ray"]["tokens_2000"]["seconds"] - results["local"]["tokens_2000"]["seconds"])
        / 2000
        * 1e6
    )
    paced_ms = (
        results["ray"]["latency_paced"]["p50_ms"] - results["local"]["latency_paced"]["p50_ms"]
    )
    print(
        f"\noverhead per yield: {paced_ms:.2f} ms of latency (paced p50), "
        f"{per_yield_us:.0f} µs of throughput (2000 yields back to back)"
    )
    out = HERE / "results" / "scaleout.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "when": time.strftime("%Y-%m-%d %H:%M:%S"),
                "quick": quick,
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "ray": __import__("ray").__version__,
                },
                "results": results,
                "overhead_per_yield": {"latency_ms": paced_ms, "throughput_us": per_yield_us},
            },
            indent=2,
        )
    )
    print(f"raw figures: {out}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        serve(sys.argv[2], int(sys.argv[3]))
    else:
        main()
