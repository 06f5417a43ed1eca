"""``gr.Progress``: a function reports how far it is, and the page shows a bar.

def work(n, progress=gr.Progress()):
    for i in progress.tqdm(range(n), desc="working"):
        ...
"""

from __future__ import annotations

import functools
import inspect
import time
from collections.abc import Callable, Iterable, Iterator, Sized
from contextvars import ContextVar
from typing import Any

Sink = Callable[[list[dict[str, Any]]], None]
#: Where the ``tqdm`` bars of the running function report, when it asked for
#: ``gr.Progress(track_tqdm=True)`` (set for the run's context only).
_tqdm_sink: ContextVar[Sink | None] = ContextVar("rillet_tqdm_sink", default=None)
#: Seconds between two reports of one tqdm bar (its last step is always reported).
TQDM_EVERY = 0.05


class Progress:
    """Put ``progress=gr.Progress()`` in a function's parameters to report progress."""

    def __init__(self, track_tqdm: bool = False) -> None:
        self.track_tqdm = track_tqdm
        self._sink: Sink | None = None

    def bound(self, sink: Sink) -> Progress:
        """A copy that sends its reports to ``sink``."""
        copy = Progress(self.track_tqdm)
        copy._sink = sink
        return copy

    def __call__(
        self,
        progress: float | tuple[int, int | None] | None,
        desc: str | None = None,
        total: int | None = None,
        unit: str = "steps",
        _tqdm: Any = None,
    ) -> float | None:
        """Report ``progress`` (a fraction 0..1, or ``(index, length)``) with ``desc``."""
        if isinstance(progress, tuple):
            index, length = progress
            unit_data: dict[str, Any] = {
                "index": index,
                "length": length,
                "unit": unit,
                "progress": None,
                "desc": desc,
            }
        else:
            unit_data = {
                "index": None,
                "length": total,
                "unit": unit,
                "progress": progress,
                "desc": desc,
            }
        if self._sink is not None:
            self._sink([unit_data])
        return progress if not isinstance(progress, tuple) else None

    def tqdm(
        self,
        iterable: Iterable[Any],
        desc: str | None = None,
        total: int | None = None,
        unit: str = "steps",
        *args: Any,
        **kwargs: Any,
    ) -> Iterator[Any]:
        """Iterate ``iterable``, reporting each step."""
        length = (
            total if total is not None else (len(iterable) if isinstance(iterable, Sized) else None)
        )
        for index, item in enumerate(iterable):
            self((index, length), desc=desc, unit=unit)
            yield item
        self((length or 0, length), desc=desc, unit=unit)


def bind_progress(fn: Callable[..., Any], args: list[Any], sink: Sink) -> dict[str, Any]:
    """Keyword arguments giving ``fn``'s ``gr.Progress()`` parameters a live tracker.
    With ``track_tqdm=True``, the ``tqdm`` bars the function makes report to ``sink`` too
    (call it in the context the function will run in)."""
    try:
        defaults = _progress_defaults(fn)
    except TypeError:  # an unhashable callable: not cached
        defaults = _progress_defaults.__wrapped__(fn)
    trackers = {name: default.bound(sink) for name, default in defaults}
    if any(t.track_tqdm for t in trackers.values()) and _hook_tqdm():
        _tqdm_sink.set(sink)
    return trackers


@functools.lru_cache(maxsize=512)
def _progress_defaults(fn: Callable[..., Any]) -> tuple[tuple[str, Progress], ...]:
    """``fn``'s parameters whose default is a ``gr.Progress()``, looked up once per
    function (``inspect.signature`` costs more than the rest of a short call's setup)."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return ()
    return tuple((n, p.default) for n, p in params.items() if isinstance(p.default, Progress))


def _hook_tqdm() -> bool:
    """Make ``tqdm`` bars report to the running function's sink (once per process; a
    bar outside a tracked function reports nowhere). False when tqdm is not installed."""
    try:
        from tqdm import tqdm
    except ImportError:
        return False
    if getattr(tqdm, "_rillet_hooked", False):
        return True
    update, close = tqdm.update, tqdm.close

    def report(bar: Any, final: bool = False) -> None:
        sink = _tqdm_sink.get()
        now = time.monotonic()
        if sink is None or (not final and now - getattr(bar, "_rillet_at", 0.0) < TQDM_EVERY):
            return
        bar._rillet_at = now
        sink(
            [
                {
                    "index": bar.n,
                    "length": bar.total,
                    "unit": bar.unit or "steps",
                    "progress": None,
                    "desc": bar.desc or None,
                }
            ]
        )

    def hooked_update(self: Any, n: float | None = 1) -> Any:
        result = update(self, n)
        report(self, final=self.total is not None and self.n >= self.total)
        return result

    def hooked_close(self: Any) -> Any:
        if not getattr(self, "disable", False):
            report(self, final=True)
        return close(self)

    for name, hook in (("update", hooked_update), ("close", hooked_close)):
        setattr(tqdm, name, hook)
    setattr(tqdm, "_rillet_hooked", True)  # noqa: B010 - tqdm declares no such attribute
    return True
