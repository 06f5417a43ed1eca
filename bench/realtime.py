"""Real time (issue #21): the webcam flip at 640×480 over WebRTC against the same flip over
rillet's HTTP ``.stream()`` path (and FastRTC's, when /tmp/fastrtc-venv has it), in headless
Chromium with the fake camera of ``bench/live.py`` (a canvas stamped with
``performance.now()`` in a band that survives the flip).

WebRTC: the page's ``WebRTC`` component sends the camera over a peer connection; the server
flips each newest frame and sends it back into the same ``<video>``. Each frame the video
element presents (``requestVideoFrameCallback``) is drawn to a canvas and its stamp read:
latency is presentation time minus the stamp (camera frame drawn → flipped frame on screen),
frames per second are the distinct stamps shown per second after a warm-up. The HTTP path is
``bench/live.py``'s webcam measure on ``live_app.py``'s flip program.

Voice echo (``ReplyOnPause(echo)``: end of speech → first reply sound) plugs in as
``VOICE_ECHO``: a function ``(url) -> dict``; ``--voice`` runs ``bench/voice.py``'s measure
instead (rillet and, when /tmp/fastrtc-venv has it, FastRTC, each on a server of its own).
With neither, the row says "not measured".

    .venv/bin/python bench/realtime.py [--quick] [--fastrtc] [--voice]

Prints one JSON object: per path, fps, latency p50/p90 and server CPU per frame.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.live import ARGS, FAKE_CAMERA, STAMP_DECODER, pct, webcam  # noqa: E402

FASTRTC_PYTHON = Path("/tmp/fastrtc-venv/bin/python")
#: The voice-echo measure, set by the turn-taking layer: ``(url) -> {"p50_ms", "p90_ms"}``.
VOICE_ECHO: Callable[[str], dict[str, Any]] | None = None

#: Reads the stamp of each frame the video element presents (see the module's docstring).
VIDEO_PROBE = (
    """({sel, warmup, span}) => new Promise((resolve) => {
  const canvas = document.createElement("canvas");
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  // the camera's gradient runs green (top left) to red (bottom right): flipped, the top
  // rows are redder than the bottom ones; the video measured is the one showing the
  // server's flipped frames (not a local preview)
  const redness = (v, y) => {
    const w = v.videoWidth;
    canvas.width = w; canvas.height = 2;
    ctx.drawImage(v, 0, y, w, 2, 0, 0, w, 2);
    const d = ctx.getImageData(0, 0, w, 2).data;
    let r = 0;
    for (let i = 0; i < d.length; i += 4) r += d[i] - d[i + 1];
    return r;
  };
  const flipped = (v) => v.videoWidth > 0 && v.videoHeight > 0
    && redness(v, 0) > redness(v, v.videoHeight - 2);
  const video = Array.from(document.querySelectorAll(sel)).find(flipped);
  if (!video) return resolve({ frames: [], undecoded: 0, error: "no video shows flipped frames" });
"""
    + STAMP_DECODER
    + """
  const decode = () => decodeStamp(video, video.videoWidth, video.videoHeight);
  const t0 = performance.now();
  let lastStamp = null, undecoded = 0;
  const frames = [];
  const each = () => {
    const now = performance.now();  // the frame drawn now may be newer than the callback's
    const v = decode();
    if (v === null) undecoded++;
    else if (v !== lastStamp) {
      lastStamp = v;
      if (now - t0 >= warmup) frames.push({ t: now, latency: (Math.round(now) - v) & 0xffff,
                                            w: video.videoWidth });
    }
    if (now - t0 < warmup + span) video.requestVideoFrameCallback(each);
    else resolve({ frames, undecoded });
  };
  video.requestVideoFrameCallback(each);
})"""
)

#: True once one of the videos shows the server's flipped frames (the red end on top).
FLIPPED_SHOWN = """(sel) => Array.from(document.querySelectorAll(sel)).some((v) => {
  const w = v.videoWidth, h = v.videoHeight;
  if (!w || !h) return false;
  const c = document.createElement("canvas"); c.width = w; c.height = 2;
  const g = c.getContext("2d");
  const redness = (y) => {
    g.drawImage(v, 0, y, w, 2, 0, 0, w, 2);
    const d = g.getImageData(0, 0, w, 2).data;
    let r = 0;
    for (let i = 0; i < d.length; i += 4) r += d[i] - d[i + 1];
    return r;
  };
  return redness(0) > redness(h - 2);
})"""

#: Where each page's WebRTC video is, and how it starts.
PAGES = {
    "rillet": {"video": '[data-testid="webrtc-video"]', "start": '[data-testid="webrtc-button"]'},
    "fastrtc": {"video": "video", "start": "button >> text=/^\\s*Record\\s*$/"},
}


def serve_app(kind: str, port: int) -> None:
    """Run one of the bench's apps (in this process): ``rtc`` (WebRTC flip) under rillet,
    ``fastrtc`` (the same program under FastRTC: run with its venv's Python)."""
    import numpy as np

    def flip(frame: Any) -> Any:
        return np.ascontiguousarray(np.flipud(frame))

    if kind == "fastrtc":
        import gradio as gr
        from fastrtc import WebRTC
    else:
        import rillet as gr
        from rillet.rtc import WebRTC
    with gr.Blocks() as demo:
        camera = WebRTC(label="Camera", modality="video", mode="send-receive")
        camera.stream(flip, inputs=[camera], outputs=[camera], time_limit=300)
    serve_forever(demo, port)


def serve_forever(demo: Any, port: int) -> None:
    """Launch ``demo`` (rillet's or Gradio's) on 127.0.0.1:``port``, say ``READY <url>``
    for :func:`server`, and keep this process serving."""
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True)
    print(f"READY http://127.0.0.1:{port}/", flush=True)
    while True:
        time.sleep(3600)


