"""``gr.Progress``: a function reports how far it is, and the page shows a bar.

    def work(n, progress=gr.Progress()):
        for i in progress.tqdm(range(n), desc="working"):
            ...
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from typing import Any

Sink = Callable[[list[dict[str, Any]]], None]


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

    def __call__(self, progress: float | tuple[int, int | None] | None, desc: str | None = None,
                 total: int | None = None, unit: str = "steps", _tqdm: Any = None) -> float | None:
        """Report ``progress`` (a fraction 0..1, or ``(index, length)``) with ``desc``."""
        if isinstance(progress, tuple):
            index, length = progress
            unit_data = {"index": index, "length": length, "unit": unit, "progress": None,
                         "desc": desc}
        else:
            unit_data = {"index": None, "length": total, "unit": unit, "progress": progress,
                         "desc": desc}
        if self._sink is not None:
            self._sink([unit_data])
        return progress if not isinstance(progress, tuple) else None

    def tqdm(self, iterable: Iterable[Any], desc: str | None = None, total: int | None = None,
             unit: str = "steps", *args: Any, **kwargs: Any) -> Iterator[Any]:
        """Iterate ``iterable``, reporting each step."""
        length = total if total is not None else (
            len(iterable) if hasattr(iterable, "__len__") else None)  # type: ignore[arg-type]
        for index, item in enumerate(iterable):
            self((index, length), desc=desc, unit=unit)
            yield item
        self((length or 0, length), desc=desc, unit=unit)


def bind_progress(fn: Callable[..., Any], args: list[Any], sink: Sink) -> dict[str, Any]:
    """Keyword arguments giving ``fn``'s ``gr.Progress()`` parameters a live tracker."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return {}
    return {name: p.default.bound(sink) for name, p in params.items()
            if isinstance(p.default, Progress)}
