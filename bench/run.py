"""Run every workload on rillet and on Gradio in one go; print rillet/Gradio ratios, write JSON.

Usage (bench/run does the setup): python bench/run.py [--quick] [--only size]
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
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dataframe
import httpx
from browser import audio_first_sound, chat_main_thread, page_first_text, video_first_frame
from client import connect
from live import live_rows, measure_live
from media_glitches import measure as media_glitches
from workloads import (
    agent_stream,
    chat_stream,
    diffusion_live,
    echo_rate,
    many_streams,
    token_latency,
    token_stream,
)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHONS = {"rillet": ROOT / ".venv/bin/python", "gradio": HERE / ".gradio-venv/bin/python"}
#: The installer's own packages, which every venv has: not counted in an app's size.
INSTALLER = {
    "pip",
    "setuptools",
    "wheel",
    "pkg_resources",
    "_distutils_hack",
    "distutils-precedence.pth",
}
SIZE_VENVS = {"rillet": HERE / ".rillet-venv", "gradio": HERE / ".gradio-venv"}
#: One line of the table: workload, rillet's figure, Gradio's, target.
Row = tuple[str, float, float, str]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
    files = [
        f
        for f in site.rglob("*")
        if f.is_file()
        and not f.is_symlink()
        and f.relative_to(site).parts[0].split("-")[0] not in INSTALLER
    ]
    dists = [d for d in site.glob("*.dist-info") if d.name.split("-")[0] not in INSTALLER]
    total = sum(f.stat().st_size for f in files)
    return total / 1e6, len(dists)


class Server:
    """The benchmark app of one framework, in its own process."""

    def __init__(
        self,
        framework: str,
        max_threads: int = 40,
        app: str = "app.py",
        argv: list[str] | None = None,
    ) -> None:
        port = free_port()
        extra = [str(max_threads)] if argv is None else argv
        self.proc = subprocess.Popen(
            [str(PYTHONS[framework]), str(HERE / app), framework, str(port), *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONUNBUFFERED": "1"},
        )
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

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server process (all its threads), s."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

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
        for tokens in (2000,) if quick else (2000, 8000):
            for turns in (0, 100):
                out[f"chat_{tokens}_{turns}"] = await chat_stream(
                    http, server.url, fns, tokens, turns, server.cpu_seconds
                )
        for tokens in (2000,) if quick else (2000, 8000):
            out[f"agent_{tokens}_100"] = await agent_stream(
                http, server.url, fns, tokens, 100, server.cpu_seconds
            )
        seconds = 2.0 if quick else 5.0
        out["echo_rps"] = {
            c: await echo_rate(http, server.url, fns, c, seconds) for c in (1, 8, 64)
        }
        for clients in (50,) if quick else (50, 200):
            server.sample_peak()
            out[f"streams_{clients}"] = await many_streams(http, server.url, fns, clients, 200)
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
        return subprocess.run(
            [str(PYTHONS[framework]), "-c", code], capture_output=True, text=True
        ).stdout.strip()

    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "rillet": version("rillet"),
        "gradio": version("gradio"),
    }


def run(quick: bool) -> dict[str, Any]:
    results: dict[str, Any] = {"machine": machine(), "quick": quick}
    for framework in ("rillet", "gradio"):
        print(f"measuring {framework}...", flush=True)
        fw: dict[str, Any] = {"import_s": import_time(framework, 3 if quick else 5)}
        fw["env_mb"], fw["env_dists"] = env_size(framework)
        server = Server(framework)
        try:
            fw.update(asyncio.run(measure_server(server, quick)))
            fw["page_first_text_ms"] = page_first_text(server.url, 3 if quick else 5)
            fw["audio"] = audio_first_sound(server.url, 1 if quick else 3)
            fw["video"] = video_first_frame(server.url, 1 if quick else 3, server.cpu_seconds)
            fw["media"] = media_glitches(framework, 1 if quick else 5, 2)
            fw["chat_page_ms_per_token"] = {
                turns: chat_main_thread(server.url, 2000, history=bool(turns))
                for turns in ((0,) if quick else (0, 100))
            }
            fw["chat_code_page_ms_per_token"] = chat_main_thread(
                server.url, 2000, history=False, code=True
            )
        finally:
            server.close()
        print(f"measuring {framework}: live inputs...", flush=True)
        fw["live"] = measure_live(
            lambda demo, fw=framework: Server(fw, app="live_app.py", argv=[demo]), framework, quick
        )
        if not quick:  # the same load with threads enough for every stream, on both
            server = Server(framework, max_threads=256)
            try:
                fw["streams_200_threads_256"] = asyncio.run(many_streams_on(server, 200))
            finally:
                server.close()
        results[framework] = fw
    results["dataframe"] = dataframe.run(300, 30) if quick else dataframe.run()
    return results


def run_pieces(only: str) -> dict[str, Any]:
    """Only some workloads on both (``--only import|echo|streams``), for a change's check
    while the machine is shared: seconds to a few minutes instead of the full run's 20."""
    results: dict[str, Any] = {"machine": machine(), "quick": False, "only": only}
    for framework in ("rillet", "gradio"):
        print(f"measuring {framework}: {only}...", flush=True)
        fw: dict[str, Any] = {}
        if only == "import":
            fw["import_s"] = import_time(framework, 9)
        elif only == "echo":
            server = Server(framework)
            try:
                fw["echo_rps"] = asyncio.run(echo_on(server))
            finally:
                server.close()
        elif only == "streams":
            for threads in (40, 256):
                server = Server(framework, max_threads=threads)
                try:
                    for clients in (50, 200) if threads == 40 else (200,):
                        key = f"streams_{clients}" + ("" if threads == 40 else "_threads_256")
                        fw[key] = asyncio.run(many_streams_on(server, clients))
                finally:
                    server.close()
        results[framework] = fw
    return results


