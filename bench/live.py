"""Live inputs in headless Chromium (issue #7): the webcam flip demo's frame rate and latency,
and keystroke → live result latency, measured the same way on both frameworks' own pages.

The camera: an init script replaces ``navigator.mediaDevices.getUserMedia`` with a
``canvas.captureStream(30)`` of a canvas (the requested size; a fixed noisy gradient) that
redraws itself every 1/30 s with ``performance.now()`` (ms, 16 bits) as a band of black and
white blocks across the middle, laid out as a palindrome: the horizontal mirroring both
webcams apply and the demo's vertical flip leave it readable. Whatever constraints the page
asks for, the camera gives that size (the constraints asked are recorded).

Frames: a ``requestAnimationFrame`` loop in the page watches the output ``<img>``; each new
image that has loaded is drawn to a canvas and its stamp read back: latency is ``now`` minus
the stamp (camera frame drawn → its flipped result on screen), frames per second are the
distinct stamps shown per second of the window, after a warm-up. Frames sent are the page's
``POST …/stream/…`` requests (resource timing). Workloads (``live_app.py``): the flip demo at
320×240 and 640×480, the flip demo with 0.2 s of sleep (slower than the camera: latency must
stay bounded), and the issue's Blocks program (``stream_every=0.1``) at 640×480.

Keystrokes: letters pressed one per 0.3 s into ``gr.Interface(str.upper-like, "text", "text",
live=True)``; a key's latency is its ``keydown`` → the output first showing the upper-cased
input of that key or of a later one (a framework may skip a stale run).

By hand, one framework: ``.venv/bin/python bench/live.py rillet|gradio [--quick]`` (rillet's venv
has Playwright; each app runs in its own framework's venv).
"""

from __future__ import annotations

import statistics
import time
from typing import Any

ARGS = ["--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1"]

FAKE_CAMERA = """((w, h) => {
  const BITS = 16;
  let stream = null;
  performance.setResourceTimingBufferSize(100000);
  const start = () => {
    const canvas = document.createElement("canvas");
    canvas.width = w; canvas.height = h;
    const c = canvas.getContext("2d");
    const bg = document.createElement("canvas");
    bg.width = w; bg.height = h;
    const b = bg.getContext("2d");
    const g = b.createLinearGradient(0, 0, w, h);
    g.addColorStop(0, "#3a6"); g.addColorStop(1, "#a63");
    b.fillStyle = g; b.fillRect(0, 0, w, h);
    const img = b.getImageData(0, 0, w, h);  // mild noise, like a camera's
    let seed = 1;
    for (let i = 0; i < img.data.length; i += 4) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const n = ((seed >> 16) % 21) - 10;
      img.data[i] += n; img.data[i + 1] += n; img.data[i + 2] += n;
    }
    b.putImageData(img, 0, 0);
    const cell = w / (2 * BITS), band = Math.max(16, Math.round(h / 8));
    const y0 = Math.round(h / 2 - band / 2);
    const block = (k) => c.fillRect(Math.round(k * cell), y0,
                                    Math.round((k + 1) * cell) - Math.round(k * cell), band);
    const draw = () => {
      c.drawImage(bg, 0, 0);
      const v = Math.round(performance.now()) & 0xffff;
      for (let i = 0; i < BITS; i++) {
        c.fillStyle = (v >> i) & 1 ? "#fff" : "#000";
        block(i); block(2 * BITS - 1 - i);
      }
    };
    draw();
    setInterval(draw, 1000 / 30);
    stream = canvas.captureStream(30);
  };
  window.__benchCamera = { asked: [] };
  if (!navigator.mediaDevices) return;
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    window.__benchCamera.asked.push(JSON.stringify(constraints));
    if (!stream) start();
    return stream.clone();
  };
  navigator.mediaDevices.enumerateDevices = async () => [
    { deviceId: "bench", kind: "videoinput", label: "bench camera", groupId: "bench",
      toJSON() { return this; } }];
})"""

