"""The WebRTC transport against a real server, with aiortc as the client: video flipped and
sent back, audio echoed, bad offers refused readably, ICE that never completes closed,
limits, and nothing left behind."""

from __future__ import annotations

import asyncio
import fractions
import json
import os
import queue
import threading
import time
import uuid

import httpx
import numpy as np
import pytest

aiortc = pytest.importorskip("aiortc", reason="the WebRTC transport needs aiortc (rillet[webrtc])")

import av  # noqa: E402
from aiortc import RTCPeerConnection, RTCSessionDescription  # noqa: E402
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack  # noqa: E402

import rillet as gr  # noqa: E402
from rillet.components.webrtc import WebRTC  # noqa: E402
from rillet.rtc.handlers import AdditionalOutputs, AsyncStreamHandler, StreamHandler  # noqa: E402
from rillet.rtc.jitter import WholeFrames  # noqa: E402
from rillet.server.app import runtime  # noqa: E402
from rillet.testing import serve  # noqa: E402

WAIT = 20.0


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def wait_for(condition, timeout: float = WAIT) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


class Echo(StreamHandler):
    """Sends back what it hears; records the formats it got and when it was shut down."""

    def __init__(self, log: dict | None = None) -> None:
        super().__init__(input_sample_rate=16000)
        self.log = log if log is not None else {"shapes": [], "shutdown": threading.Event()}
        self.heard: queue.SimpleQueue = queue.SimpleQueue()

    def copy(self) -> Echo:
        return Echo(self.log)

    def receive(self, frame) -> None:
        rate, samples = frame
        self.log["shapes"].append((rate, samples.shape, str(samples.dtype)))
        self.heard.put(frame)

    def emit(self):
        try:
            frame = self.heard.get(timeout=0.05)
        except queue.Empty:
            return None
        self.log.setdefault("emitted", 0)
        self.log["emitted"] += 1
        if self.log["emitted"] % 25 == 0:
            return frame, AdditionalOutputs(self.log["emitted"])
        return frame

    def shutdown(self) -> None:
        self.log["shutdown"].set()


class Pattern(MediaStreamTrack):
    """Video: the top half white, the bottom half black, at ~30 fps."""

    kind = "video"

    def __init__(self) -> None:
        super().__init__()
        self.count = 0
        image = np.zeros((240, 320, 3), dtype=np.uint8)
        image[:120] = 255
        self.image = image

    async def recv(self):
        await asyncio.sleep(1 / 30)
        frame = av.VideoFrame.from_ndarray(self.image, format="rgb24")
        frame.pts = self.count * 3000
        frame.time_base = fractions.Fraction(1, 90000)
        self.count += 1
        return frame


class Tone(MediaStreamTrack):
    """Audio: 20 ms frames of a loud 440 Hz tone, at 48 kHz, paced in real time."""

    kind = "audio"

    def __init__(self) -> None:
        super().__init__()
        self.pts = 0
        self.start = None

    async def recv(self):
        if self.start is None:
            self.start = time.monotonic()
        else:
            await asyncio.sleep(max(0.0, self.start + self.pts / 48000 - time.monotonic()))
        t = (self.pts + np.arange(960)) / 48000
        samples = (np.sin(2 * np.pi * 440 * t) * 20000).astype(np.int16)
        frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = 48000
        frame.pts = self.pts
        frame.time_base = fractions.Fraction(1, 48000)
        self.pts += 960
        return frame


async def connect(url: str, component_id: int, tracks, session_hash=None, answer=True):
    """An aiortc client: offer ``tracks`` (sendrecv), post the offer, apply the answer."""
    pc = RTCPeerConnection()
    for track in tracks:
        pc.addTrack(track)
    await pc.setLocalDescription(await pc.createOffer())
    body = {"sdp": pc.localDescription.sdp, "type": "offer", "component_id": component_id}
    if session_hash is not None:
        body["session_hash"] = session_hash
    async with httpx.AsyncClient(timeout=30) as http:
        r = await http.post(f"{url}/gradio_api/webrtc/offer", json=body)
    assert r.status_code == 200, r.text
    reply = r.json()
    if answer:
        await pc.setRemoteDescription(RTCSessionDescription(reply["sdp"], reply["type"]))
    return pc, reply["webrtc_id"]


