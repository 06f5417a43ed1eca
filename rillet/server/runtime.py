"""Everything one running app holds: sessions, queue, file store, worker threads."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rillet.core import lifetime
from rillet.core.backends import check_backend
from rillet.core.executor import Executor, InProcess
from rillet.core.files import FileStore
from rillet.core.job import Processor
from rillet.core.queue import Queue
from rillet.core.session import Session, Sessions
from rillet.core.settings import Settings
from rillet.core.spec import AppSpec
from rillet.core.store_usage import InUse
from rillet.core.workers import Workers
from rillet.server import initial_values

#: What every open stream is told when the server stops.
STOPPED = "Server stopped: the app was shut down or restarted."
#: Seconds the server waits, when it stops, for running events to end.
STOP_WAIT = 5.0


def make_executor(settings: Settings, workers: Workers) -> Executor:
    """The executor ``settings.backend`` names."""
    backend = check_backend(settings.backend)
    if backend == "ray":
        from rillet.core.ray_executor import RayExecutor

        return RayExecutor(settings.ray_address)
    return InProcess(workers)


@dataclass
class Runtime:
    """Made when the server starts, dropped when it stops."""

    spec: AppSpec
    settings: Settings
    store: FileStore
    workers: Workers
    sessions: Sessions
    queue: Queue
    _timers: list[asyncio.TimerHandle] = field(default_factory=list)
    #: The server's event loop, once started.
    loop: asyncio.AbstractEventLoop | None = None
    #: The components' ``/config`` entries, prepared once (see initial_values).
    _initial: asyncio.Future[initial_values.Prepared] | None = None
    #: The sweep deleting old files, while it runs.
    _expiring: asyncio.Task[None] | None = None
    _room_asked: bool = False
    #: The tasks forgetting sessions that left, held until they end (the loop keeps only
    #: weak references to tasks).
    _forgetting: set[asyncio.Task[None]] = field(default_factory=set)
    #: ``time.monotonic()`` when the last finished sweep of old files began: every file
    #: unused since ``session_ttl`` seconds before it (and not in use) is gone.
    files_swept_at: float = 0.0
    #: Vendor files gzipped once each (by path), for browsers that accept gzip.
    _gzipped: dict[Path, asyncio.Future[bytes]] = field(default_factory=dict)

    @classmethod
    def create(cls, spec: AppSpec, settings: Settings) -> Runtime:
        store = FileStore(
            allowed_paths=settings.allowed_paths,
            blocked_paths=settings.blocked_paths,
            max_file_size=settings.max_file_size,
            max_store_size=settings.max_store_size,
        )
        if store.max_store_size is None:
            store.max_store_size = lifetime.default_store_size(store.root)
        workers = Workers(settings.max_threads)
        processor = Processor(
            store,
            workers,
            show_error=settings.show_error,
            executor=make_executor(settings, workers),
        )
        queue = Queue(spec, processor, settings.default_concurrency_limit, settings.max_size)
        sessions = Sessions(settings.retention, settings.session_ttl)
        return cls(spec, settings, store, workers, sessions, queue)

    def start(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.store.on_over = self._ask_room
        self._schedule_sweep()

    async def initial_components(self, root_url: str) -> list[dict[str, Any]]:
        """The components' ``/config`` entries for a client that reached the server at
        ``root_url``; their file-valued initial values are stored on the first call only."""
        if self._initial is None:
            self._initial = self.workers.start(initial_values.prepare, self.spec, self.store)
        prepared = await asyncio.shield(self._initial)
        return initial_values.components(prepared, self.store, root_url)

    async def gzipped(self, path: Path) -> bytes:
        """The file at ``path`` gzipped, made once in a worker thread (a vendor bundle is
        read-only for the server's life)."""
        if path not in self._gzipped:
            self._gzipped[path] = self.workers.start(_gzip, path)
        return await asyncio.shield(self._gzipped[path])

    def files_in_use(self) -> InUse:
        """The stored files the events that wait or run use (never deleted)."""
        return lifetime.files_in_use(self.queue.jobs.values(), self.store)

    def _ask_room(self) -> None:
        """Outputs took the store past its size (any thread): make room on the loop."""
        if self._room_asked or self.loop is None:
            return
        self._room_asked = True
        with contextlib.suppress(RuntimeError):  # the loop is closed: the server stopped
            self.loop.call_soon_threadsafe(self._make_room)

    def _make_room(self) -> None:
        self._room_asked = False
        self.store.make_room(0, self.files_in_use())

    def _schedule_sweep(self) -> None:
        loop = asyncio.get_running_loop()
        self._timers.append(loop.call_later(self.settings.sweep_every, self._sweep))

    def _sweep(self) -> None:
        self._timers.clear()
        for session in self.sessions.sweep():
            self.store.drop(session.files_key)
        self.store.purge_dropped(self.settings.sweep_every)
        if self._expiring is None or self._expiring.done():
            self._expiring = asyncio.ensure_future(self._expire_files())
        self._schedule_sweep()

    async def _expire_files(self) -> None:
        """Delete the uploads and outputs older than ``session_ttl`` no event uses."""
        began = time.monotonic()
        await lifetime.expire(self.store, self.settings.session_ttl, self.files_in_use)
        self.store.make_room(0, self.files_in_use())  # outputs may have gone past the size
        self.files_swept_at = began

    def stream_closed(self, session: Session) -> None:
        """``session`` has no stream open (one ended, or an event joined without one):
        if none is back within the grace period, its client left: cancel its events."""
        if session.open_streams or not session.pending:
            return
        loop = asyncio.get_running_loop()
        loop.call_later(self.settings.disconnect_grace, self._check_left, session)

    def _check_left(self, session: Session) -> None:
        if session.open_streams or not session.pending:
            return
        remaining = self.settings.disconnect_grace - session.unwatched_for(time.monotonic())
        if remaining > 0:  # a stream came and went since this check was set
            asyncio.get_running_loop().call_later(remaining, self._check_left, session)
            return
        tasks = self.queue.cancel_session(session)
        forgetting = asyncio.ensure_future(self._forget(session, tasks))
        self._forgetting.add(forgetting)
        forgetting.add_done_callback(self._forgetting.discard)

    async def _forget(self, session: Session, tasks: list[asyncio.Task[None]]) -> None:
        """Once the cancelled events ended, drop the session that left and its files,
        unless its client came back meanwhile."""
        await asyncio.gather(*tasks, return_exceptions=True)
        if session.open_streams or session.pending:
            return
        self.sessions.forget(session)
        self.store.drop(session.files_key)

    async def wind_down(self, reason: str = STOPPED, wait: float = STOP_WAIT) -> None:
        """Before the server stops: end every stream with ``reason``, cancel every event
        and wait (up to ``wait`` seconds) for them to end and for the worker threads to
        finish what they run (a cancelled generator's ``finally``)."""
        for session in list(self.sessions.by_hash.values()):
            session.close(reason)
        tasks = [job.task for job in self.queue.jobs.values() if job.task is not None]
        for job in list(self.queue.jobs.values()):
            self.queue.cancel(job.session.hash, job.event_id)
        deadline = time.monotonic() + wait
        if tasks:
            await asyncio.wait(tasks, timeout=wait)
        idle_polls = 0  # twice: a finished step's callback submits its generator's close
        while idle_polls < 2 and time.monotonic() < deadline:
            idle_polls = 0 if self.workers.busy() else idle_polls + 1
            await asyncio.sleep(0.01)

    def stop(self) -> None:
        for timer in self._timers:
            timer.cancel()
        if self._expiring is not None:
            self._expiring.cancel()
        for job in list(self.queue.jobs.values()):
            if job.task is not None:
                job.task.cancel()
        if self.queue.processor.executor is not None:
            self.queue.processor.executor.close()
        self.workers.shutdown(wait=STOP_WAIT)
        self.store.close()

    def info(self) -> dict[str, Any]:
        return {"sessions": len(self.sessions.by_hash), "jobs": len(self.queue.jobs)}


def _gzip(path: Path) -> bytes:
    """The file's bytes gzipped (level 6, no timestamp: the same bytes every time)."""
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