class Server:
    """An app in its own process: its URL and its CPU time."""

    def __init__(self, proc: subprocess.Popen[str], url: str) -> None:
        self.proc = proc
        self.url = url

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def server(command: list[str]) -> Iterator[Server]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
    proc = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        assert proc.stdout is not None
        url = None
        for line in proc.stdout:
            found = re.search(r"READY (http://127\.0\.0\.1:\d+)", line)
            if found:
                url = found.group(1)
                break
        if url is None:
            raise RuntimeError(f"{command} did not start")
        yield Server(proc, url)
    finally:
        proc.terminate()
        proc.wait(10)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def webrtc_webcam(
    srv: Server, page_kind: str, width: int, height: int, warmup: float, span: float
) -> dict[str, Any]:
    """The fake camera through the page's WebRTC component for ``warmup + span`` seconds."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.add_init_script(f"{FAKE_CAMERA}({width}, {height})")
        page.goto(srv.url)
        start = page.locator(PAGES[page_kind]["start"]).last
        start.wait_for(state="visible", timeout=60_000)
        start.dispatch_event("click")  # FastRTC's page lays its footer over its button
        page.wait_for_function(FLIPPED_SHOWN, arg=PAGES[page_kind]["video"], timeout=60_000)
        cpu = srv.cpu_seconds()
        result = page.evaluate(
            VIDEO_PROBE,
            {"sel": PAGES[page_kind]["video"], "warmup": warmup * 1000, "span": span * 1000},
        )
        cpu = srv.cpu_seconds() - cpu
        browser.close()
    lat = [f["latency"] for f in result["frames"]]
    return {
        "fps": len(lat) / span,
        "latency_p50_ms": pct(lat, 0.5),
        "latency_p90_ms": pct(lat, 0.9),
        "server_cpu_ms_per_frame": cpu * 1000 / max(1, len(lat)),
        "frames": len(lat),
        "undecoded": result["undecoded"],
        "error": result.get("error"),
        "widths_shown": sorted({f["w"] for f in result["frames"]}),
    }


def main(argv: list[str]) -> dict[str, Any]:
    quick = "--quick" in argv
    warmup, span = (2.0, 5.0) if quick else (3.0, 10.0)
    python = sys.executable
    out: dict[str, Any] = {}
    with server([python, __file__, "serve", "rtc", str(free_port())]) as srv:
        out["webrtc_flip_640"] = webrtc_webcam(srv, "rillet", 640, 480, warmup, span)
    live_app = str(ROOT / "bench" / "live_app.py")
    with server([python, live_app, "rillet", str(free_port()), "flip"]) as srv:
        out["http_flip_640"] = webcam(srv.url, "rillet", 640, 480, warmup, span, srv.cpu_seconds)
    if "--fastrtc" in argv and FASTRTC_PYTHON.exists():
        command = [str(FASTRTC_PYTHON), __file__, "serve", "fastrtc", str(free_port())]
        try:
            with server(command) as srv:
                out["fastrtc_flip_640"] = webrtc_webcam(srv, "fastrtc", 640, 480, warmup, span)
        except Exception as failed:  # noqa: BLE001 - a bench row that could not run says why
            out["fastrtc_flip_640"] = {"error": repr(failed)}
    if "--voice" in argv:
        from bench.voice import run as voice_echo

        out["voice_echo"] = voice_echo(5 if quick else 6)
    else:
        out["voice_echo"] = (
            VOICE_ECHO("") if VOICE_ECHO is not None else {"note": "not measured (ReplyOnPause)"}
        )
    return out


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "serve":
        serve_app(sys.argv[2], int(sys.argv[3]))
    else:
        print(json.dumps(main(sys.argv[1:]), indent=2))