#: A JS snippet: `decodeStamp(source, w, h)`, the 16-bit stamp drawn across the middle
#: rows of a frame (`canvas` and `ctx` in scope), or null when it does not read.
STAMP_DECODER = """  // the stamp in the middle rows of what `source` shows (w × h), or null
  const decodeStamp = (source, w, h) => {
    if (!w || !h) return null;
    canvas.width = w; canvas.height = 3;
    ctx.drawImage(source, 0, Math.floor(h / 2) - 1, w, 3, 0, 0, w, 3);
    const d = ctx.getImageData(0, 0, w, 3).data;
    const bits = [], cell = w / 32;
    for (let k = 0; k < 32; k++) {
      const x0 = Math.floor((k + 0.3) * cell), x1 = Math.ceil((k + 0.7) * cell);
      let sum = 0, n = 0;
      for (let y = 0; y < 3; y++) for (let x = x0; x < x1; x++) {
        const i = (y * w + x) * 4; sum += d[i] + d[i + 1] + d[i + 2]; n += 3;
      }
      bits.push(sum / n > 128 ? 1 : 0);
    }
    for (let k = 0; k < 16; k++) if (bits[k] !== bits[31 - k]) return null;
    let v = 0;
    for (let k = 0; k < 16; k++) v |= bits[k] << k;
    return v;
  };
"""

FRAMES_PROBE = (
    """({sel, warmup, span}) => new Promise((resolve) => {
  const canvas = document.createElement("canvas");
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
"""
    + STAMP_DECODER
    + """
  const decode = (img) => decodeStamp(img, img.naturalWidth, img.naturalHeight);
  const t0 = performance.now();
  let lastSrc = null, lastStamp = null, undecoded = 0;
  const frames = [];
  const tick = () => {
    const now = performance.now();
    const imgs = document.querySelectorAll(sel);
    const img = imgs[imgs.length - 1];
    const src = img && (img.currentSrc || img.src);
    if (img && img.complete && img.naturalWidth && src !== lastSrc) {
      lastSrc = src;
      const v = decode(img);
      if (v === null) undecoded++;
      else if (v !== lastStamp) {
        lastStamp = v;
        if (now - t0 >= warmup) frames.push({ t: now, latency: (Math.round(now) - v) & 0xffff });
      }
    }
    if (now - t0 < warmup + span) return requestAnimationFrame(tick);
    const posts = performance.getEntriesByType("resource").filter((e) =>
      e.name.includes("/stream/"));
    const sent = posts.filter((e) => e.startTime >= t0 + warmup).length;
    resolve({ frames, undecoded, sent, sentAll: posts.length, asked: window.__benchCamera.asked });
  };
  tick();
})"""
)

#: How each page starts and stops streaming, and where its output image is.
WEBCAM = {
    "rillet": {"out": '[data-testid="image"] img'},
    "gradio": {"out": 'img[src*="/gradio_api/file="]'},
}


def start_webcam(page: Any, framework: str) -> None:
    if framework == "rillet":
        page.click('[data-testid="webcam-stream"]')
        page.wait_for_function(
            "() => document.querySelector('.rillet-image').rilletWebcam.streaming"
        )
    else:  # allow the webcam, then the record button (streaming inputs stream at once)
        page.click('[title="grant webcam access"] button')
        page.click("button.capture-button")


