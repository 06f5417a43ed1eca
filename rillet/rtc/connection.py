"""One live connection of a stream, whatever carries its media: the part that drives the
handler. :class:`~rillet.rtc.peer.Peer` (WebRTC, over aiortc) and
:class:`~rillet.rtc.websocket.SocketPeer` (audio over a WebSocket) add their media I/O.

Per connection, on the server's event loop:

- input: the transport hands audio frames to :meth:`Connection._receive_audio` (converted
  to the handler's rate and layout, given to ``receive`` in order: a worker thread runs a
  ``StreamHandler``'s); video frames wait in a one-frame slot, newest wins, so a slow
  handler skips frames instead of falling behind;
- an emitter: ``emit()`` again and again (in a worker thread for a ``StreamHandler``),
  or the steps of a generator, or the frame function's results; audio goes to the
  transport's :meth:`Connection._push_audio` (once :meth:`Connection._audio_room` lets it;
  a chunk a barge-in cleared the queue after it was made is dropped), video to
  :meth:`Connection._send_video`,
  ``AdditionalOutputs`` to the component's ``on_additional_outputs`` event;
- the ``time_limit`` timer.

``close()`` (Stop, the client leaving, a limit, a failed transport) stops it all, closes the
transport and calls the handler's ``shutdown()`` (a generator is closed, its ``finally``
runs) in one step, once.

No aiortc here: a WebSocket connection does not load it.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import secrets
import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from rillet.rtc import frames
from rillet.rtc.handlers import AdditionalOutputs, AsyncStreamHandler

log = logging.getLogger("rillet")

#: Seconds ``emit()`` rests after answering None (nothing yet) before it is called again.
IDLE_EMIT = 0.005
#: Side outputs kept for the page while it is behind (the newest are kept).
MAX_SIDE_OUTPUTS = 64


class Connection:
    """One connection of an :class:`~rillet.rtc.stream.RtcStream`: its handler, tasks and
    timers. Subclasses carry the media (see the module's docstring)."""

    #: How logs name this kind of connection.
    label = "connection"

    def __init__(
        self,
        stream: Any,
        workers: Any,
        session_hash: str | None,
        connection_id: str | None = None,
        out_rate: int = frames.RATE,
    ) -> None:
        self.stream = stream
        self.workers = workers
        #: The connection's secret id (128 random bits unless the client chose one).
        self.id = connection_id or secrets.token_urlsafe(16)
        self.session_hash = session_hash
        self.handler = stream.new_handler()
        self._loop = asyncio.get_running_loop()
        self.closed = False
        self.reason: str | None = None
        self.ended = asyncio.Event()
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
        self._audio_converter = frames.AudioOut(out_rate)
        #: How many times the handler cleared the audio queue (a chunk made before the
        #: last clear is not played).
        self._cleared = 0
        #: Counters for tests and the bench.
        self.frames_in = 0
        self.frames_dropped = 0
        if self.stream.kind == "handler":
            self.handler.set_clear_queue(self.clear_queue)
            self.handler.set_hold_queue(self.hold_queue)

    # --- what a transport provides ------------------------------------------------------

    def notify(self, message: dict[str, Any]) -> None:
        """A message to the client (an error, the reason it closed), if it can take one."""

    def _clear_audio(self) -> None:
        """Drop the audio not played yet (on the event loop)."""

    def _hold_audio(self, on: bool) -> None:
        """Pause or resume the audio not played yet (on the event loop)."""

    async def _audio_room(self) -> None:
        """Wait until the transport's audio buffer has room (a fast producer is paced)."""

    def _push_audio(self, samples: Any) -> None:
        """Mono int16 samples at the transport's rate, to play after those sent before."""

    def _send_video(self, frame: Any) -> None:
        """An ``av.VideoFrame`` to show (the newest wins)."""

    def _side_output(self, outputs: AdditionalOutputs) -> None:
        """``AdditionalOutputs`` the handler emitted (besides the page's event)."""

    def _stop_media(self) -> None:
        """The connection is closing: stop sending media (before its tasks end)."""

    async def _close_transport(self) -> None:
        """The connection is closing: its tasks have ended; close what carries it."""

    # --- starting -----------------------------------------------------------------------

    def _begin(self) -> None:
        """The transport is up: the time limit runs, the handler starts."""
        limit = self.stream.time_limit
        if limit is not None:
            self._timers.append(
                self._loop.call_later(limit, lambda: self._spawn(self.close("time limit")))
            )
        self._spawn(self._run())

    def _spawn(self, coroutine: Any) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None and not self.closed:
            log.error("%s %s failed", self.label, self.id[:6], exc_info=task.exception())
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

    def clear_queue(self) -> None:
        """Drop the audio not played yet (the handler's ``clear_queue``); any thread. The
        resampler starts afresh too: the tail it holds of the old reply must not begin the
        next one."""
        self._audio_converter = frames.AudioOut(self._audio_converter.rate)
        self._cleared += 1
        self._on_loop(self._clear_audio)

    def hold_queue(self, on: bool) -> None:
        """Pause or resume the audio not played yet (the handler's ``hold_queue``); any
        thread."""
        self._on_loop(self._hold_audio, on)

    def _on_loop(self, fn: Callable[..., None], *args: Any) -> None:
        """Run ``fn(*args)`` on the connection's loop: now when called from it, else as
        soon as the loop is free."""
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is self._loop:
            fn(*args)
            return
        with contextlib.suppress(RuntimeError):  # the loop closed: nothing plays any more
            self._loop.call_soon_threadsafe(fn, *args)

    # --- input ------------------------------------------------------------------------

    def _audio_input(self) -> frames.AudioIn:
        """A converter of received audio to the handler's rate and layout."""
        return frames.AudioIn(
            getattr(self.handler, "input_sample_rate", frames.RATE),
            getattr(self.handler, "expected_layout", "mono"),
        )

    async def _receive_audio(self, convert: frames.AudioIn, frame: Any) -> None:
        """One received ``av.AudioFrame``, to the handler's ``receive``."""
        self.frames_in += 1
        if self.stream.kind != "handler":
            return
        for chunk in convert.convert(frame):
            await self._call(self.handler.receive, chunk)

    def _receive_video(self, frame: Any) -> None:
        """One received ``av.VideoFrame``: the newest, replacing one not taken yet."""
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
            clears = self._cleared
            if isinstance(handler, AsyncStreamHandler):
                made = self._prepared(await handler.emit())
            else:
                made = await self.workers.run(lambda: self._prepared(handler.emit()))
            if made is None:
                await asyncio.sleep(IDLE_EMIT)
                continue
            await self._deliver(made, clears)

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

    async def _deliver(self, made: Any, clears: int | None = None) -> None:
        """Send what a handler made; audio only while no clear came since ``clears``
        (the count read before it was made)."""
        if made is None or self.closed:
            return
        kind = made[0]
        value: Any = made[1] if len(made) > 1 else None
        if kind == "many":
            for part in value:
                await self._deliver(part, clears)
        elif kind == "audio":
            await self._audio_room()
            if clears is None or clears == self._cleared:
                self._push_audio(value)
        elif kind == "video":
            self._send_video(value)
        elif kind == "side":
            self.side_outputs.append(value)
            self.side_ready.set()
            self._side_output(value)

    async def _call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """A handler method: awaited if a coroutine function, else in a worker thread."""
        if inspect.iscoroutinefunction(fn):
            return await fn(*args)
        return await self.workers.run(fn, *args)

    # --- ending -----------------------------------------------------------------------

    async def close(self, reason: str = "closed") -> None:
        """End the connection, once: timers, media, tasks, the transport, then the
        handler's ``shutdown()`` (or the generator's close)."""
        if self.closed:
            return
        self.closed = True
        self.reason = reason
        log.debug("%s %s closing: %s", self.label, self.id[:6], reason)
        self.notify({"type": "closed", "reason": reason})
        self._cancel_timers()
        self._stop_media()
        current = asyncio.current_task()
        others = [task for task in self._tasks if task is not current]
        for task in others:
            task.cancel()
        self._video_ready.set()
        if others:  # let a cancelled generator step out before it is closed
            await asyncio.wait(others, timeout=0.5)
        await self._close_transport()
        await self._shut_handler()
        self.stream.forget(self)
        self.ended.set()
        self.side_ready.set()

    def _cancel_timers(self) -> None:
        for timer in self._timers:
            timer.cancel()
        self._timers.clear()

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
            log.warning("%s handler shutdown failed: %r", self.label, failed)

    def _close_generator(self) -> None:
        with self._step_lock:  # after a step in progress
            self._generator.close()