async def echo_on(server: Server) -> dict[int, float]:
    limits = httpx.Limits(max_connections=1000, max_keepalive_connections=1000)
    async with httpx.AsyncClient(timeout=120, limits=limits) as http:
        fns = await connect(server.url, http)
        await echo_rate(http, server.url, fns, 8, 1.0)  # warm up
        return {c: await echo_rate(http, server.url, fns, c, 5.0) for c in (1, 8, 64)}


def piece_rows(r: dict[str, Any]) -> list[Row]:
    """The rows of a partial run: those of ``rows`` whose figures it has."""
    R, G = r["rillet"], r["gradio"]
    out: list[Row] = []
    if "import_s" in R:
        out.append(("import (s)", R["import_s"], G["import_s"], "≤ 0.3 s"))
    if "echo_rps" in R:
        for c in (1, 8, 64):
            out.append((f"echo req/s, {c} clients", R["echo_rps"][c], G["echo_rps"][c], "≥ 3×"))
    out.extend(stream_rows(R, G))
    return out


def run_size() -> dict[str, Any]:
    """Only the installed size of both (``--only size``): no server, no browser."""
    results: dict[str, Any] = {"machine": machine(), "quick": False}
    for framework in ("rillet", "gradio"):
        mb, dists = env_size(framework)
        results[framework] = {"env_mb": mb, "env_dists": dists}
    return results


def size_rows(r: dict[str, Any]) -> list[Row]:
    """The installed-size rows: rillet's default install (PyAV included) against Gradio's."""
    R, G = r["rillet"], r["gradio"]
    return [
        ("installed size (MB)", R["env_mb"], G["env_mb"], "≤ 1/2"),
        ("distributions", R["env_dists"], G["env_dists"], ""),
    ]


