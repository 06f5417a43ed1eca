"""Run every workload on rill and on Gradio in one go; print rill/Gradio ratios, write JSON.

Usage (bench/run does the setup): python bench/run.py [--quick] [--only rill|gradio]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from client import Session, connect, stamps_latency

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHONS = {"rill": ROOT / ".venv/bin/python", "gradio": HERE / ".gradio-venv/bin/python"}
#: The installer's own packages, which every venv has: not counted in an app's size.
INSTALLER = {"pip", "setuptools", "wheel", "pkg_resources", "_distutils_hack",
             "distutils-precedence.pth"}
SIZE_VENVS = {"rill": HERE / ".rill-venv", "gradio": HERE / ".gradio-venv"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))] if ordered else float("nan")


def import_time(framework: str, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([str(PYTHONS[framework]), "-c", f"import {framework}"], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def env_size(framework: str) -> tuple[float, int]:
    """MB on disk of the environment's site-packages, and its number of distributions."""
    site = next((SIZE_VENVS[framework] / "lib").glob("python*/site-packages"))
    files = [f for f in site.rglob("*") if f.is_file() and not f.is_symlink()
             and f.relative_to(site).parts[0].split("-")[0] not in INSTALLER]
    dists = [d for d in site.glob("*.dist-info") if d.name.split("-")[0] not in INSTALLER]
    total = sum(f.stat().st_size for f in files)
    return total / 1e6, len(dists)