class ClientLoop:
    """An event loop in a thread of its own for the aiortc client, so that it keeps
    sending while the test does blocking HTTP."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="rtc-client")
        self.thread.start()

    def run(self, coroutine, timeout: float = 60):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


@pytest.fixture
def client_loop():
    made = ClientLoop()
    yield made
    made.stop()


def received(pc: RTCPeerConnection, kind: str):
    return next(t.receiver.track for t in pc.getTransceivers() if t.kind == kind)


@pytest.fixture
def video_app():
    with gr.Blocks() as demo:
        cam = WebRTC(modality="video", mode="send-receive")
        cam.stream(lambda frame: frame[::-1], inputs=[cam], outputs=[cam], concurrency_limit=2)
    with serve(demo) as url:
        yield url, demo, cam


@pytest.fixture
def audio_app():
    log = {"shapes": [], "shutdown": threading.Event()}
    with gr.Blocks() as demo:
        mic = WebRTC(modality="audio", mode="send-receive")
        count = gr.Number(0)
        mic.stream(Echo(log), inputs=[mic], outputs=[mic], time_limit=30)
        # the count is an input too: each call sees what the last one returned
        mic.on_additional_outputs(lambda total, n: total + 1, inputs=[count], outputs=[count])
    with serve(demo) as url:
        yield url, demo, mic, log


def test_video_is_flipped_and_sent_back(video_app):
    url, _demo, cam = video_app

    async def go():
        pc, webrtc_id = await connect(url, cam._id, [Pattern()])
        track = received(pc, "video")
        frames = []
        for _ in range(8):
            frame = await asyncio.wait_for(track.recv(), WAIT)
            frames.append(frame.to_ndarray(format="rgb24"))
        server = cam.rtc_stream.peers[webrtc_id]
        buffers = [t.receiver._RTCRtpReceiver__jitter_buffer for t in server.pc.getTransceivers()]
        assert buffers and all(isinstance(b, WholeFrames) for b in buffers), buffers
        await pc.close()
        return frames, webrtc_id

    frames, _webrtc_id = asyncio.run(go())
    last = frames[-1].astype(float)
    top, bottom = last[: last.shape[0] // 2].mean(), last[last.shape[0] // 2 :].mean()
    assert bottom > 200 and top < 50, (top, bottom)  # the white half is now at the bottom
    assert wait_for(lambda: not cam.rtc_stream.peers), "the connection was not cleaned up"


def test_audio_is_echoed_and_side_outputs_reach_the_event(audio_app, client_loop):
    url, demo, mic, log = audio_app
    session = uuid.uuid4().hex

    async def go():
        pc, webrtc_id = await connect(url, mic._id, [Tone()], session_hash=session)
        track = received(pc, "audio")
        loud = 0
        for _ in range(150):  # 3 s at most
            frame = await asyncio.wait_for(track.recv(), WAIT)
            level = np.abs(frame.to_ndarray().astype(float)).mean()
            loud += level > 2000
            if loud >= 10:
                break
        return pc, webrtc_id, loud

    async def drain(track):  # keep reading what comes back
        try:
            while True:
                await track.recv()
        except MediaStreamError:
            return

    pc, webrtc_id, loud = client_loop.run(go())
    asyncio.run_coroutine_threadsafe(drain(received(pc, "audio")), client_loop.loop)
    assert loud >= 10, "the echo never came back loud"
    rate, shape, dtype = log["shapes"][0]
    assert (rate, shape[0], dtype) == (16000, 1, "int16")
    # the side outputs' event, in the session that offered the connection
    side = next(d for d in demo.spec.dependencies if (mic._id, "state_change") in d.targets)
    with httpx.Client(timeout=30) as http:
        join = {"data": [webrtc_id, 0], "fn_index": side.id, "session_hash": session}
        assert http.post(f"{url}/gradio_api/queue/join", json=join).status_code == 200
        values = []
        params = {"session_hash": session}
        with http.stream("GET", f"{url}/gradio_api/queue/data", params=params) as stream:
            for line in stream.iter_lines():
                if '"process_generating"' in line:
                    values.append(line)
                    if len(values) == 2:
                        break
    assert len(values) == 2
    first, second = (json.loads(line.removeprefix("data:"))["output"]["data"][0] for line in values)
    # not 1 again: the second call saw the first one's result (sent as an edit of it)
    assert (first, second) == (1, [["replace", [], 2]]), (first, second)
    # another session can neither claim nor close it
    assert mic.rtc_stream.find(webrtc_id, "someone-else") is None
    with httpx.Client(timeout=30) as http:
        body = {"webrtc_id": webrtc_id, "component_id": mic._id, "session_hash": "intruder"}
        r = http.post(f"{url}/gradio_api/webrtc/close", json=body)
        assert r.status_code == 404
        body["session_hash"] = session
        r = http.post(f"{url}/gradio_api/webrtc/close", json=body)
        assert r.status_code == 200
    assert log["shutdown"].wait(1.0), "shutdown() was not called within 1 s of the close"
    client_loop.run(pc.close())
    assert wait_for(lambda: not mic.rtc_stream.peers)
    with httpx.Client(timeout=30) as http:  # a page's close after its event's end closed it
        r = http.post(f"{url}/gradio_api/webrtc/close", json=body)
        assert r.status_code == 200 and r.json() == {"msg": "already closed"}
        body["webrtc_id"] = "0" * 32  # an id never given stays unknown
        assert http.post(f"{url}/gradio_api/webrtc/close", json=body).status_code == 404


def test_malformed_offers_get_readable_errors(video_app):
    url, _demo, cam = video_app
    post = f"{url}/gradio_api/webrtc/offer"
    with httpx.Client(timeout=30) as http:
        r = http.post(
            post, json={"sdp": "v=0\r\nnonsense", "type": "offer", "component_id": cam._id}
        )
        assert r.status_code == 400 and "offer" in r.json()["detail"]
        r = http.post(post, json={"sdp": "hello", "type": "offer", "component_id": cam._id})
        assert r.status_code == 400 and "v=0" in r.json()["detail"]
        r = http.post(post, json={"sdp": "v=0", "type": "answer", "component_id": cam._id})
        assert r.status_code == 400
        r = http.post(post, json={"sdp": "v=0", "type": "offer"})
        assert r.status_code == 400 and "component_id" in r.json()["detail"]
        r = http.post(post, json={"sdp": "v=0", "type": "offer", "component_id": 10_000})
        assert r.status_code == 404
        r = http.post(post, content=b"{not json", headers={"content-type": "application/json"})
        assert r.status_code == 400
    assert not cam.rtc_stream.peers


def test_ice_that_never_completes_is_closed_and_nothing_leaks(video_app):
    url, demo, cam = video_app
    rt = runtime(demo.server.app)

    def tasks() -> int:
        async def count():
            return len(asyncio.all_tasks())

        return asyncio.run_coroutine_threadsafe(count(), rt.loop).result(10)

    async def offers(n):
        made = []
        for _ in range(n):
            made.append(await connect(url, cam._id, [Pattern()], answer=False))
        return made

    def round_trip():
        async def go():
            pc, _ = await connect(url, cam._id, [Pattern()])
            await asyncio.wait_for(received(pc, "video").recv(), WAIT)
            await pc.close()

        asyncio.run(go())

    round_trip()  # warm: imports, codecs, worker threads
    assert wait_for(lambda: not cam.rtc_stream.peers)

    def other_threads() -> list[str]:
        """Threads that are not in a pool (the app's workers, the loop's executor, which
        aiortc encodes in): those pools may grow to their size and stay."""
        pools = (f"{rt.workers.name}-", "asyncio_")
        return [t.name for t in threading.enumerate() if not t.name.startswith(pools)]

    before = {"tasks": tasks(), "threads": len(other_threads()), "fds": open_fds()}

    async def full_then_unanswered():
        made = await offers(2)
        assert len(cam.rtc_stream.peers) == 2
        # the stream is full (concurrency_limit=2): a third is refused, readably
        pc = RTCPeerConnection()
        pc.addTrack(Pattern())
        await pc.setLocalDescription(await pc.createOffer())
        body = {"sdp": pc.localDescription.sdp, "type": "offer", "component_id": cam._id}
        async with httpx.AsyncClient(timeout=30) as http:
            r = await http.post(f"{url}/gradio_api/webrtc/offer", json=body)
            assert r.status_code == 429 and "at once" in r.json()["detail"]
            for _, webrtc_id in made:  # the page's close needs only the secret id
                closing = {"webrtc_id": webrtc_id, "component_id": cam._id}
                r = await http.post(f"{url}/gradio_api/webrtc/close", json=closing)
                assert r.status_code == 200
        await pc.close()
        assert not cam.rtc_stream.peers
        cam.rtc_stream.ice_timeout = 0.5
        made += await offers(1)  # ICE never completes: closed after the timeout
        return made

    loop = asyncio.new_event_loop()
    try:
        cam.rtc_stream.ice_timeout = 60
        made = loop.run_until_complete(full_then_unanswered())
        assert wait_for(lambda: not cam.rtc_stream.peers), "ICE timeout did not close it"
        for pc, _ in made:
            loop.run_until_complete(pc.close())
    finally:
        loop.close()
    round_trip()  # a client that leaves without a close: the transport notices
    assert wait_for(lambda: not cam.rtc_stream.peers)
    assert wait_for(lambda: tasks() <= before["tasks"]), (tasks(), before)
    assert wait_for(lambda: open_fds() <= before["fds"]), (open_fds(), before)  # UDP sockets
    assert wait_for(lambda: len(other_threads()) <= before["threads"]), (other_threads(), before)


def test_receive_mode_generator_is_closed_on_time_limit():
    finished = threading.Event()
    chunks = []

    def speak():
        try:
            while True:
                chunks.append(1)
                t = np.arange(2400) / 24000  # 100 ms of a 300 Hz tone (Opus drops DC)
                yield 24000, (np.sin(2 * np.pi * 300 * t) * 0.6).astype(np.float32)
        finally:
            finished.set()

    with gr.Blocks() as demo:
        out = WebRTC(modality="audio", mode="receive")
        out.stream(speak, inputs=[out], outputs=[out], time_limit=1.0)

    async def go(url):
        pc = RTCPeerConnection()
        pc.addTransceiver("audio", direction="recvonly")
        await pc.setLocalDescription(await pc.createOffer())
        body = {"sdp": pc.localDescription.sdp, "type": "offer", "component_id": out._id}
        async with httpx.AsyncClient(timeout=30) as http:
            r = await http.post(f"{url}/gradio_api/webrtc/offer", json=body)
        reply = r.json()
        await pc.setRemoteDescription(RTCSessionDescription(reply["sdp"], reply["type"]))
        track = received(pc, "audio")
        loud = 0
        try:
            for _ in range(200):
                frame = await asyncio.wait_for(track.recv(), WAIT)
                loud += np.abs(frame.to_ndarray().astype(float)).mean() > 2000
        except MediaStreamError:
            pass
        await pc.close()
        return loud

    with serve(demo) as url:
        loud = asyncio.run(go(url))
        assert loud > 5, "the generator's audio never arrived"
        assert finished.wait(WAIT), "the generator's finally never ran"
        assert wait_for(lambda: not out.rtc_stream.peers)


def test_an_ice_configuration_function_is_called_per_connection():
    calls = []

    def ice():
        calls.append(1)
        return {"iceServers": [{"urls": "stun:stun.example.org", "username": f"u{len(calls)}"}]}

    with gr.Blocks() as demo:
        cam = WebRTC(rtc_configuration=ice)
        cam.stream(lambda f: f, inputs=[cam], outputs=[cam])
        other = gr.Textbox()
    with serve(demo) as url, httpx.Client(timeout=30) as http:
        config = http.get(f"{url}/config").json()
        props = next(c["props"] for c in config["components"] if c["id"] == cam._id)
        assert props["rtc_configuration"] is None and props["rtc_configuration_fresh"] is True
        first = http.get(f"{url}/gradio_api/webrtc/config/{cam._id}").json()
        second = http.get(f"{url}/gradio_api/webrtc/config/{cam._id}").json()
        assert first["iceServers"][0]["username"] != second["iceServers"][0]["username"]
        assert http.get(f"{url}/gradio_api/webrtc/config/{other._id}").status_code == 404
        assert http.get(f"{url}/gradio_api/webrtc/config/x").status_code == 400


def test_close_all_ends_connections_no_event_holds(video_app):
    from rillet.server.webrtc import close_all

    url, demo, cam = video_app
    rt = runtime(demo.server.app)
    loop = asyncio.new_event_loop()
    try:
        pc, _ = loop.run_until_complete(connect(url, cam._id, [Pattern()], answer=False))
        assert len(cam.rtc_stream.peers) == 1
        asyncio.run_coroutine_threadsafe(close_all(rt), rt.loop).result(10)
        assert not cam.rtc_stream.peers
        loop.run_until_complete(pc.close())
    finally:
        loop.close()


class AsyncEcho(AsyncStreamHandler):
    """The echo as coroutines, run on the server's event loop."""

    def __init__(self, log: dict) -> None:
        super().__init__()
        self.log = log
        self.heard: asyncio.Queue = asyncio.Queue()

    def copy(self) -> AsyncEcho:
        return AsyncEcho(self.log)

    async def start_up(self) -> None:
        self.log["started"] = True

    async def receive(self, frame) -> None:
        await self.heard.put(frame)

    async def emit(self):
        try:
            return await asyncio.wait_for(self.heard.get(), 0.05)
        except asyncio.TimeoutError:
            return None

    async def shutdown(self) -> None:
        self.log["shutdown"].set()