def stream_rows(R: dict[str, Any], G: dict[str, Any]) -> list[Row]:
    """The rows of the 50- and 200-stream workloads (those both frameworks have)."""
    out: list[Row] = []
    for clients in (50, 200):
        k = f"streams_{clients}"
        if k in R and k in G:
            out.append(
                (
                    f"{clients} streams × 200 tokens (s)",
                    R[k]["seconds"],
                    G[k]["seconds"],
                    "≤ 6 s" if clients == 200 else "≤ 5 s",
                )
            )
            out.append(
                (
                    f"{clients} streams token p99 (ms)",
                    R[k]["p99_ms"],
                    G[k]["p99_ms"],
                    "≤ 100 ms" if clients == 200 else "",
                )
            )
            out.append(
                (
                    f"RSS under {clients} streams (MB)",
                    R[k]["rss_peak_mb"],
                    G[k]["rss_peak_mb"],
                    "≤ 100 MB" if clients == 200 else "",
                )
            )
            out.append(
                (
                    f"{clients} streams: clients that failed",
                    R[k]["failed_clients"],
                    G[k]["failed_clients"],
                    "0",
                )
            )
    k = "streams_200_threads_256"
    if k in R and k in G:
        out.append(
            ("200 streams, max_threads=256 on both (s)", R[k]["seconds"], G[k]["seconds"], "≤ 6 s")
        )
        out.append(
            (
                "200 streams, max_threads=256: token p99 (ms)",
                R[k]["p99_ms"],
                G[k]["p99_ms"],
                "≤ 100 ms",
            )
        )
        out.append(
            (
                "RSS under 200 streams, max_threads=256 (MB)",
                R[k]["rss_peak_mb"],
                G[k]["rss_peak_mb"],
                "≤ 100 MB",
            )
        )
        out.append(
            (
                "200 streams, max_threads=256: clients that failed",
                R[k]["failed_clients"],
                G[k]["failed_clients"],
                "0",
            )
        )
    return out


