"""Running one queued event: its inputs read, its function called, each result sent.

Each result of the function goes through the streams of the event's outputs
(:mod:`rillet.core.contract`): *prepare* (postprocessing, encoding: in a worker thread when
an output is heavy) → *commit* (on the event loop: what the client is sent of each output)
→ *send* (:mod:`rillet.core.sending`: the first result whole, then edits). The function
runs ahead meanwhile, its results waiting in a small bounded buffer
(:mod:`rillet.core.results`): when several wait, only the newest is prepared (its edits
cover the others), unless an output keeps every one (media chunks, in order).
"""

from __future__ import annotations

import asyncio
import copy
import functools
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from rillet import protocol
from rillet.core import inputs, render, validation
from rillet.core.backends import runs_in_process
from rillet.core.batching import Batch
from rillet.core.contract import Run
from rillet.core.errors import InputError
from rillet.core.executor import Call, Executor, InProcess
from rillet.core.failures import failure
from rillet.core.files import FileRefused, FileStore, check_inputs
from rillet.core.live import LiveFeed
from rillet.core.notices import Notices
from rillet.core.notices import current as notices_var
from rillet.core.observer import EventObserver, Outcome
from rillet.core.outputs import Files, Outputs
from rillet.core.request import Request, with_request
from rillet.core.results import Results
from rillet.core.sending import Sender
from rillet.core.session import Session
from rillet.core.spec import Dependency
from rillet.core.workers import Workers

log = logging.getLogger("rillet")
T = TypeVar("T")


