"""What runs on a Ray worker: one event function call, as a generator of its results.

Ray streams each value this generator yields back to the web process as soon as it is
made. Any of the four function shapes becomes that one generator: a function gives its
result, a generator each of its yields, async ones run on a private event loop. The user's
code runs in the worker's main thread, so Ray's cancel interrupts it (``KeyboardInterrupt``
in a sync step, or a close at the next yield) and its ``finally`` runs there.

``gr.Progress`` reports cannot cross to the web process on their own: they are collected
and yielded as :class:`Report` items before the next result.

A path names a file on the machine that made it. When the worker is on another machine
than the web process, each file path the function returns (alone, in a tuple or list of
outputs, or as an update's value) that is under the worker's working or temporary
directory goes back as :class:`Shipped` bytes instead (the web process stores them and
passes on a path of its own); other paths pass as they are.

This module imports no Ray: Ray imports it on the worker when it unpickles the call.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import os
import tempfile
from collections.abc import AsyncGenerator, Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rillet.core.progress import bind_progress
from rillet.core.warm import Warm


@dataclass
class Report:
    """``gr.Progress`` data reported on the worker since the last result."""

    data: list[dict[str, Any]]


@dataclass
class Shipped:
    """A file the function returned, as bytes, for a web process on another machine."""

    data: bytes
    name: str


@dataclass
class Carrying:
    """A result with :class:`Shipped` files in it (the others need no look inside)."""

    value: Any


def steps(
    fn: Callable[..., Any],
    args: list[Any],
    web_node: str | None = None,
    kwargs: dict[str, Any] | None = None,
) -> Iterator[Any]:
    """Call ``fn(*args, **kwargs)`` and yield each result, with :class:`Report` items
    between. Returned files go back as bytes when this worker's node is not ``web_node``
    (the web process's)."""
    ship = web_node is not None and web_node != _node_id()
    results = _results(fn, args, kwargs or {})
    try:
        for item in results:
            if ship and not isinstance(item, Report):
                found: list[Shipped] = []
                item = ship_files(item, found)
                if found:
                    item = Carrying(item)
            yield item
    finally:
        results.close()  # now, on a cancel too: the user's finally runs here


def _node_id() -> str:
    import ray  # on a Ray worker: already imported

    return ray.get_runtime_context().get_node_id()


def _results(
    fn: Callable[..., Any], args: list[Any], kwargs: dict[str, Any]
) -> Generator[Any, None, None]:
    reports: list[list[dict[str, Any]]] = []
    trackers = bind_progress(fn, args, reports.append)
    call = functools.partial(fn, **kwargs, **trackers) if trackers or kwargs else fn
    result = call(*args)
    if inspect.isawaitable(result) and not inspect.isasyncgen(result):
        result = _run_coroutine(result)
    if inspect.isasyncgen(result):
        items: Iterator[Any] = _async_items(result)
    elif inspect.isgenerator(result):
        items = _sync_items(result)
    else:
        items = iter([result])
    try:
        for item in items:
            yield from _flush(reports)
            yield item
        yield from _flush(reports)
    finally:
        close = getattr(items, "close", None)
        if close is not None:
            close()


def _flush(reports: list[list[dict[str, Any]]]) -> Iterator[Report]:
    while reports:
        yield Report(reports.pop(0))


def _sync_items(gen: Generator[Any, Any, Any]) -> Iterator[Any]:
    try:
        yield from gen
    finally:
        gen.close()


async def _await(awaitable: Any) -> Any:
    return await awaitable


def _run_coroutine(awaitable: Any) -> Any:
    loop = asyncio.new_event_loop()
    task = loop.create_task(_await(awaitable))
    try:
        return loop.run_until_complete(task)
    finally:
        if not task.done():  # interrupted (Ray's cancel): its finally runs now
            task.cancel()
            loop.run_until_complete(asyncio.gather(task, return_exceptions=True))
        loop.close()


def _async_items(agen: AsyncGenerator[Any, Any]) -> Iterator[Any]:
    loop = asyncio.new_event_loop()
    step: asyncio.Task[Any] | None = None
    try:
        while True:
            step = loop.create_task(_next(agen))
            item = loop.run_until_complete(step)
            if item is _END:
                return
            yield item
    finally:
        if step is not None and not step.done():
            # Interrupted inside a step (Ray's cancel): cancel it, so that the
            # CancelledError runs the generator's finally, then close what is left.
            step.cancel()
            loop.run_until_complete(asyncio.gather(step, return_exceptions=True))
        loop.run_until_complete(agen.aclose())
        loop.close()


_END = object()


async def _next(agen: AsyncGenerator[Any, Any]) -> Any:
    try:
        return await agen.__anext__()
    except StopAsyncIteration:
        return _END


def map_values(item: Any, fn: Callable[[Any], Any]) -> Any:
    """``item`` with ``fn`` applied to each value a function's result can carry: inside
    tuples and lists (several outputs) and the ``value`` of ``gr.update`` dicts."""
    if isinstance(item, tuple):
        return tuple(map_values(v, fn) for v in item)
    if isinstance(item, list):
        return [map_values(v, fn) for v in item]
    if isinstance(item, dict) and item.get("__type__") == "update" and "value" in item:
        return {**item, "value": map_values(item["value"], fn)}
    return fn(item)


def ship_files(item: Any, found: list[Shipped]) -> Any:
    """``item`` with each file path in it (see the module's doc) read into :class:`Shipped`
    (also appended to ``found``)."""

    def ship(value: Any) -> Any:
        if isinstance(value, (str, os.PathLike)):
            path = _local_file(value)
            if path is not None:
                found.append(Shipped(path.read_bytes(), path.name))
                return found[-1]
        return value

    return map_values(item, ship)


def _local_file(value: str | os.PathLike[str]) -> Path | None:
    try:
        path = Path(value)
        if not path.is_absolute() or not path.is_file():
            return None
        path = path.resolve()
    except (OSError, ValueError):
        return None
    places = [Path.cwd().resolve(), Path(tempfile.gettempdir()).resolve()]
    return path if any(path.is_relative_to(p) for p in places) else None


class Host:
    """A Ray actor's body for a :class:`Warm` function: the instance is made once, when
    the actor starts, and serves every call sent to this actor."""

    def __init__(self, warm: Warm) -> None:
        self.warm = warm
        warm.instance()

    def run(
        self, args: list[Any], web_node: str | None = None, kwargs: dict[str, Any] | None = None
    ) -> Iterator[Any]:
        """One call of the instance, as :func:`steps` runs it."""
        yield from steps(self.warm, args, web_node, kwargs)

    def ready(self) -> bool:
        """True once the instance exists (the constructor has returned)."""
        return True