def rows(r: dict[str, Any]) -> list[Row]:
    R, G = r["rillet"], r["gradio"]
    out = [
        ("import (s)", R["import_s"], G["import_s"], "≤ 0.3 s"),
        *size_rows(r),
        (
            "2000 tokens: total (s)",
            R["tokens_2000"]["seconds"],
            G["tokens_2000"]["seconds"],
            "≤ 0.5 s",
        ),
        ("2000 tokens: bytes", R["tokens_2000"]["bytes"], G["tokens_2000"]["bytes"], "≤ 100 KB"),
        ("8000 tokens: bytes", R["tokens_8000"]["bytes"], G["tokens_8000"]["bytes"], "linear"),
        (
            "token latency p50 (ms)",
            R["latency_2000"]["p50_ms"],
            G["latency_2000"]["p50_ms"],
            "≤ 0.3 ms",
        ),
        (
            "token latency p99 (ms)",
            R["latency_2000"]["p99_ms"],
            G["latency_2000"]["p99_ms"],
            "≤ 1 ms",
        ),
        (
            "diffusion yield→bytes p50 (ms)",
            R["diffusion"]["p50_ms"],
            G["diffusion"]["p50_ms"],
            "≤ 20 ms",
        ),
    ]
    for c in ("1", "8", "64"):
        key = c if c in R["echo_rps"] else int(c)
        out.append((f"echo req/s, {c} clients", R["echo_rps"][key], G["echo_rps"][key], "≥ 3×"))
    out.extend(stream_rows(R, G))
    out.append(("RSS idle (MB)", R["rss_idle_mb"], G["rss_idle_mb"], "≤ 60 MB"))
    out.append(
        ("page: click → first text (ms)", R["page_first_text_ms"], G["page_first_text_ms"], "≤ 1/2")
    )
    out.append(
        (
            "audio: first yield → first sound (ms)",
            R["audio"]["first_sound_ms"],
            G["audio"]["first_sound_ms"],
            "≤ 1/10",
        )
    )
    for tokens in (2000, 8000):
        k = f"agent_{tokens}_100"
        if k in R and k in G:
            out.append(
                (
                    f"agent reply (thought, tool, answer) {tokens} tokens after 100 tool turns: "
                    "bytes/token",
                    R[k]["bytes_per_token"],
                    G[k]["bytes_per_token"],
                    "≤ 1/3, flat",
                )
            )
            out.append(
                (
                    f"agent reply {tokens} tokens after 100 tool turns: server CPU µs/token",
                    R[k]["cpu_us_per_token"],
                    G[k]["cpu_us_per_token"],
                    "flat",
                )
            )
    out.append(
        (
            "audio: silence inside 10 chunks (ms)",
            R["audio"]["silence_ms"],
            G["audio"]["silence_ms"],
            "0",
        )
    )
    for tokens in (2000, 8000):
        for turns in (0, 100):
            k = f"chat_{tokens}_{turns}"
            if k in R and k in G:
                out.append(
                    (
                        f"chat {tokens} tokens, {turns} turns: bytes/token",
                        R[k]["bytes_per_token"],
                        G[k]["bytes_per_token"],
                        "≤ 1/3, flat",
                    )
                )
                out.append(
                    (
                        f"chat {tokens} tokens, {turns} turns: server CPU µs/token",
                        R[k]["cpu_us_per_token"],
                        G[k]["cpu_us_per_token"],
                        "flat",
                    )
                )
    if "chat_code_page_ms_per_token" in R and "chat_code_page_ms_per_token" in G:
        out.append(
            (
                "chat page, 2000 tokens of highlighted code: main thread ms/token",
                R["chat_code_page_ms_per_token"],
                G["chat_code_page_ms_per_token"],
                "≤ 1",
            )
        )
    for turns in R["chat_page_ms_per_token"]:
        out.append(
            (
                f"chat page, 2000 tokens, {turns} turns: main thread ms/token",
                R["chat_page_ms_per_token"][turns],
                G["chat_page_ms_per_token"][turns],
                "",
            )
        )
    out.append(
        (
            "video: first yield → first frame (ms)",
            R["video"]["first_frame_ms"],
            G["video"]["first_frame_ms"],
            "lower",
        )
    )
    out.append(
        ("video: stalls over 10 chunks (ms)", R["video"]["stall_ms"], G["video"]["stall_ms"], "0")
    )
    RM, GM = R["media"], G["media"]
    out += [
        (
            "audio 24 kHz: first yield → first sound (ms)",
            RM["first_sound_ms"],
            GM["first_sound_ms"],
            "≤ 80",
        ),
        (
            "audio: AudioContexts per page",
            RM["audio_contexts_per_page"],
            GM["audio_contexts_per_page"],
            "1",
        ),
        (
            "audio: underruns per run under CPU load (median)",
            RM["underruns_median"],
            GM["underruns_median"],
            "0",
        ),
        (
            "video: runs with frames going back at the end swap",
            RM["frames_back_runs"],
            GM["frames_back_runs"],
            "0",
        ),
    ]
    out.append(
        (
            "video: server CPU per s of H.264 video (ms)",
            R["video"]["server_cpu_ms_per_s"],
            G["video"]["server_cpu_ms_per_s"],
            "no re-encode",
        )
    )
    if "live" in R and "live" in G:
        out.extend(live_rows(R["live"], G["live"]))
    if "dataframe" in r:
        out.extend(dataframe.rows(r["dataframe"]))
    return out


def table(r: dict[str, Any], rows_of: Callable[[dict[str, Any]], list[Row]] = rows) -> str:
    lines = ["| workload | rillet | Gradio | rillet / Gradio | target |", "|---|---|---|---|---|"]
    for name, rv, gv, target in rows_of(r):
        rv, gv = _num(rv), _num(gv)
        ratio = rv / gv if gv else float("nan")
        lines.append(f"| {name} | {rv:,.3g} | {gv:,.3g} | {ratio:.3g} | {target} |")
    m = r["machine"]
    lines.append(
        f"\n{m['cores']} cores, Python {m['python']}, rillet {m['rillet']}, "
        f"Gradio {m['gradio']}, {m['platform']}" + (" (quick mode)" if r["quick"] else "")
    )
    return "\n".join(lines)


#: The figures of the last full run, kept in git (bench/results/baseline.json): each run
#: prints the change of each of its figures against them.
BASELINE = HERE / "results" / "baseline.json"