@dataclass(eq=False)
class Job:
    """One event: a dependency called with one set of inputs, for one session. Jobs are
    equal only to themselves (``job in waiting`` must not compare their fields)."""

    event_id: str
    session: Session
    dep: Dependency
    data: list[Any]
    root_url: str = ""
    task: asyncio.Task[None] | None = None
    yields: int = 0
    #: The chunks of a live (``.stream()``) event after the first.
    feed: LiveFeed | None = None
    #: ``batch=True``: the call this event shares with others, and its place in it.
    batch: Batch | None = None
    batch_index: int = 0
    # --- @gr.render (rillet/core/render.py) ---
    #: The session's renders (its blocks and events), for a render dependency's job.
    renders: render.SessionRenders | None = None
    #: What the render made, sent with the completion as ``render_config``.
    rendered: render.Rendered | None = None
    # --- end @gr.render ---
    #: The request that joined the event, for the function's ``gr.Request`` parameters.
    request: Request | None = None
    #: What the page sent of the event that started it (``trigger_id`` and
    #: ``event_data``), for the function's ``gr.EventData`` parameters.
    trigger_id: int | None = None
    event_data: Any = None
    #: When the event joined the queue, and started (``time.monotonic()``).
    joined_at: float = field(default_factory=time.monotonic)
    started_at: float | None = None
    #: Its task was told to stop (once: a second cancel would cut short its ``finally``).
    stopping: bool = False
    #: The streams of the outputs, from the start of the run (kept across a live event's calls).
    outputs: Outputs = field(init=False, repr=False)
    #: The job's messages of results.
    sender: Sender = field(init=False, repr=False)
    #: The function is a generator (looked up once: it is asked at every result).
    generator: bool = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.dep.connection == "stream":
            self.feed = LiveFeed(self.dep.time_limit)
        self.sender = Sender(self.event_id, self.session)
        self.generator = self.dep.generator

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

    async def refusal(
        self, dep: Dependency, session: Session, data: list[Any]
    ) -> list[dict[str, Any]] | None:
        """``validator=``: the per-input verdicts when ``dep``'s validator refuses the
        inputs ``data`` (before the event is queued), else None."""
        if dep.preprocess:
            convert = functools.partial(
                inputs.arguments, dep.inputs, data, self.store, session.files_key, session.state
            )
            args = await self.workers.run(convert)
        else:
            args = payloads(dep.inputs, data, self.store, session.state)
        args, named = by_keyword(dep, args)
        return await validation.refusal(dep, args, named, self.workers.run)

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
        marks = render.state_marks(job)  # gr.State values before the call (changed_state_ids)
        try:
            job.outputs = self._outputs(job)
            final = await (self._live(job) if job.live else self._once(job))
        except asyncio.CancelledError:
            job.sender.cancelled()
            self._tell_end(job, "cancelled")
            return False
        except Exception as error:  # noqa: BLE001 - every failure becomes a message
            send(
                failure(
                    job.event_id, job.dep.api_name or f"fn {job.dep.id}", error, self.show_error
                )
            )
            self._tell_end(job, "failed")
            return False
        finally:
            if job.batch is not None:  # its batch no longer waits for it
                job.batch.leave(job.batch_index)
        self._tell_end(job, "finished")
        duration = time.monotonic() - started
        if job.outputs.policy != "keep" and job.sender.reader_behind():
            job.session.drop_unsent(job.event_id)  # it jumps to the final value
        if job.dep.rendered_in is None:  # a render's events are per session: no mean kept
            total, count = self.durations.get(job.dep.id, (0.0, 0))
            self.durations[job.dep.id] = (total + duration, count + 1)
        changed = render.changed_states(job, marks)
        if job.rendered is not None or changed:  # @gr.render redraws; State .change fires
            job.session.send(render.completed(job, final, duration, self.eta(job.dep), changed))
        else:
            job.sender.completed(final, duration, self.eta(job.dep))
        return True

    def _tell_end(self, job: Job, outcome: Outcome) -> None:
        if self.observer is not None:
            self.observer.ended(job, outcome)

    def _outputs(self, job: Job) -> Outputs:
        run = Run(generator=job.dep.generator, live=job.live, state=job.session.state)
        files = Files(self.store, job.session.files_key, job.root_url, inline=job.live)
        outputs = [] if job.dep.render is not None else job.dep.outputs  # @gr.render: none
        if not job.dep.postprocess:
            outputs = [unprocessed(block) for block in outputs]
        return Outputs(outputs, run, files)

    async def _once(self, job: Job) -> list[Any]:
        """Call the function once; the final value of each output."""
        await self._call(job, await self._arguments(job, job.data))
        last_step = job.outputs.last_step()
        if last_step is None:
            return job.outputs.final_values()
        return await self._in_worker(last_step)

    async def _live(self, job: Job) -> list[Any]:
        """Call the function on each chunk of a live event, newest first, until the
        stream ends; a chunk that cannot be read is skipped with a warning."""
        assert job.feed is not None
        data: list[Any] | None = job.data
        while data is not None:
            try:
                args = await self._arguments(job, data)
            except InputError as error:
                job.sender.warning(str(error))
            else:
                await self._call(job, args)
            data = await job.feed.next()
        return job.outputs.values()

    async def _arguments(self, job: Job, data: list[Any]) -> list[Any]:
        blocks = job.dep.inputs
        if not job.dep.preprocess:
            return payloads(blocks, data, self.store, job.session.state)
        convert = functools.partial(
            inputs.arguments, blocks, data, self.store, job.session.files_key, job.session.state
        )
        if inputs.heavy(blocks):
            return await self._in_worker(convert)
        return convert()

    async def _call(self, job: Job, args: list[Any]) -> None:
        """Call the function and send its results, as fast as the client takes them; its
        ``gr.Info``... notices go out in order with them."""
        notices = Notices(
            send=lambda message: job.session.send(replace(message, event_id=job.event_id)),
            produced=lambda: results.produced,
            loop=asyncio.get_running_loop(),
        )
        token = notices_var().set(notices)
        try:
            results = Results(self._calls(job, args))  # its task sees the notices
        finally:
            notices_var().reset(token)
        policy = job.outputs.policy
        try:
            while True:
                batch = await results.batch()
                values = batch.values
                if policy == "latest" or (policy == "diff" and job.sender.behind()):
                    for _ in values[:-1]:
                        notices.handled_one()  # merged into the newest
                    values = values[-1:]
                for value in values:
                    notices.flush()  # those issued before this result was made
                    await self._emit(job, value, mergeable=policy != "keep")
                    notices.handled_one()
                if batch.error is not None:
                    raise batch.error
                if batch.ended:
                    return
        finally:
            notices.flush(everything=True)
            await results.close()

    async def _emit(self, job: Job, value: Any, mergeable: bool) -> None:
        """prepare → commit → send one result of the function."""
        outputs = job.outputs
        if outputs.heavy:
            prepared = await self._in_worker(functools.partial(outputs.prepare, value))
        else:
            prepared = outputs.prepare(value)
        for message in prepared.skipped:
            log.warning("%s", message)
            job.sender.warning(message)
        job.yields += 1
        if self.observer is not None:
            self.observer.yielded(job)
        sent = outputs.commit(prepared.payloads)
        if job.feed is not None:
            job.sender.latest(outputs.values(), job.feed.time_left())
        elif job.generator:
            job.sender.generating(sent, outputs.values(), mergeable)

    async def _in_worker(self, fn: Callable[[], T]) -> T:
        """``fn()`` in a worker thread. If the job is cancelled meanwhile, the call (which
        may be writing the session's files) is let finish before the cancel goes on, so
        that whoever waits for the job's end (to delete those files) waits for it too."""
        future = self.workers.start(fn)
        try:
            return await asyncio.shield(future)
        except asyncio.CancelledError:
            await asyncio.wait([future])
            raise

    def _calls(self, job: Job, args: list[Any]) -> AsyncIterator[Any]:
        """The results of ``job``'s function, from the executor."""
        assert job.dep.fn is not None and self.executor is not None
        store, owner = self.store, job.session.files_key

        def keep_file(data: bytes, name: str) -> str:
            return str(store.put_bytes(data, name, owner))

        executor = self.in_process if runs_in_process(job.dep.fn) else self.executor
        target = job.dep.spec.blocks.get(job.trigger_id) if job.trigger_id is not None else None
        args, named = by_keyword(job.dep, args)
        progress = job.sender.progress_sink()
        fn = user_fn = job.dep.fn
        if job.dep.render is not None:  # @gr.render: drawn here, in this session's spec
            fn, executor = render.drawing(job, self.store), self.in_process

        def start(args: list[Any]) -> AsyncIterator[Any]:
            args, by_name = with_request(user_fn, args, job.request, (target, job.event_data))
            by_name.update(named)
            call = Call(fn, args, progress, job.dep.ray_options, keep_file, by_name)
            return executor.iterate(call)

        if job.batch is not None:
            return job.batch.results(job.batch_index, args, start)
        return start(args)


