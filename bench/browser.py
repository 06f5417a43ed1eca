"""Headless Chromium probes, run on each framework's own page."""

from __future__ import annotations

import os
import statistics
from pathlib import Path
from typing import Any

#: Seconds of video in the benchmark clip (demo/streaming_video/clip.mp4).
CLIP_SECONDS = 2.0


def page_first_text(url: str, runs: int) -> float:
    """Click Go → first streamed text visible, ms, median over ``runs`` page loads."""
    from playwright.sync_api import sync_playwright

    args = ["--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1"]
    # elem_id sits on Gradio's <button> itself and on the block around rillet's button.
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
            # let the run end before the next page: rillet keeps a run going for a grace
            # period after its page goes away, and the event's concurrency limit is 1
            page.wait_for_function("""() => (document.querySelector(
                '#page_out textarea, #page_out [data-testid=textbox]') || {})
                .value?.includes('w49')""")
            page.close()
        browser.close()
    return statistics.median(times)


AUDIO_PROBE = """() => new Promise((resolve, reject) => {
    // First sound: rillet's Web Audio clock reaching the first scheduled chunk, or Gradio's
    // <audio> playhead moving. Silence: gaps in rillet's schedule; for Gradio, wall time
    // minus media time while its playhead should be moving.
    const root = document.querySelector('#audio_out');
    const started = Date.now();
    let first = null, lastWall = null, lastMedia = null, stalled = 0;
    const go = document.querySelector('#audio_go');
    (go.tagName === 'BUTTON' ? go : go.querySelector('button')).click();
    const tick = () => {
        if (Date.now() - started > 40000) return reject(new Error('no sound after 40 s'));
        const hook = root.rilletAudio;
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
    args = [
        "--autoplay-policy=no-user-gesture-required",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
    ]
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
    return {"first_sound_ms": statistics.median(firsts), "silence_ms": statistics.median(silences)}


VIDEO_PROBE = """(seconds) => new Promise((resolve, reject) => {
    // The same for both pages: the first frame the <video> presents
    // (requestVideoFrameCallback), then stalls: from that frame until the playhead reaches
    // the stream's end, wall time minus media time played.
    const root = document.querySelector('#video_out');
    const started = Date.now();
    let first = null, watched = null, wall0 = null, media0 = null;
    const go = document.querySelector('#video_go');
    (go.tagName === 'BUTTON' ? go : go.querySelector('button')).click();
    const tick = () => {
        if (Date.now() - started > 60000) return reject(new Error('no video end after 60 s'));
        const video = root.querySelector('video');
        if (video && video !== watched && first === null) {
            watched = video;
            video.requestVideoFrameCallback((now, meta) => {
                if (first === null) {
                    first = performance.timeOrigin + now;
                    wall0 = Date.now();
                    media0 = meta.mediaTime;
                }
            });
        }
        if (first !== null && video) {
            const t = video.currentTime;
            if (t >= seconds - 0.15 || video.ended)
                return resolve({
                    first, stall_ms: Math.max(0, (Date.now() - wall0) - (t - media0) * 1000)});
        }
        requestAnimationFrame(tick);
    };
    tick();
})"""


def video_first_frame(url: str, runs: int, cpu_seconds: Any) -> dict[str, float]:
    """First yield → first frame shown, stalls over a 10-chunk stream, and the server's
    CPU seconds per second of video (``cpu_seconds()`` reads the server's CPU time)."""
    from playwright.sync_api import sync_playwright

    stamps = Path(os.environ["BENCH_STAMPS"])
    args = [
        "--autoplay-policy=no-user-gesture-required",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
    ]
    firsts, stalls, cpus = [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        for _ in range(runs):
            stamps.unlink(missing_ok=True)
            page = browser.new_page()
            page.goto(url)
            page.wait_for_selector("#video_go")
            page.wait_for_load_state("networkidle")
            cpu = cpu_seconds()
            result = page.evaluate(VIDEO_PROBE, CLIP_SECONDS * 10)
            cpus.append((cpu_seconds() - cpu) / (CLIP_SECONDS * 10) * 1000)
            firsts.append(result["first"] - float(stamps.read_text()) * 1000)
            stalls.append(result["stall_ms"])
            page.close()
        browser.close()
    return {
        "first_frame_ms": statistics.median(firsts),
        "stall_ms": statistics.median(stalls),
        "server_cpu_ms_per_s": statistics.median(cpus),
    }


def chat_main_thread(url: str, tokens: int, history: bool, code: bool = False) -> float:
    """Main-thread task time per token (ms) while the page streams a chat reply of
    ``tokens`` tokens (after 100 turns when ``history``; in a highlighted code block when
    ``code``), from Chromium's own metrics."""
    from playwright.sync_api import sync_playwright

    args = ["--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1"]
    which = "chatcode" if code else "chat100" if history else "chat0"
    last = f"t{(tokens - 1) % 1000:03d}"
    done = f"""() => {{ const t = document.querySelector('#{which}').textContent;
        return t.includes('{last}') && (t.match(/t\\d\\d\\d\\b/g) || []).length >= {tokens}; }}"""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        page = browser.new_page()
        page.goto(url)
        page.wait_for_selector(f"#{which}_go")
        page.wait_for_load_state("networkidle")
        field = page.locator("#chat_n input").first
        field.fill(str(tokens))
        field.press("Enter")
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")

        def task_seconds() -> float:
            metrics = cdp.send("Performance.getMetrics")["metrics"]
            return next(m["value"] for m in metrics if m["name"] == "TaskDuration")

        before = task_seconds()
        page.click(f"#{which}_go")
        page.wait_for_function(done, timeout=120_000)
        spent = task_seconds() - before
        browser.close()
    return spent * 1000 / tokens
