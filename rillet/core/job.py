"""Running one queued event: preprocess, call, postprocess each result, send messages.

The user's function runs in its own task (the *producer*) and hands results over through
a small bounded buffer, so preparing one result (encoding an image, writing a file) never
holds the next step back. When results come faster than they can be prepared, the ones
waiting are merged: only the newest is prepared, and the text diff against what the client
already has covers the rest. Outputs whose policy is ``keep`` (media chunks) turn merging
off: every chunk is prepared and sent, in order. A yield that changes no output (every
one skipped) sends nothing.
"""

from __future__ import annotations

import asyncio
import logging
import time
import traceback
from collections.abc import AsyncIterator, Callable
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any

from rillet import protocol
from rillet.core import diff
from rillet.core.backends import runs_in_process
from rillet.core.errors import Error, InputError
from rillet.core.executor import Call, Executor, InProcess
from rillet.core.files import (FileOut, FileRefused, FileStore, check_inputs, inline_file_data,
                             resolve_outputs, writing_to)
from rillet.core.live import LiveFeed
from rillet.core.observer import EventObserver, Outcome
from rillet.core.outputs import is_update, postprocess_one, split_outputs, stream_policy
from rillet.core.request import Request, with_request
from rillet.core.session import Session
from rillet.core.spec import Dependency
from rillet.core.workers import Workers

log = logging.getLogger("rillet")

BUFFER = 4
#: Unsent messages in a session past which a slow client gets merged diffs.
MERGE_BACKLOG = 8
_DONE = object()


@dataclass
class _Failure:
    error: BaseException


@dataclass
class Job:
    """One event: a dependency called with one set of inputs, for one session."""

    event_id: str
    session: Session
    dep: Dependency
    data: list[Any]
    root_url: str = ""
    task: asyncio.Task[None] | None = None
    base: list[Any] | None = None
    current: list[Any] | None = None
    yields: int = 0
    #: Every payload of each ``keep`` output (media chunks), by output index.
    chunks: dict[int, list[Any]] = field(default_factory=dict)
    #: Per-output state of components that stream (``stream_chunk``), by output index.
    stream_state: dict[int, dict[str, Any]] = field(default_factory=dict)
    #: The chunks of a live (``.stream()``) event after the first.
    feed: LiveFeed | None = None
    #: The request that joined the event, for the function's ``gr.Request`` parameters.
    request: Request | None = None
    #: When the event joined the queue, and started (``time.monotonic()``).
    joined_at: float = field(default_factory=time.monotonic)
    started_at: float | None = None

    def __post_init__(self) -> None:
        if self.dep.connection == "stream":
            self.feed = LiveFeed(self.dep.time_limit)

    @property
    def live(self) -> bool:
        """True for a ``.stream()`` event: whole values, one call per chunk."""
        return self.feed is not None