def by_keyword(dep: Dependency, args: list[Any]) -> tuple[list[Any], dict[str, Any]]:
    """The function's positional and keyword arguments: the values of ``inputs_kwargs``
    by name; the inputs given as a set, one dict (component -> value), as in Gradio."""
    named: dict[str, Any] = {}
    if dep.keyword_inputs:
        count = len(dep.keyword_inputs)
        named = dict(zip(dep.keyword_inputs, args[-count:], strict=True))
        args = args[:-count]
    if dep.inputs_as_dict:
        args = [dict(zip(dep.inputs, args, strict=False))]
    return args, named


def payloads(
    blocks: list[Any], data: list[Any], store: FileStore, state: dict[int, Any]
) -> list[Any]:
    """``preprocess=False``: the payloads as the client sent them (files it names must
    still be ones it may read), and each ``gr.State``'s session value."""
    values = []
    for block, payload in zip(blocks, data, strict=False):
        if block.stateful and block._id is not None:
            values.append(inputs.session_value(block, state))
            continue
        try:
            values.append(check_inputs(payload, store))
        except FileRefused as error:
            raise InputError("this app may not read that file") from error
    return values


def unprocessed(block: Any) -> Any:
    """``postprocess=False``: ``block`` whose results are sent as the function returns them."""
    clone = copy.copy(block)
    clone.postprocess = _as_returned
    return clone


def _as_returned(value: Any) -> Any:
    return value
