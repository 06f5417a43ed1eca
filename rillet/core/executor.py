"""Where an event's function runs: the seam between the queue and the user's code.

The processor hands each call to an executor and iterates what comes back: one result for a
function, each yield for a generator. :class:`InProcess` (the default) runs it in the web
process, in worker threads or on the event loop; :class:`rillet.core.ray_executor.RayExecutor`
runs it on a Ray cluster. Closing the iterator (or cancelling the task iterating it) stops
the call and runs the user's ``finally``, wherever it runs.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from rillet.core import runner
from rillet.core.progress import Sink, bind_progress
from rillet.core.workers import Workers


@dataclass
class Call:
    """One call of an event function, and what its executor may need around it."""

    fn: Callable[..., Any]
    args: list[Any]
    #: Where the function's ``gr.Progress`` parameters report.
    progress: Sink
    #: Ray options of the event (``num_gpus``...); unused in-process.
    ray_options: dict[str, Any] | None = None
    #: Stores the bytes of a file made on another machine (``(data, name) -> path``) in
    #: the session's folder, so that a returned path names a file this process can read.
    keep_file: Callable[[bytes, str], str] | None = None
    #: Arguments passed by name (a ``gr.Request`` parameter after defaulted ones).
    kwargs: dict[str, Any] = field(default_factory=dict)


class Executor(Protocol):
    """Runs event functions and streams their results back."""

    def iterate(self, call: Call) -> AsyncIterator[Any]:
        """Call ``call.fn(*call.args)``; yield its result, or each of its yields."""
        ...

    def close(self) -> None:
        """Let go of what the executor holds (threads, actors, connections)."""
        ...


class InProcess:
    """The web process's own worker threads and event loop."""

    def __init__(self, workers: Workers) -> None:
        self.workers = workers

    def iterate(self, call: Call) -> AsyncIterator[Any]:
        fn = call.fn
        trackers = bind_progress(fn, call.args, call.progress)
        if trackers or call.kwargs:
            fn = functools.partial(fn, **call.kwargs, **trackers)
        return runner.iterate(fn, call.args, self.workers)

    def close(self) -> None:
        """Nothing to do: the worker threads belong to the runtime."""
