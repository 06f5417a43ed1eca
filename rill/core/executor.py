"""Where an event's function runs: the seam between the queue and the user's code.

The processor hands each call to an executor and iterates what comes back: one result for a
function, each yield for a generator. :class:`InProcess` (the default) runs it in the web
process, in worker threads or on the event loop; :class:`rill.core.ray_executor.RayExecutor`
runs it on a Ray cluster. Closing the iterator (or cancelling the task iterating it) stops
the call and runs the user's ``finally``, wherever it runs.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable
from typing import Any, Protocol

from rill.core import runner
from rill.core.progress import Sink, bind_progress
from rill.core.workers import Workers

#: The backends ``queue(backend=...)`` / ``launch(backend=...)`` accept.
BACKENDS = ("local", "ray")


class Executor(Protocol):
    """Runs event functions and streams their results back."""

    def iterate(self, fn: Callable[..., Any], args: list[Any], progress: Sink,
                ray_options: dict[str, Any] | None = None) -> AsyncIterator[Any]:
        """Call ``fn(*args)``; yield its result, or each of its yields. ``gr.Progress``
        parameters of ``fn`` report to ``progress``."""
        ...

    def close(self) -> None:
        """Let go of what the executor holds (threads, actors, connections)."""
        ...


class InProcess:
    """The web process's own worker threads and event loop."""

    def __init__(self, workers: Workers) -> None:
        self.workers = workers

    def iterate(self, fn: Callable[..., Any], args: list[Any], progress: Sink,
                ray_options: dict[str, Any] | None = None) -> AsyncIterator[Any]:
        trackers = bind_progress(fn, args, progress)
        if trackers:
            fn = functools.partial(fn, **trackers)
        return runner.iterate(fn, args, self.workers)

    def close(self) -> None:
        """Nothing to do: the worker threads belong to the runtime."""


def check_backend(backend: str) -> str:
    """``backend`` if rill knows it, else a ValueError saying which ones it knows."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}: use one of {', '.join(map(repr, BACKENDS))}")
    return backend
