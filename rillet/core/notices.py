"""``gr.Info``, ``gr.Warning``, ``gr.Success``: a notice from inside an event function, shown
to that user as a toast, in order with the function's results.

    def work(n):
        gr.Info("Starting")
        for i in range(n):
            yield i
        gr.Success("Done")

The function may run ahead of what the user has been sent (its results wait in a small
buffer). A notice is held until every result made before it has been sent, so the page
shows it where the function issued it: after the yields before it, before the ones after.
Called outside an event (while building the app), a notice is logged, and a ``Warning``
also goes through Python's ``warnings``.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections import deque
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field

from rillet import protocol

log = logging.getLogger("rillet")


@dataclass
class Notices:
    """One job's notices: each tagged with how many results the function had made when it
    was issued, and sent once the job has handled that many."""

    send: Callable[[protocol.Log], object]
    #: How many results the function has made so far (read when a notice is issued).
    produced: Callable[[], int]
    loop: asyncio.AbstractEventLoop
    handled: int = 0
    #: Held notices, oldest first. A worker thread appends here itself (an atomic append)
    #: before it makes its next result, so the loop, which alone pops, never sends a
    #: result made after a notice before the notice is in place.
    pending: deque[tuple[int, protocol.Log]] = field(default_factory=deque)

    def issue(self, message: protocol.Log) -> None:
        """From the function (any thread): hold ``message`` until its place comes."""
        self.pending.append((self.produced(), message))
        if self._on_loop():
            self.flush()
        else:  # its results may all have been sent already
            self.loop.call_soon_threadsafe(self.flush)

    def _on_loop(self) -> bool:
        try:
            return asyncio.get_running_loop() is self.loop
        except RuntimeError:
            return False

    def handled_one(self) -> None:
        """The job has sent (or merged away) one more result: send what follows it."""
        self.handled += 1
        self.flush()

    def flush(self, everything: bool = False) -> None:
        """Send the notices whose results have all been handled (all of them at the end)."""
        while self.pending and (everything or self.pending[0][0] <= self.handled):
            self.send(self.pending.popleft()[1])


#: The running event's notices (set for the event's own context only).
_current: ContextVar[Notices | None] = ContextVar("rillet_notices", default=None)


def current() -> ContextVar[Notices | None]:
    """Where a job puts its :class:`Notices` for the function it runs."""
    return _current


def _notice(level: str, message: str, duration: float | None, visible: bool, title: str) -> None:
    notices = _current.get()
    if notices is None:
        log.info("%s: %s", title, message)
        if level == "warning":
            warnings.warn(message, UserWarning, stacklevel=3)
        return
    notices.issue(
        protocol.Log(
            event_id=None, log=message, level=level, duration=duration, visible=visible, title=title
        )
    )


def Info(
    message: str = "Info issued.",
    duration: float | None = 10,
    visible: bool = True,
    title: str = "Info",
) -> None:
    """Show ``message`` to the user of the running event, as a toast for ``duration``
    seconds (None: until closed)."""
    _notice("info", message, duration, visible, title)


def Warning(
    message: str = "Warning issued.",
    duration: float | None = 10,
    visible: bool = True,
    title: str = "Warning",
) -> None:
    """Show a warning ``message`` to the user of the running event."""
    _notice("warning", message, duration, visible, title)


def Success(
    message: str = "Success.",
    duration: float | None = 10,
    visible: bool = True,
    title: str = "Success",
) -> None:
    """Show a success ``message`` to the user of the running event."""
    _notice("success", message, duration, visible, title)
