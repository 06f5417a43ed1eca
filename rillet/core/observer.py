"""What the queue tells an observer of its events (the server's metrics, when on).

The processor calls these on the event loop, at each step of an event's life; with no
observer (the default) it calls nothing.
"""

from __future__ import annotations

from typing import Any, Literal, Protocol

#: How an event ended: its function returned, raised, or was stopped (Stop, a client
#: that left, the server stopping).
Outcome = Literal["finished", "failed", "cancelled"]


class EventObserver(Protocol):
    """Hears of every event's start, yields and end."""

    def started(self, job: Any) -> None:
        """``job`` (a :class:`rillet.core.job.Job`) left the queue and starts running."""
        ...

    def yielded(self, job: Any) -> None:
        """``job``'s function gave a result (``job.yields`` counts them, this one included)."""
        ...

    def ended(self, job: Any, outcome: Outcome) -> None:
        """``job`` ended."""
        ...
