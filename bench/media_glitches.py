"""Issue 24's two streaming-media glitches, measured in headless Chromium on rillet and Gradio.

Usage::

    .venv/bin/python bench/media_glitches.py [--runs 5] [--only rillet|gradio] [--json FILE]

Three probes, each on each framework's own page, served by this script's own app (run as
``python media_glitches.py serve FRAMEWORK PORT`` under that framework's Python):

- **first sound**: a 1 s, 24 kHz tone yielded ten times, 0.5 s apart (a TTS-like rate, not
  the device's): first yield → the page's audio clock reaching the first chunk (rillet's
  Web Audio schedule) or the ``<audio>`` playhead moving (Gradio); and how many
  AudioContexts the page created (counted by wrapping ``window.AudioContext``).
- **paced audio under load**: 0.2 s chunks yielded every 0.2 s (real time, so the player
  has only its look-ahead to absorb a late chunk) for 4 s, while busy subprocesses keep both
  cores loaded: underruns (rillet: chunks scheduled after the clock passed their place) and
  silence inside the stream (rillet: gaps in the schedule; Gradio: wall minus media time).
- **end-of-stream swap**: a 2 s H.264 + AAC clip yielded three times; every frame the page
  presents (``requestVideoFrameCallback`` on every ``<video>`` in the output) until a second
  after the stream has played out and the final file is in: frames whose media time goes
  back (the first frame flashing), and for how long.

Nothing passes or fails; it prints rillet's and Gradio's medians and their ratios.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHONS = {"rillet": ROOT / ".venv/bin/python", "gradio": HERE / ".gradio-venv/bin/python"}
ARGS = [
    "--autoplay-policy=no-user-gesture-required",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
]
#: Counts the AudioContexts a page makes (installed before any of the page's scripts).
COUNT_CONTEXTS = """(() => {
    const Original = window.AudioContext;
    if (!Original) return;
    window.__audioContexts = [];
    window.AudioContext = class extends Original {
        constructor(...args) { super(...args); window.__audioContexts.push(this.sampleRate); }
    };
})()"""


# ---- the app (runs under the framework's own Python) ----


def tone_file(folder: str, name: str, seconds: float, rate: int, freq: float) -> str:
    import numpy as np

    t = np.arange(int(seconds * rate)) / rate
    samples = (0.3 * np.sin(2 * np.pi * freq * t) * 32767).astype("<i2")
    path = os.path.join(folder, name)
    with wave.open(path, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    return path


def serve(framework: str, port: int) -> None:
    """The bench app: three buttons, three streamed outputs; the first yield's time goes to
    the file named by MEDIA_STAMPS."""
    gr = importlib.import_module(framework)
    folder = tempfile.mkdtemp(prefix="media-bench-")
    tone = tone_file(folder, "tone24k.wav", 1.0, 24000, 440)
    slice_ = tone_file(folder, "slice24k.wav", 0.2, 24000, 550)
    clip = os.path.join(folder, "clip.mp4")
    Path(clip).write_bytes((ROOT / "demo/streaming_video/clip.mp4").read_bytes())
    stamps = os.environ["MEDIA_STAMPS"]

    def stamp() -> None:
        Path(stamps).write_text(f"{time.time():.6f}")

    def repeat_tone():
        for i in range(10):
            time.sleep(0.5)
            if i == 0:
                stamp()
            yield tone

    def paced():
        start = time.monotonic()
        for i in range(20):
            time.sleep(max(0.0, start + 0.2 * i - time.monotonic()))
            if i == 0:
                stamp()
            yield slice_

    def clips():
        for _ in range(3):
            time.sleep(0.5)
            yield clip

    with gr.Blocks() as demo:
        tone_out = gr.Audio(streaming=True, autoplay=True, elem_id="tone_out")
        gr.Button("Tone", elem_id="tone_go").click(repeat_tone, None, tone_out)
        paced_out = gr.Audio(streaming=True, autoplay=True, elem_id="paced_out")
        gr.Button("Paced", elem_id="paced_go").click(paced, None, paced_out)
        video_out = gr.Video(streaming=True, autoplay=True, elem_id="video_out")
        gr.Button("Watch", elem_id="video_go").click(clips, None, video_out)
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    print(f"READY http://127.0.0.1:{port}", flush=True)
    demo.block_thread()


# ---- the probes (run under rillet's Python, which has Playwright) ----

CLICK = """(id) => { const go = document.querySelector('#' + id);
    (go.tagName === 'BUTTON' ? go : go.querySelector('button')).click(); }"""

AUDIO_PROBE = """([root_id, chunks, seconds]) => new Promise((resolve, reject) => {
    // First sound: rillet's Web Audio clock reaching the first scheduled chunk, or Gradio's
    // <audio> playhead moving. Silence: gaps in rillet's schedule; for Gradio, wall time
    // minus media time while its playhead should be moving (until it has played `seconds`).
    const root = document.querySelector('#' + root_id);
    const started = Date.now();
    let first = null, lastWall = null, lastMedia = null, stalled = 0;
    const tick = () => {
        const now = Date.now();
        if (first === null && now - started > 40000) return reject(new Error('no sound in 40 s'));
        const hook = root.rilletAudio;
        if (hook) {
            const s = hook.scheduled;
            if (first === null && s.length && hook.contextTime() >= s[0].start) first = now;
            if (first !== null && s.length >= chunks) {
                let silence = 0;
                for (let i = 1; i < s.length; i++)
                    silence += Math.max(0, s[i].start - (s[i-1].start + s[i-1].duration));
                return resolve({first, silence_ms: silence * 1000, underruns: hook.underruns,
                                contexts: window.__audioContexts || []});
            }
        } else {
            const audio = root.querySelector('audio');
            const t = audio ? audio.currentTime : 0;
            if (first === null && t > 0) { first = now; lastWall = now; lastMedia = t; }
            else if (first !== null) {
                if (t < seconds - 0.1 && !audio.ended)
                    stalled += Math.max(0, (now - lastWall) - (t - lastMedia) * 1000);
                lastWall = now; lastMedia = t;
                if (audio.ended || t >= seconds - 0.1 || now - first > seconds * 1000 + 20000)
                    return resolve({first, silence_ms: stalled, underruns: null,
                                    contexts: window.__audioContexts || []});
            }
        }
        requestAnimationFrame(tick);
    };
    tick();
})"""

SWAP_PROBE = """(seconds) => new Promise((resolve, reject) => {
    // Every frame presented by any <video> in the output, with the element it came from.
    const root = document.querySelector('#video_out');
    const started = performance.now();
    const frames = [];
    const watched = new Set();
    let endedAt = null;
    const watch = (video) => {
        if (watched.has(video)) return;
        watched.add(video);
        const id = watched.size;
        const on = (now, meta) => {
            const style = getComputedStyle(video);
            const shown = video.isConnected && style.opacity !== '0'
                && style.visibility !== 'hidden' && video.offsetParent !== null;
            frames.push({id, t: now, media: meta.mediaTime, shown});
            video.requestVideoFrameCallback(on);
        };
        video.requestVideoFrameCallback(on);
    };
    const tick = () => {
        const now = performance.now();
        if (now - started > 60000) return reject(new Error('the video did not end in 60 s'));
        root.querySelectorAll('video').forEach(watch);
        const hook = root.rilletVideo;
        const player = hook ? hook.player : root.querySelector('video');
        const swapped = hook ? hook.value && player.getAttribute('src') === hook.value.url : true;
        const done = player && player.currentTime >= seconds - 0.05 && swapped;
        if (endedAt === null && done) endedAt = now;
        if (endedAt !== null && now - endedAt > 1500) return resolve(frames);
        requestAnimationFrame(tick);
    };
    tick();
})"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(framework: str, stamps: Path):
    port = free_port()
    proc = subprocess.Popen(
        [str(PYTHONS[framework]), __file__, "serve", framework, str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={
            **os.environ,
            "GRADIO_ANALYTICS_ENABLED": "False",
            "PYTHONUNBUFFERED": "1",
            "MEDIA_STAMPS": str(stamps),
        },
    )
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("READY"):
                yield line.split()[1]
                break
        else:
            raise RuntimeError(f"{framework}: the media bench app did not start")
    finally:
        proc.terminate()
        proc.wait(10)


@contextmanager
def cpu_load(busy: int):
    """``busy`` subprocesses spinning on the CPU (the "outside load")."""
    procs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(busy)]
    try:
        yield
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(10)


