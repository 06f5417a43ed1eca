"""Everything one running app holds: sessions, queue, file store, worker threads."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from rill.core.backends import check_backend
from rill.core.executor import Executor, InProcess
from rill.core.files import FileStore
from rill.core.job import Processor
from rill.core.queue import Queue
from rill.core.session import Session, Sessions
from rill.core.settings import Settings
from rill.core.spec import AppSpec
from rill.core.workers import Workers

SWEEP_EVERY = 30.0


def make_executor(settings: Settings, workers: Workers) -> Executor:
    """The executor ``settings.backend`` names."""
    backend = check_backend(settings.backend)
    if backend == "ray":
        from rill.core.ray_executor import RayExecutor

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

    @classmethod
    def create(cls, spec: AppSpec, settings: Settings) -> Runtime:
        store = FileStore(allowed_paths=settings.allowed_paths,
                          blocked_paths=settings.blocked_paths,
                          max_file_size=settings.max_file_size)
        workers = Workers(settings.max_threads)
        processor = Processor(store, workers, show_error=settings.show_error,
                              executor=make_executor(settings, workers))
        queue = Queue(spec, processor, settings.default_concurrency_limit, settings.max_size)
        sessions = Sessions(settings.retention, settings.session_ttl)
        return cls(spec, settings, store, workers, sessions, queue)

    def start(self) -> None:
        self._schedule_sweep()

    def _schedule_sweep(self) -> None:
        loop = asyncio.get_running_loop()
        self._timers.append(loop.call_later(SWEEP_EVERY, self._sweep))

    def _sweep(self) -> None:
        self._timers.clear()
        for session in self.sessions.sweep():
            self.store.drop(session.files_key)
        self._schedule_sweep()

    def stream_closed(self, session: Session) -> None:
        """A stream of ``session`` ended: cancel its events if no stream is back in time."""
        if session.open_streams or not session.pending:
            return
        loop = asyncio.get_running_loop()

        def check() -> None:
            if not session.open_streams and session.pending:
                self.queue.cancel_session(session)

        loop.call_later(self.settings.disconnect_grace, check)

    def stop(self) -> None:
        for timer in self._timers:
            timer.cancel()
        for job in list(self.queue.jobs.values()):
            if job.task is not None:
                job.task.cancel()
        if self.queue.processor.executor is not None:
            self.queue.processor.executor.close()
        self.workers.shutdown()
        self.store.close()

    def info(self) -> dict[str, Any]:
        return {"sessions": len(self.sessions.by_hash), "jobs": len(self.queue.jobs)}