def baseline_of(results: dict[str, Any], table_rows: list[Row]) -> dict[str, Any]:
    """A small dated record of a run: its rows by name (rillet's, Gradio's figure)."""
    return {
        "date": time.strftime("%Y-%m-%d", time.gmtime()),
        "machine": results["machine"],
        "quick": results.get("quick", False),
        "rows": {name: [_finite(rv), _finite(gv)] for name, rv, gv, _ in table_rows},
    }


def _finite(x: float) -> float | None:
    return None if x != x else x  # NaN (a ratio of nothing) is null in JSON


def dump_baseline(baseline: dict[str, Any]) -> str:
    """The baseline as JSON, one row a line (small diffs from run to run)."""
    head = {k: v for k, v in baseline.items() if k != "rows"}
    rows = ",\n".join(
        f"  {json.dumps(name, ensure_ascii=False)}: {json.dumps(v)}"
        for name, v in baseline["rows"].items()
    )
    return json.dumps(head, indent=1)[:-2] + ',\n "rows": {\n' + rows + "\n }\n}\n"


def changes(table_rows: list[Row], baseline: dict[str, Any]) -> str:
    """Each figure of this run against the baseline's: rillet's then and now, its change,
    and the rillet / Gradio ratio then and now (the ratio is what survives a noisy machine)."""
    lines = [
        f"Against the baseline of {baseline['date']} (bench/results/baseline.json):",
        "| workload | rillet then | rillet now | change | ratio then | ratio now |",
        "|---|---|---|---|---|---|",
    ]
    for name, rv, gv, _ in table_rows:
        rv, gv = _num(rv), _num(gv)
        then = baseline["rows"].get(name)
        if then is None or then[0] is None:
            lines.append(f"| {name} | | {rv:,.3g} | new | | {_ratio(rv, gv):.3g} |")
            continue
        rt, gt = then[0], then[1] if then[1] is not None else float("nan")
        change = f"{(rv - rt) / rt:+.0%}" if rt else "n/a"
        lines.append(
            f"| {name} | {rt:,.3g} | {rv:,.3g} | {change} | {_ratio(rt, gt):.3g} | "
            f"{_ratio(rv, gv):.3g} |"
        )
    return "\n".join(lines)


def _num(x: float | None) -> float:
    """A figure, NaN for one a framework does not have (Gradio's page counts no underruns)."""
    return float("nan") if x is None else x


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def main() -> None:
    os.environ.setdefault("BENCH_STAMPS", str(HERE / "results" / "stamp.txt"))
    (HERE / "results").mkdir(exist_ok=True)
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="smaller, under 2 minutes")
    parser.add_argument(
        "--only",
        choices=["size", "import", "echo", "streams"],
        help="only these rows: size (installed size of both, seconds), import, echo (about "
        "a minute), streams (50 and 200 streams, and 200 with max_threads=256: minutes)",
    )
    parser.add_argument(
        "--save-baseline",
        action="store_true",
        help="write this run's figures to bench/results/baseline.json (after a full run)",
    )
    parser.add_argument("--out", help="default: bench/results/latest.json (--only X: X.json)")
    parser.add_argument(
        "--table", metavar="JSON", help="only print the tables of a full run's saved figures"
    )
    args = parser.parse_args()
    out = Path(args.out or HERE / "results" / f"{args.only or 'latest'}.json")
    if args.table:
        out = Path(args.table)
        results, rows_of = json.loads(out.read_text()), rows
    elif args.only == "size":
        results, rows_of = run_size(), size_rows
    elif args.only:
        results, rows_of = run_pieces(args.only), piece_rows
    else:
        results, rows_of = run(args.quick), rows
    if not args.table:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=2))
    print(table(results, rows_of))
    print(f"\nraw figures: {out}")
    if BASELINE.exists():
        print("\n" + changes(rows_of(results), json.loads(BASELINE.read_text())))
    if args.save_baseline:
        BASELINE.write_text(dump_baseline(baseline_of(results, rows_of(results))))
        print(f"baseline written: {BASELINE}")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main()