def going_back(frames: list[dict[str, Any]]) -> tuple[int, float]:
    """Frames shown whose media time is earlier than one shown before (more than 1 ms), and
    for how long (ms) the picture was behind."""
    shown = [f for f in frames if f["shown"]]
    shown.sort(key=lambda f: f["t"])
    back, behind_ms, high, since = 0, 0.0, -1.0, None
    for f in shown:
        if f["media"] < high - 0.001:
            back += 1
            if since is None:
                since = f["t"]
        else:
            if since is not None:
                behind_ms += f["t"] - since
                since = None
            high = max(high, f["media"])
    return back, behind_ms


def measure(framework: str, runs: int, busy: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    stamps = Path(tempfile.mkdtemp(prefix="media-stamps-")) / "stamp.txt"
    firsts: list[float] = []
    contexts: list[int] = []
    rates: list[list[float]] = []
    underruns: list[int | None] = []
    silences: list[float] = []
    backs: list[int] = []
    behind: list[float] = []
    with server(framework, stamps) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)

        def fresh_page():
            page = browser.new_page()
            page.add_init_script(COUNT_CONTEXTS)
            page.goto(url)
            page.wait_for_selector("#tone_go")
            page.wait_for_load_state("networkidle")
            return page

        for run in range(runs + 1):  # the first run warms the browser and server up
            stamps.unlink(missing_ok=True)
            page = fresh_page()
            page.evaluate(CLICK, "tone_go")
            got = page.evaluate(AUDIO_PROBE, ["tone_out", 10, 10.0])
            page.close()
            if not run:
                continue
            firsts.append(got["first"] - float(stamps.read_text()) * 1000)
            contexts.append(len(got["contexts"]))
            rates.append(got["contexts"])
        with cpu_load(busy):
            for _ in range(runs):
                page = fresh_page()
                page.evaluate(CLICK, "paced_go")
                got = page.evaluate(AUDIO_PROBE, ["paced_out", 20, 4.0])
                underruns.append(got["underruns"])  # None: not measured (Gradio)
                silences.append(got["silence_ms"])
                page.close()
        for _ in range(runs):
            page = fresh_page()
            page.evaluate(CLICK, "video_go")
            frames = page.evaluate(SWAP_PROBE, 6.0)
            back, ms = going_back(frames)
            backs.append(back)
            behind.append(ms)
            page.close()
        browser.close()
    counted = [u for u in underruns if u is not None] or None
    return {
        "first_sound_ms": statistics.median(firsts),
        "first_sound_all_ms": firsts,
        "audio_contexts_per_page": max(contexts),
        "audio_context_rates": rates,
        "underruns_under_load": underruns,
        "underrun_runs": counted and sum(1 for u in counted if u > 0),
        "underruns_median": counted and statistics.median(counted),
        "silence_under_load_ms": statistics.median(silences),
        "silence_under_load_all_ms": silences,
        "frames_back_at_swap": backs,
        "frames_back_runs": sum(1 for b in backs if b > 0),
        "behind_ms": behind,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=["rillet", "gradio"])
    parser.add_argument("--busy", type=int, default=2, help="busy subprocesses for the load")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results = {}
    for framework in ("rillet", "gradio"):
        if args.only in (None, framework):
            results[framework] = measure(framework, args.runs, args.busy)
            print(framework, json.dumps(results[framework]), flush=True)
    rows = [
        ("first yield → first sound, 24 kHz stream (ms, median)", "first_sound_ms"),
        ("AudioContexts per page", "audio_contexts_per_page"),
        (f"paced audio under load: runs with underruns (of {args.runs})", "underrun_runs"),
        ("paced audio under load: underruns per run (median)", "underruns_median"),
        ("paced audio under load: silence inside the stream (ms, median)", "silence_under_load_ms"),
        ("end of a video stream: runs with frames going back", "frames_back_runs"),
    ]
    print(f"\n{'workload':70} {'rillet':>10} {'gradio':>10} {'ratio':>8}")
    for label, key in rows:
        r = results.get("rillet", {}).get(key)
        g = results.get("gradio", {}).get(key)
        ratio = r / g if isinstance(r, (int, float)) and isinstance(g, (int, float)) and g else None
        fmt = lambda v: "-" if v is None else f"{v:.3g}"  # noqa: E731
        print(f"{label:70} {fmt(r):>10} {fmt(g):>10} {fmt(ratio):>8}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "serve":
        serve(sys.argv[2], int(sys.argv[3]))
    else:
        main()