def test_an_async_handler_echoes_on_the_loop(client_loop):
    log = {"shutdown": threading.Event()}
    with gr.Blocks() as demo:
        mic = WebRTC(modality="audio")
        mic.stream(AsyncEcho(log), inputs=[mic], outputs=[mic])

    async def go(url):
        pc, _ = await connect(url, mic._id, [Tone()])
        track = received(pc, "audio")
        loud = 0
        for _ in range(150):
            frame = await asyncio.wait_for(track.recv(), WAIT)
            loud += np.abs(frame.to_ndarray().astype(float)).mean() > 2000
            if loud >= 10:
                break
        await pc.close()
        return loud

    with serve(demo) as url:
        assert client_loop.run(go(url)) >= 10
        assert log.get("started") is True
        assert log["shutdown"].wait(WAIT)
        assert wait_for(lambda: not mic.rtc_stream.peers)


def test_gradio_client_sees_the_app_and_not_the_transports_events(video_app):
    from gradio_client import Client

    url, _demo, _cam = video_app
    client = Client(url + "/", verbose=False)
    api = client.view_api(return_format="dict", print_info=False)
    assert api["named_endpoints"] == {}  # tick/state_change are the page's, not the API's


def test_a_session_that_leaves_closes_its_connection(client_loop):
    """No close from the page (a crashed tab): once the session's stream has been gone
    for the disconnect grace, the stream's event is cancelled and closes the connection."""
    log = {"shapes": [], "shutdown": threading.Event()}
    with gr.Blocks() as demo:
        mic = WebRTC(modality="audio")
        mic.stream(Echo(log), inputs=[mic], outputs=[mic])
    demo.settings.disconnect_grace = 0.3
    session = uuid.uuid4().hex
    with serve(demo) as url:
        pc, webrtc_id = client_loop.run(connect(url, mic._id, [Tone()]))
        peer = mic.rtc_stream.peers[webrtc_id]
        tick = next(d for d in demo.spec.dependencies if (mic._id, "tick") in d.targets)
        with httpx.Client(timeout=30) as http:
            join = {"data": [webrtc_id], "fn_index": tick.id, "session_hash": session}
            assert http.post(f"{url}/gradio_api/queue/join", json=join).status_code == 200
            params = {"session_hash": session}
            with http.stream("GET", f"{url}/gradio_api/queue/data", params=params) as stream:
                for line in stream.iter_lines():
                    if '"process_starts"' in line:
                        break  # the event holds the connection; the page now vanishes
        assert log["shutdown"].wait(WAIT), "the connection outlived its session"
        assert peer.session_hash == session, "the tick event did not claim the connection"
        assert peer.reason == "the stream's event ended"
        client_loop.run(pc.close())
        assert wait_for(lambda: not mic.rtc_stream.peers)


class FallsSilent(Tone):
    """The tone for ``frames`` frames, then nothing, without closing: a tab that crashed or
    lost its network."""

    def __init__(self, frames: int) -> None:
        super().__init__()
        self.left = frames

    async def recv(self):
        if self.left == 0:
            await asyncio.Event().wait()  # never set: no more packets
        self.left -= 1
        return await super().recv()


def test_a_client_that_stops_sending_without_closing_is_closed(client_loop):
    """No close and the page's stream still open: the client's media stopping is what says
    it is gone, long before ICE would (~30 s)."""
    log = {"shapes": [], "shutdown": threading.Event()}
    with gr.Blocks() as demo:
        mic = WebRTC(modality="audio", mode="send-receive")
        mic.stream(Echo(log), inputs=[mic], outputs=[mic])
    with serve(demo) as url:
        pc, webrtc_id = client_loop.run(connect(url, mic._id, [FallsSilent(50)]))
        peer = mic.rtc_stream.peers[webrtc_id]
        assert wait_for(lambda: peer.frames_in >= 10), "no audio arrived"
        assert log["shutdown"].wait(WAIT), "the silent client's connection was kept"
        assert peer.reason == "the client stopped sending media"
        client_loop.run(pc.close())