@dataclass
class Processor:
    """What running a job needs: the file store, the worker threads (pre/postprocessing),
    the executor that runs the functions (by default those same threads), error policy."""

    store: FileStore
    workers: Workers
    show_error: bool = False
    durations: dict[int, tuple[float, int]] = field(default_factory=dict)
    executor: Executor | None = None
    #: Hears of each event's start, yields and end (the server's metrics); None: nobody.
    observer: EventObserver | None = None

    def __post_init__(self) -> None:
        self.in_process = InProcess(self.workers)
        if self.executor is None:
            self.executor = self.in_process

    def eta(self, dep: Dependency) -> float | None:
        """The mean duration of past runs of ``dep``."""
        total, count = self.durations.get(dep.id, (0.0, 0))
        return total / count if count else None

    async def run(self, job: Job) -> bool:
        """Run ``job`` to its end, sending every message; True on success."""
        send = job.session.send
        send(protocol.ProcessStarts(event_id=job.event_id, eta=self.eta(job.dep)))
        started = job.started_at = time.monotonic()
        if self.observer is not None:
            self.observer.started(job)
        try:
            if job.live:
                final = await self._stream(job)
            else:
                final = await self._call(job, await self._preprocess(job, job.data))
        except asyncio.CancelledError:
            send(protocol.ProcessCompleted(event_id=job.event_id, output={}, success=True))
            self._tell_end(job, "cancelled")
            return False
        except Exception as error:  # noqa: BLE001 - every failure becomes a message
            send(self._failure(job, error))
            self._tell_end(job, "failed")
            return False
        self._tell_end(job, "finished")
        duration = time.monotonic() - started
        if self._behind(job):  # a slow reader jumps to the final value
            job.session.drop_unsent(job.event_id)
        total, count = self.durations.get(job.dep.id, (0.0, 0))
        self.durations[job.dep.id] = (total + duration, count + 1)
        send(protocol.ProcessCompleted(
            event_id=job.event_id, success=True, cache_duration=duration,
            output=protocol.output(final, is_generating=False, duration=duration,
                                   average_duration=self.eta(job.dep)),
            avg_time=self.eta(job.dep)))
        return True

    def _tell_end(self, job: Job, outcome: Outcome) -> None:
        if self.observer is not None:
            self.observer.ended(job, outcome)

    def _failure(self, job: Job, error: Exception) -> protocol.ProcessCompleted:
        if isinstance(error, Error):
            if error.print_exception:
                log.warning("gr.Error in %s: %s", job.dep.api_name, error.message)
            out = protocol.error_output(error.message, duration=error.duration,
                                        visible=error.visible, title=error.title)
        elif isinstance(error, InputError):
            out = protocol.error_output(str(error))
        else:
            log.error("error in %s:\n%s", job.dep.api_name or f"fn {job.dep.id}",
                      "".join(traceback.format_exception(error)))
            shown = f"{type(error).__name__}: {error}" if self.show_error else None
            out = protocol.error_output(shown)
        return protocol.ProcessCompleted(event_id=job.event_id, output=out, success=False)

    async def _stream(self, job: Job) -> list[Any]:
        """Call the function on each chunk of a live event, newest first, until the
        stream ends; a chunk that cannot be read is skipped with a warning."""
        assert job.feed is not None
        data: list[Any] | None = job.data
        final = [None] * len(job.dep.outputs)
        while data is not None:
            try:
                args = await self._preprocess(job, data)
            except InputError as error:
                job.session.send(protocol.Log(event_id=job.event_id, log=str(error),
                                              level="warning", title="Warning"))
            else:
                final = await self._call(job, args)
            data = await job.feed.next()
        return final

    async def _preprocess(self, job: Job, data: list[Any]) -> list[Any]:
        inputs = job.dep.inputs
        if len(data) < len(inputs):
            raise InputError(f"expected {len(inputs)} input values, got {len(data)}")
        state = job.session.state

        def convert() -> list[Any]:
            with writing_to(self.store, job.session.files_key):
                return [one(block, payload) for block, payload in zip(inputs, data)]

        def one(block: Any, payload: Any) -> Any:
            if getattr(block, "stateful", False):
                if block._id not in state:
                    state[block._id] = deepcopy(block.value)
                return state[block._id]
            try:
                return block.preprocess(check_inputs(payload, self.store))
            except FileRefused as error:
                label = getattr(block, "label", None) or block.get_block_name()
                raise InputError(f"Invalid value for {label!r}: this app may not read "
                                 "that file") from error
            except (ValueError, TypeError, OSError) as error:
                label = getattr(block, "label", None) or block.get_block_name()
                raise InputError(f"Invalid value for {label!r}: {error}") from error

        if any(getattr(b, "heavy", False) for b in inputs):
            return await self._finish_in_worker(convert)
        return convert()

    async def _call(self, job: Job, args: list[Any]) -> list[Any]:
        assert job.dep.fn is not None
        buffer: asyncio.Queue[Any] = asyncio.Queue(BUFFER)
        calls = self._calls(job, args)
        producer = asyncio.create_task(self._produce(calls, buffer))
        policy = stream_policy(job.dep.outputs)
        try:
            while True:
                batch = [await buffer.get()]
                while not buffer.empty():
                    batch.append(buffer.get_nowait())
                values = [v for v in batch if v is not _DONE and not isinstance(v, _Failure)]
                behind = job.session.backlog() >= MERGE_BACKLOG
                if policy == "latest" or (policy == "diff" and behind):
                    values = values[-1:]
                for value in values:
                    await self._emit(job, value, policy != "keep")
                end = batch[-1]
                if isinstance(end, _Failure):
                    raise end.error
                if end is _DONE:
                    break
        finally:
            if not producer.done():
                producer.cancel()
                await asyncio.gather(producer, return_exceptions=True)
        if job.current is None:
            return [None] * len(job.dep.outputs)
        if job.live:
            return list(job.current)
        return await self._join_streams(job, list(job.current))

    async def _join_streams(self, job: Job, final: list[Any]) -> list[Any]:
        """Replace each streamed media output's last chunk by the whole stream, joined
        by its component, so the final value is one playable file.

        Components that stream define ``stream_chunk(value, state) -> payload`` (called
        for each yield instead of ``postprocess``, with a dict kept for the run; None
        when the chunk gives nothing to send yet; a ValueError skips that chunk with a
        warning to the user, and the stream goes on) and
        ``join_stream(chunk_payloads, state) -> FileOut | None``. Files they make go in
        the session's folder through :func:`rillet.core.files.new_file`."""
        joiners = {i: b for i, b in enumerate(job.dep.outputs)
                   if i in job.chunks and hasattr(b, "join_stream")}
        if not joiners:
            return final

        def join() -> list[Any]:
            with writing_to(self.store, job.session.files_key):
                for i, block in joiners.items():
                    joined = block.join_stream(job.chunks[i],
                                               job.stream_state.setdefault(i, {}))
                    if joined is not None:
                        final[i] = resolve_outputs(joined, self.store, job.root_url,
                                                   job.session.files_key)
            return final

        return await self._finish_in_worker(join)

    @staticmethod
    def _behind(job: Job) -> bool:
        """True when a reader is streaming but far behind, and the outputs' updates may
        be skipped (not media chunks, which are all played)."""
        session = job.session
        return (session.open_streams > 0 and session.backlog() >= MERGE_BACKLOG
                and stream_policy(job.dep.outputs) != "keep")

    async def _finish_in_worker(self, fn: Callable[[], Any]) -> Any:
        """``fn()`` in a worker thread. If the job is cancelled meanwhile, the call (which
        may be writing the session's files) is let finish before the cancel goes on, so
        that whoever waits for the job's end (to delete those files) waits for it too."""
        future = self.workers.start(fn)
        try:
            return await asyncio.shield(future)
        except asyncio.CancelledError:
            await asyncio.wait([future])
            raise

    @staticmethod
    def _progress_sink(job: Job) -> Callable[[list[dict[str, Any]]], None]:
        loop = asyncio.get_running_loop()

        def sink(data: list[dict[str, Any]]) -> None:
            message = protocol.Progress(event_id=job.event_id, progress_data=data)
            loop.call_soon_threadsafe(job.session.send, message)
        return sink

    def _calls(self, job: Job, args: list[Any]) -> AsyncIterator[Any]:
        """The results of ``job``'s function, from the executor."""
        assert job.dep.fn is not None and self.executor is not None
        store, owner = self.store, job.session.files_key

        def keep_file(data: bytes, name: str) -> str:
            return str(store.put_bytes(data, name, owner))

        executor = self.in_process if runs_in_process(job.dep.fn) else self.executor
        args, by_name = with_request(job.dep.fn, args, job.request)
        return executor.iterate(Call(job.dep.fn, args, self._progress_sink(job),
                                     job.dep.ray_options, keep_file, by_name))

    async def _produce(self, calls: AsyncIterator[Any], buffer: asyncio.Queue[Any]) -> None:
        try:
            async for item in calls:
                await buffer.put(item)
        except asyncio.CancelledError:
            raise
        except BaseException as error:  # noqa: BLE001 - handed to the consumer
            await buffer.put(_Failure(error))
        else:
            await buffer.put(_DONE)
        finally:
            # Cancelled while waiting for room in the buffer, the call is paused at a
            # yield: close it now (its finally runs), not whenever it is collected.
            close = getattr(calls, "aclose", None)
            if close is not None:
                await close()

    async def _emit(self, job: Job, value: Any, mergeable: bool) -> None:
        payloads = await self._postprocess(job, value)
        job.yields += 1
        if self.observer is not None:
            self.observer.yielded(job)
        previous = job.current or [None] * len(payloads)
        for i, block in enumerate(job.dep.outputs):
            if (getattr(block, "stream_policy", "diff") == "keep" and payloads[i] is not None
                    and payloads[i] is not previous[i]):
                job.chunks.setdefault(i, []).append(payloads[i])
        if job.live:
            job.current = payloads
            job.session.send_latest(protocol.ProcessStreaming(
                event_id=job.event_id, output=protocol.output(payloads, is_generating=True),
                time_limit=job.feed.time_left() if job.feed else None))
            return
        if not job.dep.generator:
            job.current = payloads
            return
        if job.current is not None and all(p is q for p, q in zip(payloads, previous)):
            return  # nothing changed (skipped outputs, a chunk with nothing to play yet)
        session = job.session
        if (mergeable and job.current is not None and session.backlog() >= MERGE_BACKLOG
                and session.replace_unsent(
                self._generating(job, job.base, payloads))):
            job.current = payloads
            return
        job.base, job.current = job.current, payloads
        session.send(self._generating(job, job.base, payloads))

    def _generating(self, job: Job, base: list[Any] | None,
                    payloads: list[Any]) -> protocol.ProcessGenerating:
        data = payloads if base is None else [
            diff.diff(old, new) for old, new in zip(base, payloads)]
        return protocol.ProcessGenerating(
            event_id=job.event_id, output=protocol.output(data, is_generating=True))

    async def _postprocess(self, job: Job, value: Any) -> list[Any]:
        outputs = job.dep.outputs
        values = split_outputs(value, outputs)
        previous = job.current or [None] * len(outputs)
        skipped: list[str] = []

        def convert() -> list[Any]:
            with writing_to(self.store, job.session.files_key):
                return [self._payload(job, i, item, prev, skipped)
                        for i, (item, prev) in enumerate(zip(values, previous))]

        if any(getattr(b, "heavy", False) for b in outputs):
            result = await self._finish_in_worker(convert)
        else:
            result = convert()
        for message in skipped:
            log.warning("%s", message)
            job.session.send(protocol.Log(event_id=job.event_id, log=message, level="warning",
                                          title="Warning"))
        return result

    def _payload(self, job: Job, i: int, item: Any, prev: Any, skipped: list[str]) -> Any:
        """The payload of output ``i`` for ``item``; ``prev`` (the same object) when the
        output is skipped, or when a stream chunk gives nothing or fails (``skipped``
        gets the reason: one bad chunk does not end the stream)."""
        block = job.dep.outputs[i]
        if is_update(item) and len(item) == 1:
            return prev
        if getattr(block, "stateful", False):
            if not is_update(item):
                job.session.state[block._id] = item
            return None  # a State's value stays on the server
        frames = job.live and getattr(block, "stream_policy", "diff") == "latest"
        if (job.dep.generator or frames) and hasattr(block, "stream_chunk") and not is_update(item):
            try:
                payload = block.stream_chunk(item, job.stream_state.setdefault(i, {}))
            except ValueError as error:
                label = getattr(block, "label", None) or block.get_block_name()
                skipped.append(f"{label}: skipped a chunk of the stream: {error}")
                return prev
            if payload is None:
                return prev
        else:
            payload = postprocess_one(block, item)
        if not getattr(block, "holds_files", True):
            return payload  # nothing to store: skip the walk over the whole payload
        if job.live and isinstance(payload, FileOut) and payload.data is not None:
            return inline_file_data(payload)  # a live frame: no file to write, then fetch
        return resolve_outputs(payload, self.store, job.root_url, job.session.files_key)
