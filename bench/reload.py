"""Reload mode, rillet against Gradio: edit the app file, time until the open page shows it.

    .venv/bin/python bench/reload.py [--edits 20] [--only rillet|gradio]

Each framework runs the same small Blocks app with its own command (`rillet app.py`,
`gradio app.py` from bench/.gradio-venv) on 127.0.0.1; a headless Chromium keeps the page
open; each edit rewrites the file with a new heading; the time is from the write to the
heading visible on the page. Prints p50 / p90 per framework and the ratio (JSON with --json).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

HERE = Path(__file__).resolve().parent
COMMANDS = {
    "rillet": [str(HERE.parent / ".venv/bin/python"), "-m", "rillet"],
    "gradio": [str(HERE / ".gradio-venv/bin/gradio")],
}
APP = """\
import {module} as gr

with gr.Blocks() as demo:
    gr.Markdown("# edit {n}")
    name = gr.Textbox(label="Name")
    out = gr.Textbox(label="Greeting")
    name.submit(lambda n: "Hello " + n, name, out)

if __name__ == "__main__":
    demo.launch()
"""
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_url(proc: subprocess.Popen[str], port: int, timeout: float = 120) -> None:
    """Until the framework prints that it serves on ``port``."""
    deadline = time.monotonic() + timeout
    assert proc.stdout is not None
    for line in proc.stdout:
        if re.search(rf"127\.0\.0\.1:{port}", line):
            return
        if time.monotonic() > deadline:
            break
    raise RuntimeError(f"the server did not start on {port}")


def edit_times(page: Page, app: Path, module: str, edits: int) -> list[float]:
    """Seconds from each write to its heading on the page."""
    times = []
    for n in range(1, edits + 1):
        start = time.perf_counter()
        app.write_text(APP.format(module=module, n=n))
        page.get_by_role("heading", name=f"edit {n}", exact=True).wait_for(timeout=60_000)
        times.append(time.perf_counter() - start)
    return times


def measure(framework: str, edits: int) -> dict[str, float]:
    folder = Path(tempfile.mkdtemp(prefix=f"reload-{framework}-"))
    app = folder / "app.py"
    app.write_text(APP.format(module=framework, n=0))
    port = free_port()
    env = {
        **os.environ,
        "GRADIO_SERVER_PORT": str(port),
        "PYTHONUNBUFFERED": "1",
        "GRADIO_ANALYTICS_ENABLED": "False",
    }
    proc = subprocess.Popen(
        [*COMMANDS[framework], "app.py"],
        cwd=folder,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_url(proc, port)
        with sync_playwright() as driver:
            browser = driver.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
            )
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/")
            page.get_by_role("heading", name="edit 0", exact=True).wait_for(timeout=60_000)
            edit_times(page, app, framework, 2)  # warm-up: the first reloads import more
            times = edit_times(page, app, framework, edits)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(15)
    times.sort()
    return {
        "p50": statistics.median(times),
        "p90": times[int(0.9 * (len(times) - 1))],
        "edits": len(times),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--only", choices=sorted(COMMANDS))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results = {fw: measure(fw, args.edits) for fw in COMMANDS if args.only in (None, fw)}
    for fw, r in results.items():
        print(
            f"{fw:7s} edit -> page shows it: p50 {r['p50'] * 1000:.0f} ms, "
            f"p90 {r['p90'] * 1000:.0f} ms over {r['edits']} edits"
        )
    if len(results) == 2:
        print(
            f"rillet / gradio (p50): {results['rillet']['p50'] / results['gradio']['p50']:.3f}"
            "   target: rillet p50 <= 500 ms"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    sys.exit(main())
