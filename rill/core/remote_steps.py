"""What runs on a Ray worker: one event function call, as a generator of its results.

Ray streams each value this generator yields back to the web process as soon as it is
made. Any of the four function shapes becomes that one generator: a function gives its
result, a generator each of its yields, async ones run on a private event loop. The user's
code runs in the worker's main thread, so Ray's cancel interrupts it (``KeyboardInterrupt``
in a sync step, or a close at the next yield) and its ``finally`` runs there.

``gr.Progress`` reports cannot cross to the web process on their own: they are collected
and yielded as :class:`Report` items before the next result.

This module imports no Ray: Ray imports it on the worker when it unpickles the call.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
from collections.abc import AsyncGenerator, Callable, Generator, Iterator
from dataclasses import dataclass
from typing import Any

from rill.core.progress import bind_progress
from rill.core.warm import Warm


@dataclass
class Report:
    """``gr.Progress`` data reported on the worker since the last result."""

    data: list[dict[str, Any]]


def steps(fn: Callable[..., Any], args: list[Any]) -> Iterator[Any]:
    """Call ``fn(*args)`` and yield each result, with :class:`Report` items between."""
    reports: list[list[dict[str, Any]]] = []
    trackers = bind_progress(fn, args, reports.append)
    call = functools.partial(fn, **trackers) if trackers else fn
    result = call(*args)
    if inspect.isawaitable(result) and not inspect.isasyncgen(result):
        result = _run_coroutine(result)
    if inspect.isasyncgen(result):
        items: Iterator[Any] = _async_items(result)
    elif inspect.isgenerator(result):
        items = _sync_items(result)
    else:
        items = iter([result])
    for item in items:
        yield from _flush(reports)
        yield item
    yield from _flush(reports)


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
    try:
        return loop.run_until_complete(_await(awaitable))
    finally:
        loop.close()


def _async_items(agen: AsyncGenerator[Any, Any]) -> Iterator[Any]:
    loop = asyncio.new_event_loop()
    try:
        while True:
            try:
                item = loop.run_until_complete(agen.__anext__())
            except StopAsyncIteration:
                return
            yield item
    finally:
        loop.run_until_complete(agen.aclose())
        loop.close()


class Host:
    """A Ray actor's body for a :class:`Warm` function: the instance is made once, when
    the actor starts, and serves every call sent to this actor."""

    def __init__(self, warm: Warm) -> None:
        self.warm = warm
        warm.instance()

    def run(self, args: list[Any]) -> Iterator[Any]:
        """One call of the instance, as :func:`steps` runs it."""
        yield from steps(self.warm, args)

    def ready(self) -> bool:
        """True once the instance exists (the constructor has returned)."""
        return True