class Server:
    """The benchmark app of one framework, in its own process."""

    def __init__(self, framework: str, max_threads: int = 40) -> None:
        port = free_port()
        self.proc = subprocess.Popen(
            [str(PYTHONS[framework]), str(HERE / "app.py"), framework, str(port),
             str(max_threads)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONUNBUFFERED": "1"})
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith("READY"):
                self.url = line.split()[1]
                break
        else:
            raise RuntimeError(f"{framework} bench app did not start")
        self.peak = 0.0
        self._sampling = False

    def rss(self) -> float:
        """Resident memory of the server process, MB."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def sample_peak(self) -> None:
        self._sampling, self.peak = True, self.rss()

        def loop() -> None:
            while self._sampling:
                self.peak = max(self.peak, self.rss())
                time.sleep(0.05)
        threading.Thread(target=loop, daemon=True).start()

    def stop_sampling(self) -> float:
        self._sampling = False
        return self.peak

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


async def token_stream(http: httpx.AsyncClient, url: str, fns: dict[str, int],
                       n: int) -> dict[str, float]:
    got = await Session(http, url, fns).call("tokens", [n])
    final = got.values()[-1][1][0]
    assert final.count(" ") == n, "the stream lost tokens"
    return {"seconds": got.completed_at() - got.joined_at, "bytes": got.wire_bytes,
            "messages": sum(1 for _, m in got.messages if m["msg"] == "process_generating")}


async def token_latency(http: httpx.AsyncClient, url: str, fns: dict[str, int],
                        n: int) -> dict[str, float]:
    lat = stamps_latency(await Session(http, url, fns).call("stamped", [n]))
    return {"p50_ms": pct(lat, 50), "p99_ms": pct(lat, 99)}


async def diffusion_live(http: httpx.AsyncClient, url: str, fns: dict[str, int]) -> dict[str, float]:
    """Like :func:`diffusion`, but each image is fetched the moment its message arrives."""
    offset = time.time() - time.perf_counter()
    session = Session(http, url, fns)
    fetches: list[asyncio.Task[float]] = []
    seen: set[str] = set()
    current: list[Any] | None = None

    async def fetch(file_url: str, stamp: float) -> float:
        r = await http.get(file_url)
        r.raise_for_status()
        return (time.perf_counter() + offset - stamp) * 1000

    def on_message(msg: dict[str, Any]) -> None:
        nonlocal current
        if msg["msg"] == "process_generating":
            data = msg["output"]["data"]
            if current is None:
                current = list(data)
            else:
                current = [_apply_nested(c, d) for c, d in zip(current, data)]
            image, stamp = current
            if image and image["url"] not in seen:
                seen.add(image["url"])
                fetches.append(asyncio.ensure_future(fetch(image["url"], float(stamp))))

    session.on_message = on_message
    await session.call("diffusion", [])
    lat = await asyncio.gather(*fetches)
    return {"p50_ms": pct(list(lat), 50), "images": len(lat)}


def _apply_nested(value: Any, edits: list[Any]) -> Any:
    import copy
    value = copy.deepcopy(value)
    for op, path, item in edits:
        if not path:
            value = value + item if op == "append" else item
            continue
        target = value
        for key in path[:-1]:
            target = target[key]
        if op in ("replace", "add"):
            target[path[-1]] = item
        elif op == "append":
            target[path[-1]] += item
        elif op == "delete":
            del target[path[-1]]
    return value


async def echo_rate(http: httpx.AsyncClient, url: str, fns: dict[str, int], clients: int,
                    seconds: float) -> float:
    deadline = time.perf_counter() + seconds
    done = 0

    async def one_client() -> None:
        nonlocal done
        session = Session(http, url, fns)
        while time.perf_counter() < deadline:
            got = await session.call("echo", ["hello"])
            assert got.values()[-1][1] == ["hello"]
            done += 1

    start = time.perf_counter()
    await asyncio.gather(*(one_client() for _ in range(clients)))
    return done / (time.perf_counter() - start)


async def many_streams(http: httpx.AsyncClient, url: str, fns: dict[str, int], clients: int,
                       tokens: int) -> dict[str, float]:
    start = time.perf_counter()
    results = await asyncio.gather(*(Session(http, url, fns).call("sleepy", [tokens])
                                     for _ in range(clients)), return_exceptions=True)
    total = time.perf_counter() - start
    ok = [r for r in results if not isinstance(r, BaseException)]
    lat = [x for r in ok for x in stamps_latency(r)]
    lost = clients * tokens - len(lat)
    if lost:
        print(f"  {clients} streams: {clients - len(ok)} failed, {lost} tokens lost", flush=True)
    return {"seconds": total, "p99_ms": pct(lat, 99), "p50_ms": pct(lat, 50),
            "failed_clients": clients - len(ok)}


def page_first_text(url: str, runs: int) -> float:
    """Click Go → first streamed text visible, ms, median over ``runs`` page loads."""
    from playwright.sync_api import sync_playwright

    args = ["--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1"]
    # elem_id sits on Gradio's <button> itself and on the block around rill's button.
    probe = """() => new Promise((resolve, reject) => {
        const read = () => { const e = document.querySelector(
            '#page_out textarea, #page_out [data-testid=textbox]'); return e ? e.value : ''; };
        const start = performance.now();
        const tick = () => read() ? resolve(performance.now() - start)
            : performance.now() - start > 10000 ? reject(new Error('no text after 10 s'))
            : requestAnimationFrame(tick);
        const go = document.querySelector('#page_go');
        (go.tagName === 'BUTTON' ? go : go.querySelector('button')).click();
        tick();
    })"""
    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        for _ in range(runs):
            page = browser.new_page()
            page.goto(url)
            page.wait_for_selector("#page_go")
            page.wait_for_load_state("networkidle")
            times.append(page.evaluate(probe))
            page.close()
        browser.close()
    return statistics.median(times)


AUDIO_PROBE = """() => new Promise((resolve, reject) => {
    // First sound: rill's Web Audio clock reaching the first scheduled chunk, or Gradio's
    // <audio> playhead moving. Silence: gaps in rill's schedule; for Gradio, wall time
    // minus media time while its playhead should be moving.
    const root = document.querySelector('#audio_out');
    const started = Date.now();
    let first = null, lastWall = null, lastMedia = null, stalled = 0;
    const go = document.querySelector('#audio_go');
    (go.tagName === 'BUTTON' ? go : go.querySelector('button')).click();
    const tick = () => {
        if (Date.now() - started > 40000) return reject(new Error('no sound after 40 s'));
        const hook = root.rillAudio;
        if (hook) {
            const s = hook.scheduled;
            if (first === null && s.length && hook.contextTime() >= s[0].start) first = Date.now();
            if (first !== null && s.length >= 10) {
                let silence = 0;
                for (let i = 1; i < s.length; i++)
                    silence += Math.max(0, s[i].start - (s[i-1].start + s[i-1].duration));
                return resolve({first, silence_ms: silence * 1000, underruns: hook.underruns});
            }
        } else {
            const audio = root.querySelector('audio');
            const t = audio ? audio.currentTime : 0;
            const now = Date.now();
            if (first === null && t > 0) { first = now; lastWall = now; lastMedia = t; }
            else if (first !== null) {
                stalled += Math.max(0, (now - lastWall) - (t - lastMedia) * 1000);
                lastWall = now; lastMedia = t;
                if (t >= 9.9 || audio.ended) return resolve({first, silence_ms: stalled});
            }
        }
        requestAnimationFrame(tick);
    };
    tick();
})"""


def audio_first_sound(url: str, runs: int) -> dict[str, float]:
    """First yield → first sound in the page, and the silence inside a 10-chunk stream."""
    from playwright.sync_api import sync_playwright

    stamps = Path(os.environ["BENCH_STAMPS"])
    args = ["--autoplay-policy=no-user-gesture-required",
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1"]
    firsts, silences = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        for _ in range(runs):
            stamps.unlink(missing_ok=True)
            page = browser.new_page()
            page.goto(url)
            page.wait_for_selector("#audio_go")
            page.wait_for_load_state("networkidle")
            result = page.evaluate(AUDIO_PROBE)
            firsts.append(result["first"] - float(stamps.read_text()) * 1000)
            silences.append(result["silence_ms"])
            page.close()
        browser.close()
    return {"first_sound_ms": statistics.median(firsts),
            "silence_ms": statistics.median(silences)}


async def measure_server(server: Server, quick: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    limits = httpx.Limits(max_connections=1000, max_keepalive_connections=1000)
    async with httpx.AsyncClient(timeout=120, limits=limits) as http:
        fns = await connect(server.url, http)
        await token_stream(http, server.url, fns, 50)  # warm up
        out["rss_idle_mb"] = server.rss()
        out["tokens_2000"] = await token_stream(http, server.url, fns, 2000)
        out["tokens_8000"] = await token_stream(http, server.url, fns, 8000)
        out["latency_2000"] = await token_latency(http, server.url, fns, 2000)
        out["diffusion"] = await diffusion_live(http, server.url, fns)
        seconds = 2.0 if quick else 5.0
        out["echo_rps"] = {c: await echo_rate(http, server.url, fns, c, seconds)
                           for c in (1, 8, 64)}
        for clients in ((50,) if quick else (50, 200)):
            server.sample_peak()
            out[f"streams_{clients}"] = await many_streams(
                http, server.url, fns, clients, 200)
            out[f"streams_{clients}"]["rss_peak_mb"] = server.stop_sampling()
    return out


async def many_streams_on(server: Server, clients: int) -> dict[str, float]:
    limits = httpx.Limits(max_connections=1000, max_keepalive_connections=1000)
    async with httpx.AsyncClient(timeout=120, limits=limits) as http:
        fns = await connect(server.url, http)
        server.sample_peak()
        out = await many_streams(http, server.url, fns, clients, 200)
        out["rss_peak_mb"] = server.stop_sampling()
        return out


def machine() -> dict[str, Any]:
    def version(framework: str) -> str:
        code = f"import importlib.metadata as m; print(m.version('{framework}'))"
        return subprocess.run([str(PYTHONS[framework]), "-c", code], capture_output=True,
                              text=True).stdout.strip()
    return {"cores": os.cpu_count(), "python": platform.python_version(),
            "platform": platform.platform(), "rill": version("rill"),
            "gradio": version("gradio")}


def run(quick: bool) -> dict[str, Any]:
    results: dict[str, Any] = {"machine": machine(), "quick": quick}
    for framework in ("rill", "gradio"):
        print(f"measuring {framework}...", flush=True)
        fw: dict[str, Any] = {"import_s": import_time(framework, 3 if quick else 5)}
        fw["env_mb"], fw["env_dists"] = env_size(framework)
        server = Server(framework)
        try:
            fw.update(asyncio.run(measure_server(server, quick)))
            fw["page_first_text_ms"] = page_first_text(server.url, 3 if quick else 5)
            fw["audio"] = audio_first_sound(server.url, 1 if quick else 3)
        finally:
            server.close()
        if not quick:  # the same load with threads enough for every stream, on both
            server = Server(framework, max_threads=256)
            try:
                fw["streams_200_threads_256"] = asyncio.run(many_streams_on(server, 200))
            finally:
                server.close()
        results[framework] = fw
    return results


def rows(r: dict[str, Any]) -> list[tuple[str, float, float, str]]:
    R, G = r["rill"], r["gradio"]
    out = [
        ("import (s)", R["import_s"], G["import_s"], "≤ 0.3 s"),
        ("installed size (MB)", R["env_mb"], G["env_mb"], "≤ 1/3"),
        ("distributions", R["env_dists"], G["env_dists"], ""),
        ("2000 tokens: total (s)", R["tokens_2000"]["seconds"], G["tokens_2000"]["seconds"],
         "≤ 0.5 s"),
        ("2000 tokens: bytes", R["tokens_2000"]["bytes"], G["tokens_2000"]["bytes"], "≤ 100 KB"),
        ("8000 tokens: bytes", R["tokens_8000"]["bytes"], G["tokens_8000"]["bytes"], "linear"),
        ("token latency p50 (ms)", R["latency_2000"]["p50_ms"], G["latency_2000"]["p50_ms"],
         "≤ 0.3 ms"),
        ("token latency p99 (ms)", R["latency_2000"]["p99_ms"], G["latency_2000"]["p99_ms"],
         "≤ 1 ms"),
        ("diffusion yield→bytes p50 (ms)", R["diffusion"]["p50_ms"], G["diffusion"]["p50_ms"],
         "≤ 20 ms"),
    ]
    for c in ("1", "8", "64"):
        key = c if c in R["echo_rps"] else int(c)
        out.append((f"echo req/s, {c} clients", R["echo_rps"][key], G["echo_rps"][key], "≥ 3×"))
    for clients in (50, 200):
        k = f"streams_{clients}"
        if k in R and k in G:
            out.append((f"{clients} streams × 200 tokens (s)", R[k]["seconds"], G[k]["seconds"],
                        "≤ 6 s" if clients == 200 else "≤ 5 s"))
            out.append((f"{clients} streams token p99 (ms)", R[k]["p99_ms"], G[k]["p99_ms"],
                        "≤ 100 ms" if clients == 200 else ""))
            out.append((f"RSS under {clients} streams (MB)", R[k]["rss_peak_mb"],
                        G[k]["rss_peak_mb"], "≤ 100 MB" if clients == 200 else ""))
            out.append((f"{clients} streams: clients that failed", R[k]["failed_clients"],
                        G[k]["failed_clients"], "0"))
    k = "streams_200_threads_256"
    if k in R and k in G:
        out.append(("200 streams, max_threads=256 on both (s)", R[k]["seconds"],
                    G[k]["seconds"], "≤ 6 s"))
        out.append(("200 streams, max_threads=256: token p99 (ms)", R[k]["p99_ms"],
                    G[k]["p99_ms"], "≤ 100 ms"))
        out.append(("RSS under 200 streams, max_threads=256 (MB)", R[k]["rss_peak_mb"],
                    G[k]["rss_peak_mb"], "≤ 100 MB"))
        out.append(("200 streams, max_threads=256: clients that failed",
                    R[k]["failed_clients"], G[k]["failed_clients"], "0"))
    out.append(("RSS idle (MB)", R["rss_idle_mb"], G["rss_idle_mb"], "≤ 60 MB"))
    out.append(("page: click → first text (ms)", R["page_first_text_ms"],
                G["page_first_text_ms"], "≤ 1/2"))
    out.append(("audio: first yield → first sound (ms)", R["audio"]["first_sound_ms"],
                G["audio"]["first_sound_ms"], "≤ 1/10"))
    out.append(("audio: silence inside 10 chunks (ms)", R["audio"]["silence_ms"],
                G["audio"]["silence_ms"], "0"))
    return out


def table(r: dict[str, Any]) -> str:
    lines = ["| workload | rill | Gradio | rill / Gradio | target |", "|---|---|---|---|---|"]
    for name, rv, gv, target in rows(r):
        ratio = rv / gv if gv else float("nan")
        lines.append(f"| {name} | {rv:,.3g} | {gv:,.3g} | {ratio:.3g} | {target} |")
    m = r["machine"]
    lines.append(f"\n{m['cores']} cores, Python {m['python']}, rill {m['rill']}, "
                 f"Gradio {m['gradio']}, {m['platform']}" + (" (quick mode)" if r["quick"] else ""))
    return "\n".join(lines)


def main() -> None:
    os.environ.setdefault("BENCH_STAMPS", str(HERE / "results" / "stamp.txt"))
    (HERE / "results").mkdir(exist_ok=True)
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="smaller, under 2 minutes")
    parser.add_argument("--out", default=str(HERE / "results" / "latest.json"))
    args = parser.parse_args()
    results = run(args.quick)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2))
    print(table(results))
    print(f"\nraw figures: {args.out}")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main()
