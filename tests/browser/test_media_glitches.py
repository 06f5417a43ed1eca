"""Issue 24 in real Chromium: the end of a video stream shows no earlier frame (and no blank)
when the joined file takes over, and a streamed audio output opens one AudioContext per page,
at the device's rate, whatever the stream's rate."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

import rillet as gr
from rillet.testing import serve

from ..videofiles import make_video
from .conftest import open_app

#: Records what the output's player shows on every presented frame and animation frame:
#: the media time of the last frame the current player presented
#: (requestVideoFrameCallback), or -1 when the player was emptied (a blank).
WATCH_FRAMES = """() => {
    const v = document.querySelector('[data-rillet-type=video]').rilletVideo;
    const last = new Map();  // element -> media time of the last frame it presented
    const watched = new Set();
    window.shown = [];
    const note = (why) => {
        const player = v.player;
        const media = last.has(player) ? last.get(player) : null;
        const prev = window.shown[window.shown.length - 1];
        if (media !== null && (!prev || prev.media !== media || prev.el !== watched.size))
            window.shown.push({media, why, appended: v.appended.length, el: watched.size,
                               src: player.getAttribute('src')});
    };
    const watch = (video) => {
        if (watched.has(video)) return;
        watched.add(video);
        const frame = (now, meta) => {
            last.set(video, meta.mediaTime);
            note('frame');
            video.requestVideoFrameCallback(frame);
        };
        video.requestVideoFrameCallback(frame);
        video.addEventListener('emptied', () => { last.set(video, -1); note('emptied'); });
    };
    const tick = () => {
        document.querySelectorAll('[data-rillet-type=video] video').forEach(watch);
        note('tick');
        requestAnimationFrame(tick);
    };
    tick();
}"""

VIDEO = "document.querySelector('[data-rillet-type=video]').rilletVideo"


def went_back(shown: list[dict], chunks: int) -> list[tuple[float, float]]:
    """Pairs (before, after) where the picture shown after the last chunk went to an earlier
    media time (or to a blank, -1)."""
    after = [s["media"] for s in shown if s["appended"] >= chunks]
    return [(a, b) for a, b in itertools.pairwise(after) if b < a - 0.001]


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    return make_video(tmp_path_factory.mktemp("glitch") / "clip.mp4", seconds=1.0)


@pytest.fixture(scope="module")
def video_app(clips):
    def three():
        for _ in range(3):
            yield str(clips)

    with gr.Blocks() as demo:
        go = gr.Button("Go", elem_id="go")
        out = gr.Video(streaming=True, autoplay=True)
        go.click(three, None, out)
    with serve(demo) as url:
        yield url


def test_the_end_of_a_stream_keeps_the_last_frame(page, video_app):
    open_app(page, video_app)
    page.evaluate(WATCH_FRAMES)
    page.click("#go")
    # the stream plays to its end; the joined file then takes over the player
    page.wait_for_function(
        f"{VIDEO}.value !== null && {VIDEO}.player.getAttribute('src') === {VIDEO}.value.url"
    )
    # a few more animation frames with the joined file in the player
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
    shown = page.evaluate("window.shown")
    got = page.evaluate(
        f"""() => {{ const p = {VIDEO}.player;
        return {{ended: p.ended, paused: p.paused, time: p.currentTime, duration: p.duration,
            players: document.querySelectorAll('[data-rillet-type=video] video').length}}; }}"""
    )
    assert went_back(shown, 3) == [], shown[-5:]
    assert max(s["media"] for s in shown) > 2.9  # it played the whole stream
    assert shown[-1]["media"] > 2.9, shown[-1]  # and the last frame stays after the swap
    # the position and the play state carried over: ended at the end, one player left
    assert got["paused"] and got["ended"], got
    assert got["time"] == pytest.approx(3.0, abs=0.05)
    assert got["duration"] == pytest.approx(3.0, abs=0.05)
    assert got["players"] == 1
    # replay plays the joined file from the start
    page.evaluate(f"{VIDEO}.player.play()")
    page.wait_for_function(f"!{VIDEO}.player.paused && {VIDEO}.player.currentTime > 0.2")
    assert page.evaluate(f"{VIDEO}.player.getAttribute('src') === {VIDEO}.value.url")


def test_a_stream_paused_mid_way_is_taken_over_where_it_stands(page, video_app):
    open_app(page, video_app)
    page.evaluate(WATCH_FRAMES)
    page.click("#go")
    # the three chunks come at once: the run ends while the stream still plays
    page.wait_for_function(
        f"{VIDEO}.value !== null && {VIDEO}.state() === 'ended' && {VIDEO}.player.currentTime > 1.2"
    )
    at = page.evaluate(
        f"() => {{ const p = {VIDEO}.player; p.muted = true; p.pause(); return p.currentTime; }}"
    )
    page.wait_for_function(f"{VIDEO}.player.getAttribute('src') === {VIDEO}.value.url")
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
    shown = page.evaluate("window.shown")
    got = page.evaluate(
        f"""() => {{ const p = {VIDEO}.player;
        return {{paused: p.paused, time: p.currentTime, muted: p.muted, ended: p.ended}}; }}"""
    )
    assert went_back(shown, 3) == [], shown[-5:]
    assert got["paused"] and not got["ended"] and got["muted"], got
    # where it stands: the frame on screen when it paused, which may be one frame (40 ms
    # here) past the currentTime it reported
    assert at - 0.001 <= got["time"] <= at + 0.041, (got, at)
    assert shown[-1]["media"] == pytest.approx(at, abs=0.05), (shown[-1], at)


#: Counts the AudioContexts the page makes, and their rates.
COUNT_CONTEXTS = """(() => {
    const Original = window.AudioContext;
    window.audioContexts = [];
    window.AudioContext = class extends Original {
        constructor(...args) { super(...args); window.audioContexts.push(this.sampleRate); }
    };
})()"""

AUDIO = "document.querySelector('#out').rilletAudio"


@pytest.fixture(scope="module")
def audio_app():
    rate = 24000  # a TTS model's rate: not the device's (44.1 kHz in headless Chromium)
    t = np.arange(int(rate * 0.3)) / rate
    chunk = (0.3 * np.sin(2 * math.pi * 440 * t) * 32767).astype(np.int16)

    def speak():
        for _ in range(3):
            yield rate, chunk

    with gr.Blocks() as demo:
        go = gr.Button("Speak", elem_id="go")
        out = gr.Audio(streaming=True, autoplay=True, elem_id="out")
        go.click(speak, None, out)
    with serve(demo) as url:
        yield url


def test_one_audio_context_per_page_at_the_device_rate(page, audio_app):
    page.add_init_script(COUNT_CONTEXTS)
    open_app(page, audio_app)
    for run in range(2):  # a second run reuses the clock of the first
        before = page.evaluate(f"{AUDIO}.player.getAttribute('src')")
        page.click("#go")
        page.wait_for_function(
            f"""([before]) => {{ const a = {AUDIO}; const src = a.player.getAttribute('src');
            return src && src !== before && a.scheduled.length === 3
                && a.contextTime() > a.scheduled[2].start; }}""",
            arg=[before],
        )
        got = page.evaluate(
            f"""() => ({{scheduled: {AUDIO}.scheduled, underruns: {AUDIO}.underruns,
                contexts: window.audioContexts}})"""
        )
        assert len(got["contexts"]) == 1, (run, got["contexts"])
        scheduled = got["scheduled"]
        # each chunk keeps its own rate and plays on the context's clock, back to back
        assert {s["sampleRate"] for s in scheduled} == {24000}
        assert all(s["frames"] == 7200 for s in scheduled)
        for a, b in itertools.pairwise(scheduled):
            assert b["start"] == pytest.approx(a["start"] + a["duration"], abs=1e-6)
        assert got["underruns"] == 0
    assert page.evaluate("window.audioContexts")[0] != 24000  # the device's rate, not the stream's


#: Drives the player on an OfflineAudioContext, whose clock moves only when told to: two
#: chunks on time, then one that comes after the queue ran dry, then another, later still.
LATE_CHUNKS = """async () => {
    const { AudioChunkPlayer } = await import('/static/audiostream.js');
    const audio = new OfflineAudioContext(1, 48000 * 2, 48000);
    const player = new AudioChunkPlayer({ autoplay: true, context: () => audio });
    const chunk = () => audio.createBuffer(1, 4800, 24000);  // 0.2 s at another rate
    const quantum = 128 / 48000;  // the clock stops on whole render quanta
    const stops = [quantum, 0.6, 1.2].map((t) => audio.suspend(t));
    player.context();
    const rendering = audio.startRendering();
    await stops[0];
    player.schedule(chunk(), 0, 0);
    player.schedule(chunk(), 1, 0);
    audio.resume();
    await stops[1];  // the queue ran out at 0.43 s: this chunk is late
    player.schedule(chunk(), 2, 0);
    const leadAfter = player.lead;
    audio.resume();
    await stops[2];  // late again, by more than the wider look-ahead
    player.schedule(chunk(), 3, 0);
    audio.resume();
    await rendering;
    return { quantum, scheduled: player.scheduled, underruns: player.underruns, leadAfter,
             lead: player.lead };
}"""
SAMPLE = 1 / 48000


def test_an_underrun_widens_the_look_ahead_and_the_first_chunk_never_waits(page, audio_app):
    open_app(page, audio_app)
    got = page.evaluate(LATE_CHUNKS)
    first, second, third, fourth = got["scheduled"]
    # the first chunk starts right away (the base look-ahead of 25 ms), the second after it
    assert first["start"] - got["quantum"] == pytest.approx(0.025, abs=SAMPLE)
    assert second["start"] == pytest.approx(first["start"] + 0.2, abs=1e-9)
    # the third came after its place: it starts later than the base look-ahead, by how late
    # it was, and the player keeps that much more in hand from then on
    late = 0.6 + 0.005 - (second["start"] + 0.2)
    assert got["leadAfter"] == pytest.approx(0.025 + late, abs=1e-9)
    assert third["start"] - 0.6 == pytest.approx(got["leadAfter"], abs=SAMPLE)
    assert got["underruns"] == 2
    assert got["lead"] == pytest.approx(0.25)  # bounded
    assert fourth["start"] - 1.2 == pytest.approx(0.25, abs=SAMPLE)


def wav_bytes(rate: int, channels: int, frames: int) -> bytes:
    """A 16-bit WAV with a ``LIST`` chunk before its data (as some writers put one)."""
    import io
    import struct
    import wave

    rng = np.random.default_rng(7)
    samples = rng.integers(-32768, 32767, size=(frames, channels), dtype=np.int16)
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.tobytes())
    data = out.getvalue()
    listing = b"LIST" + struct.pack("<I", 5) + b"INFOx" + b"\0"  # odd size: padded
    body = data[12:36] + listing + data[36:]
    return b"RIFF" + struct.pack("<I", len(body) + 4) + b"WAVE" + body


#: The page's own WAV reader against the browser's decoder, sample for sample.
READ_WAV = """async ([bytes, rate]) => {
    const { wavBuffer } = await import('/static/audiostream.js');
    const data = new Uint8Array(bytes).buffer;
    const mine = wavBuffer(new OfflineAudioContext(1, 1, 44100), data.slice(0));
    const theirs = await new OfflineAudioContext(1, 1, rate).decodeAudioData(data.slice(0));
    let worst = 0;
    for (let c = 0; c < theirs.numberOfChannels; c++) {
        const a = mine.getChannelData(c), b = theirs.getChannelData(c);
        for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
    }
    return { rate: mine.sampleRate, channels: mine.numberOfChannels, frames: mine.length,
             decodedFrames: theirs.length, worst };
}"""


def test_wav_chunks_are_read_exactly_as_the_browser_decodes_them(page, audio_app):
    open_app(page, audio_app)
    got = page.evaluate(READ_WAV, [list(wav_bytes(22050, 2, 1001)), 22050])
    worst = got.pop("worst")
    # its own rate, on a context at another; every sample, in order, on every channel
    assert got == {"rate": 22050, "channels": 2, "frames": 1001, "decodedFrames": 1001}
    # Chromium scales positive samples by 1/32767, we by 1/32768 (as FFmpeg): one step apart
    assert worst <= 1.01 / 32768, worst
