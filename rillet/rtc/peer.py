"""One WebRTC connection: an aiortc ``RTCPeerConnection``, its handler and its tasks.

Per connection, on the server's event loop:

- a reader per received track: audio frames are converted to the handler's rate and
  layout and given to ``receive`` in order (a worker thread runs a ``StreamHandler``'s);
  video frames wait in a one-frame slot, newest wins, so a slow handler skips frames
  instead of falling behind;
- an emitter: ``emit()`` again and again (in a worker thread for a ``StreamHandler``),
  or the steps of a generator, or the frame function's results; audio goes to the
  ``AudioOutput`` buffer, video to the ``VideoOutput``, ``AdditionalOutputs`` to the
  component's ``on_additional_outputs`` event;
- timers: ICE that does not connect within ``ice_timeout``, and ``time_limit``.

``close()`` (Stop, the page leaving, a limit, a failed transport) stops it all, closes the
peer connection and calls the handler's ``shutdown()`` (a generator is closed, its
``finally`` runs) in one step, once.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import inspect
import json
import logging
import secrets
import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from aiortc import (
    RTCConfiguration,
    RTCIceServer,
    RTCPeerConnection,
    RTCSessionDescription,
)
from aiortc.mediastreams import MediaStreamError

from rillet.rtc import frames
from rillet.rtc.handlers import AdditionalOutputs, AsyncStreamHandler
from rillet.rtc.stream import OfferRefused
from rillet.rtc.tracks import AudioOutput, VideoOutput

log = logging.getLogger("rillet")

#: Seconds ``emit()`` rests after answering None (nothing yet) before it is called again.
IDLE_EMIT = 0.005
#: Side outputs kept for the page while it is behind (the newest are kept).
MAX_SIDE_OUTPUTS = 64
#: Seconds without a media packet from a client that was sending before the connection is
#: taken for gone: a crashed tab or a dropped network sends no close, and ICE would only
#: notice after ~30 s. Browsers send audio every 20 ms (silence too) and video at the
#: camera's rate, so a live client never pauses this long.
MEDIA_SILENCE = 0.75
#: Seconds between two looks at the client's last packet.
WATCH_EVERY = 0.25


class Peer:
    """One connection of an :class:`~rillet.rtc.stream.RtcStream`."""

    def __init__(self, stream: Any, workers: Any, session_hash: str | None) -> None:
        self.stream = stream
        self.workers = workers
        self.id = secrets.token_urlsafe(16)
        self.session_hash = session_hash
        self.handler = stream.new_handler()
        self._loop = asyncio.get_running_loop()
        self.pc = RTCPeerConnection(_configuration(stream.server_rtc_configuration))
        self.audio_out: AudioOutput | None = None
        self.video_out: VideoOutput | None = None
        self.closed = False
        self.reason: str | None = None
        self.ended = asyncio.Event()
        self.connected = asyncio.Event()
        self.args: list[Any] = []
        self.args_ready = asyncio.Event()
        if stream.extra_inputs == 0:
            self.args_ready.set()
        self.side_outputs: deque[AdditionalOutputs] = deque(maxlen=MAX_SIDE_OUTPUTS)
        self.side_ready = asyncio.Event()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._timers: list[asyncio.TimerHandle] = []
        self._latest_video: Any = None
        self._video_ready = asyncio.Event()
        self._generator: Any = None
        self._step_lock = threading.Lock()
        self._channel: Any = None
        self._audio_converter = frames.AudioOut()
        self._heard = False  # a media packet came from the client
        self._watch: asyncio.TimerHandle | None = None  # the next look at its last packet
        #: Counters for tests and the bench.
        self.frames_in = 0
        self.frames_dropped = 0
        if self.stream.kind == "handler":
            self.handler.set_clear_queue(self.clear_queue)

    # --- setting up -------------------------------------------------------------------

    async def answer(self, sdp: str) -> RTCSessionDescription:
        """Take the client's offer; the answer, with the server's tracks in it."""
        self.pc.on("track", self._on_track)
        self.pc.on("connectionstatechange", self._on_state)
        self.pc.on("datachannel", self._on_channel)
        await self.pc.setRemoteDescription(RTCSessionDescription(sdp=sdp, type="offer"))
        kinds = {t.kind for t in self.pc.getTransceivers()}
        wanted = {k for k in ("audio", "video") if k in self.stream.modality}
        if not kinds & wanted:
            raise OfferRefused(
                400,
                f"the offer has no {' or '.join(sorted(wanted))} track: this stream's "
                f"modality is {self.stream.modality!r}",
            )
        if self.stream.mode != "send":
            if "audio" in self.stream.modality and "audio" in kinds:
                self.audio_out = AudioOutput()
                self.pc.addTrack(self.audio_out)
            if "video" in self.stream.modality and "video" in kinds:
                self.video_out = VideoOutput()
                self.pc.addTrack(self.video_out)
        await self.pc.setLocalDescription(await self.pc.createAnswer())
        loop = asyncio.get_running_loop()
        self._timers.append(loop.call_later(self.stream.ice_timeout, self._ice_deadline))
        return self.pc.localDescription

    def _on_track(self, track: Any) -> None:
        if track.kind == "audio" and "audio" in self.stream.modality:
            self._spawn(self._read_audio(track))
        elif track.kind == "video" and "video" in self.stream.modality:
            self._spawn(self._read_video(track))

    def _on_channel(self, channel: Any) -> None:
        self._channel = channel

    async def _on_state(self) -> None:
        state = self.pc.connectionState
        if state == "connected" and not self.connected.is_set():
            self.connected.set()
            self._started()
        elif state in ("failed", "closed"):
            await self.close(f"connection {state}")

    def _started(self) -> None:
        """ICE and DTLS are up: the time limit runs, the handler starts."""
        limit = self.stream.time_limit
        if limit is not None:
            loop = asyncio.get_running_loop()
            self._timers.append(
                loop.call_later(limit, lambda: self._spawn(self.close("time limit")))
            )
        self._spawn(self._run())
        self._watch_media(self._loop.time())

    def _watch_media(self, due: float) -> None:
        """Close the connection once its client, which was sending media, has sent none for
        :data:`MEDIA_SILENCE` seconds. A look the event loop ran late is skipped: packets
        that waited for the busy loop are not read yet."""
        if self.closed:
            return
        now = self._loop.time()
        silent = self._silent_for()
        if now - due < WATCH_EVERY and silent is not None and silent > MEDIA_SILENCE:
            log.info("WebRTC connection %s: no media for %.1f s; closing it", self.id[:6], silent)
            self._spawn(self.close("the client stopped sending media"))
            return
        self._watch = self._loop.call_later(WATCH_EVERY, self._watch_media, now + WATCH_EVERY)

    def _silent_for(self) -> float | None:
        """Seconds since the client's last media packet; None before its first."""
        heard = [
            source.timestamp
            for receiver in self.pc.getReceivers()
            for source in receiver.getSynchronizationSources()
        ]
        if heard:
            self._heard = True
            return (datetime.datetime.now(datetime.timezone.utc) - max(heard)).total_seconds()
        return float("inf") if self._heard else None  # sources older than 10 s are not listed

    def _ice_deadline(self) -> None:
        if not self.connected.is_set() and not self.closed:
            log.info("WebRTC connection %s: ICE did not complete; closing it", self.id[:6])
            self._spawn(self.close("ICE did not complete in time"))

    def _spawn(self, coroutine: Any) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None and not self.closed:
            log.error("WebRTC connection %s failed", self.id[:6], exc_info=task.exception())
            self.notify({"type": "error", "message": str(task.exception())})
            self._spawn(self.close("the handler failed"))

    # --- the other inputs, the side outputs -------------------------------------------

    def set_args(self, args: list[Any]) -> None:
        """The values of the stream's other inputs (from the component's events)."""
        self.args = list(args)
        if self.stream.kind == "handler":
            self.handler.set_args(self.args)
        self.args_ready.set()

    async def side_outputs_stream(self) -> Any:
        """Each ``AdditionalOutputs`` the handler emits, until the connection ends."""
        while True:
            while self.side_outputs:
                yield self.side_outputs.popleft()
            if self.closed:
                return
            self.side_ready.clear()
            waiter = asyncio.ensure_future(self.side_ready.wait())
            ender = asyncio.ensure_future(self.ended.wait())
            try:
                await asyncio.wait([waiter, ender], return_when=asyncio.FIRST_COMPLETED)
            finally:
                waiter.cancel()
                ender.cancel()

    def notify(self, message: dict[str, Any]) -> None:
        """A message to the page over the data channel it opened (if any)."""
        channel = self._channel
        if channel is not None and channel.readyState == "open":
            with contextlib.suppress(Exception):
                channel.send(json.dumps(message))

    def clear_queue(self) -> None:
        """Drop the audio not played yet (the handler's ``clear_queue``); any thread."""
        if self.audio_out is None:
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is self._loop:
            self.audio_out.clear()
            return
        with contextlib.suppress(RuntimeError):  # the loop closed: nothing plays any more
            self._loop.call_soon_threadsafe(self.audio_out.clear)

    # --- input ------------------------------------------------------------------------

    async def _read_audio(self, track: Any) -> None:
        handler = self.handler
        convert = frames.AudioIn(
            getattr(handler, "input_sample_rate", frames.RATE),
            getattr(handler, "expected_layout", "mono"),
        )
        while not self.closed:
            try:
                frame = await track.recv()
            except MediaStreamError:
                await self.close("the client's audio ended")
                return
            self.frames_in += 1
            if self.stream.kind != "handler":
                continue
            for chunk in convert.convert(frame):
                await self._call(handler.receive, chunk)

    async def _read_video(self, track: Any) -> None:
        while not self.closed:
            try:
                frame = await track.recv()
            except MediaStreamError:
                await self.close("the client's video ended")
                return
            self.frames_in += 1
            if self._latest_video is not None:
                self.frames_dropped += 1
            self._latest_video = frame
            self._video_ready.set()

    async def _next_video(self) -> Any:
        """The newest received video frame not taken yet, waiting for one."""
        await self._video_ready.wait()
        self._video_ready.clear()
        frame, self._latest_video = self._latest_video, None
        return frame

    # --- output -----------------------------------------------------------------------

    async def _run(self) -> None:
        """Start the handler and drive its output until the connection closes."""
        await self.args_ready.wait()
        if self.stream.kind == "frames":
            await self._run_frames()
        elif self.stream.kind == "generator":
            await self._run_generator()
        else:
            await self._call(self.handler.start_up)
            if "video" in self.stream.modality and self.stream.mode != "receive":
                self._spawn(self._feed_video())
            await self._run_emit()

    async def _run_frames(self) -> None:
        """A plain function on the newest frame each time: frame in, frame out."""
        while not self.closed:
            frame = await self._next_video()
            made = await self.workers.run(self._apply_frames, frame, list(self.args))
            await self._deliver(made)

    def _apply_frames(self, frame: Any, args: list[Any]) -> Any:
        result = self.stream.fn(frames.video_to_array(frame), *args)
        return self._prepared(result)

    async def _feed_video(self) -> None:
        """A handler's ``receive`` on the newest frame each time."""
        while not self.closed:
            frame = await self._next_video()
            image = await self.workers.run(frames.video_to_array, frame)
            await self._call(self.handler.receive, image)

    async def _run_emit(self) -> None:
        handler = self.handler
        while not self.closed:
            if isinstance(handler, AsyncStreamHandler):
                made = self._prepared(await handler.emit())
            else:
                made = await self.workers.run(lambda: self._prepared(handler.emit()))
            if made is None:
                await asyncio.sleep(IDLE_EMIT)
                continue
            await self._deliver(made)

    async def _run_generator(self) -> None:
        """A generator function (``mode="receive"``) on the other inputs' values."""
        fn = self.stream.fn
        if inspect.isasyncgenfunction(fn):
            self._generator = fn(*self.args)
            async for item in self._generator:
                if self.closed:
                    return
                await self._deliver(self._prepared(item))
            return
        self._generator = await self.workers.run(fn, *self.args)
        while not self.closed:
            step = await self.workers.run(self._step)
            if step is None:
                return
            await self._deliver(step)

    def _step(self) -> Any:
        """One step of the generator (worker thread): its item prepared (``("none", None)``
        for a None it yielded), or None at its end."""
        with self._step_lock:
            if self.closed:
                return None
            try:
                item = next(self._generator)
            except StopIteration:
                return None
            return self._prepared(item) or ("none", None)

    def _prepared(self, item: Any) -> Any:
        """What a handler made, made ready to send (worker thread: the costly part):
        ``("audio", samples)``, ``("video", frame)``, ``("side", outputs)``, a tuple of
        those, or None."""
        if item is None:
            return None
        if isinstance(item, AdditionalOutputs):
            return ("side", item)
        if frames.is_audio(item):
            return ("audio", self._audio_converter.convert(item[0], item[1]))
        if frames.is_video(item):
            return ("video", frames.array_to_video(item, 0))
        if isinstance(item, tuple):
            parts = [self._prepared(part) for part in item]
            return ("many", [p for p in parts if p is not None])
        raise TypeError(
            f"a handler sent {type(item).__name__}: send (rate, samples) for audio, an "
            "image array for video, AdditionalOutputs(...) or None"
        )

    async def _deliver(self, made: Any) -> None:
        if made is None or self.closed:
            return
        kind = made[0]
        value: Any = made[1] if len(made) > 1 else None
        if kind == "many":
            for part in value:
                await self._deliver(part)
        elif kind == "audio" and self.audio_out is not None:
            await self.audio_out.wait_room()
            self.audio_out.push(value)
        elif kind == "video" and self.video_out is not None:
            self.video_out.push(value)
        elif kind == "side":
            self.side_outputs.append(value)
            self.side_ready.set()

    async def _call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """A handler method: awaited if a coroutine function, else in a worker thread."""
        if inspect.iscoroutinefunction(fn):
            return await fn(*args)
        return await self.workers.run(fn, *args)

    # --- ending -----------------------------------------------------------------------

    async def close(self, reason: str = "closed") -> None:
        """End the connection, once: tracks, tasks, timers, the peer connection, then the
        handler's ``shutdown()`` (or the generator's close)."""
        if self.closed:
            return
        self.closed = True
        self.reason = reason
        log.debug("WebRTC connection %s closing: %s", self.id[:6], reason)
        self.notify({"type": "closed", "reason": reason})
        for timer in [*self._timers, self._watch]:
            if timer is not None:
                timer.cancel()
        self._timers.clear()
        for track in (self.audio_out, self.video_out):
            if track is not None:
                track.stop()
        current = asyncio.current_task()
        others = [task for task in self._tasks if task is not current]
        for task in others:
            task.cancel()
        self._video_ready.set()
        if others:  # let a cancelled generator step out before it is closed
            await asyncio.wait(others, timeout=0.5)
        try:
            await asyncio.wait_for(self.pc.close(), 2.0)
        except Exception as failed:  # noqa: BLE001 - closing a broken transport
            log.debug("closing WebRTC connection %s: %r", self.id[:6], failed)
        await self._shut_handler()
        self.stream.forget(self)
        self.ended.set()
        self.side_ready.set()

    async def _shut_handler(self) -> None:
        try:
            if self.stream.kind == "handler":
                await self._call(self.handler.shutdown)
            elif self._generator is not None:
                if inspect.isasyncgen(self._generator):
                    await self._generator.aclose()
                else:
                    await self.workers.run(self._close_generator)
        except Exception as failed:  # noqa: BLE001 - the handler's own code
            log.warning("WebRTC handler shutdown failed: %r", failed)

    def _close_generator(self) -> None:
        with self._step_lock:  # after a step in progress
            self._generator.close()


def _configuration(given: dict[str, Any] | None) -> RTCConfiguration | None:
    """aiortc's configuration of a browser-style ``{"iceServers": [...]}`` dict."""
    if not given:
        return None
    servers = []
    for server in given.get("iceServers", []):
        servers.append(
            RTCIceServer(
                urls=server.get("urls"),
                username=server.get("username"),
                credential=server.get("credential"),
            )
        )
    return RTCConfiguration(iceServers=servers)