def stop_webcam(page: Any, framework: str) -> None:
    page.click(
        '[data-testid="webcam-stream"]' if framework == "rillet" else "button.capture-button"
    )


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def webcam(
    url: str, framework: str, width: int, height: int, warmup: float, span: float, cpu_seconds: Any
) -> dict[str, Any]:
    """Stream the fake camera at ``width``×``height`` through the page's live event for
    ``warmup + span`` seconds; frames shown per second and latency over ``span``, and the
    server's CPU time per frame sent (``cpu_seconds()`` reads the server's CPU time)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.add_init_script(f"{FAKE_CAMERA}({width}, {height})")
        page.goto(url)
        start_webcam(page, framework)
        cpu = cpu_seconds()
        result = page.evaluate(
            FRAMES_PROBE,
            {"sel": WEBCAM[framework]["out"], "warmup": warmup * 1000, "span": span * 1000},
        )
        cpu = cpu_seconds() - cpu
        stop_webcam(page, framework)
        time.sleep(1.0)  # let the server see the stream end before the next page
        page.close()
        browser.close()
    lat = [f["latency"] for f in result["frames"]]
    # latency growth: median over the window's last quarter minus its first quarter
    quarter = max(1, len(lat) // 4)
    return {
        "fps": len(lat) / span,
        "sent_per_s": result["sent"] / span,
        "latency_p50_ms": pct(lat, 0.5),
        "latency_p90_ms": pct(lat, 0.9),
        "latency_max_ms": max(lat) if lat else float("nan"),
        "latency_growth_ms": (
            statistics.median(lat[-quarter:]) - statistics.median(lat[:quarter])
            if lat
            else float("nan")
        ),
        "server_cpu_ms_per_frame": cpu * 1000 / max(1, result["sentAll"]),
        "frames": len(lat),
        "undecoded": result["undecoded"],
        "constraints_asked": result["asked"],
    }


KEYS_HOOK = """(sel) => {
  const st = window.__benchKeys = { keys: [], outs: [] };
  document.addEventListener("keydown", () => st.keys.push({ t: performance.now(), text: null }),
                            true);
  document.addEventListener("input", (e) => {
    if (st.keys.length) st.keys[st.keys.length - 1].text = e.target.value;
  }, true);
  let last = null;
  const tick = () => {
    const els = document.querySelectorAll(sel);
    const el = els[els.length - 1];
    const v = el ? (el.value ?? el.textContent) : null;
    if (v !== last) { last = v; st.outs.push({ t: performance.now(), v }); }
    requestAnimationFrame(tick);
  };
  tick();
}"""


def keystrokes(url: str, keys: int, pace: float, warmup_keys: int = 3) -> dict[str, Any]:
    """Type ``warmup_keys + keys`` letters into the live text Interface, one per ``pace``
    seconds; each key's latency: keydown → the output first shows the upper-cased input
    of that key or of a later one (a framework may skip a stale run)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page()
        page.goto(url)
        field = page.locator('textarea[data-testid="textbox"]').first
        field.wait_for()
        field.click()
        page.evaluate(KEYS_HOOK, '[data-testid="textbox"]')
        letters = "abcdefghijklmnopqrstuvwxyz"
        for i in range(warmup_keys + keys):
            page.keyboard.press(letters[i % 26])
            time.sleep(pace)
        time.sleep(1.5)
        state = page.evaluate("() => window.__benchKeys")
        browser.close()
    typed = state["keys"]
    outs = state["outs"]
    latencies, missed = [], 0
    for i, key in enumerate(typed[warmup_keys:], warmup_keys):
        wanted = {k["text"].upper() for k in typed[i:] if k["text"] is not None}
        shown = next((o["t"] for o in outs if o["t"] >= key["t"] and o["v"] in wanted), None)
        if shown is None:
            missed += 1
        else:
            latencies.append(shown - key["t"])
    return {
        "p50_ms": pct(latencies, 0.5),
        "p90_ms": pct(latencies, 0.9),
        "keys": len(typed) - warmup_keys,
        "missed": missed,
    }


def measure_live(server_for: Any, framework: str, quick: bool) -> dict[str, Any]:
    """Every live workload on one framework; ``server_for(demo)`` starts the live app
    serving ``demo`` (flip, slow, blocks, text): an object with ``url``,
    ``cpu_seconds()`` and ``close()``."""
    warmup, span = (2.0, 5.0) if quick else (3.0, 10.0)
    out: dict[str, Any] = {}
    server = server_for("flip")
    try:
        for width, height in ((320, 240), (640, 480)):
            out[f"flip_{width}"] = webcam(
                server.url, framework, width, height, warmup, span, server.cpu_seconds
            )
    finally:
        server.close()
    server = server_for("slow")
    try:
        out["slow_320"] = webcam(server.url, framework, 320, 240, warmup, span, server.cpu_seconds)
    finally:
        server.close()
    server = server_for("blocks")
    try:
        out["blocks_640"] = webcam(
            server.url, framework, 640, 480, warmup, span, server.cpu_seconds
        )
    finally:
        server.close()
    server = server_for("text")
    try:
        out["keys"] = keystrokes(server.url, 15 if quick else 30, 0.3)
    finally:
        server.close()
    return out


def live_rows(R: dict[str, Any], G: dict[str, Any]) -> list[tuple[str, float, float, str]]:
    out = []
    for width, height in ((320, 240), (640, 480)):
        r, g = R[f"flip_{width}"], G[f"flip_{width}"]
        out.append((f"webcam flip {width}×{height}: frames shown/s", r["fps"], g["fps"], "≥ 5×"))
        out.append(
            (f"webcam flip {width}×{height}: frames sent/s", r["sent_per_s"], g["sent_per_s"], "")
        )
        out.append(
            (
                f"webcam flip {width}×{height}: server CPU per frame (ms)",
                r["server_cpu_ms_per_frame"],
                g["server_cpu_ms_per_frame"],
                "",
            )
        )
        out.append(
            (
                f"webcam flip {width}×{height}: latency p50 (ms)",
                r["latency_p50_ms"],
                g["latency_p50_ms"],
                "lower",
            )
        )
        out.append(
            (
                f"webcam flip {width}×{height}: latency p90 (ms)",
                r["latency_p90_ms"],
                g["latency_p90_ms"],
                "lower",
            )
        )
    r, g = R["slow_320"], G["slow_320"]
    out.append(("webcam flip + 0.2 s sleep: frames shown/s", r["fps"], g["fps"], ""))
    out.append(
        (
            "webcam flip + 0.2 s sleep: latency p50 (ms)",
            r["latency_p50_ms"],
            g["latency_p50_ms"],
            "bounded",
        )
    )
    out.append(
        (
            "webcam flip + 0.2 s sleep: latency max (ms)",
            r["latency_max_ms"],
            g["latency_max_ms"],
            "bounded",
        )
    )
    out.append(
        (
            "webcam flip + 0.2 s sleep: latency growth (ms)",
            r["latency_growth_ms"],
            g["latency_growth_ms"],
            "≈ 0",
        )
    )
    r, g = R["blocks_640"], G["blocks_640"]
    out.append(
        (
            "issue's Blocks program (stream_every=0.1) 640×480: frames shown/s",
            r["fps"],
            g["fps"],
            "",
        )
    )
    out.append(
        (
            "issue's Blocks program (stream_every=0.1) 640×480: latency p50 (ms)",
            r["latency_p50_ms"],
            g["latency_p50_ms"],
            "lower",
        )
    )
    out.append(
        ("keystroke → live result p50 (ms)", R["keys"]["p50_ms"], G["keys"]["p50_ms"], "lower")
    )
    out.append(
        ("keystroke → live result p90 (ms)", R["keys"]["p90_ms"], G["keys"]["p90_ms"], "lower")
    )
    return out


if __name__ == "__main__":
    import argparse
    import json
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import Server

    parser = argparse.ArgumentParser()
    parser.add_argument("framework", choices=("rillet", "gradio"))
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    result = measure_live(
        lambda demo: Server(args.framework, app="live_app.py", argv=[demo]),
        args.framework,
        args.quick,
    )
    print(json.dumps(result, indent=2))
