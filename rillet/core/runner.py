"""Run any user function as one async iterator of its results.

Four shapes: plain function, coroutine function, sync generator, async generator (and a
plain function that returns one of the others). Sync code runs in worker threads from the
workers it is given, one ``next()`` per step; async code runs on the event loop.

Closing the iterator (``aclose``), or cancelling the task that iterates it, closes the user's
generator: its ``finally`` runs, in a worker thread for sync generators, as soon as the
step in progress returns (a thread cannot be interrupted mid-step).
"""

from __future__ import annotations

import asyncio
import contextvars
import inspect
import logging
from collections.abc import AsyncIterator, Callable, Generator
from typing import Any

from rillet.core.workers import Workers

_END = object()


async def iterate(
    fn: Callable[..., Any],
    args: list[Any],
    workers: Workers,
) -> AsyncIterator[Any]:
    """Call ``fn(*args)`` and yield each of its results: one for a function, each yield
    for a generator."""
    context = contextvars.copy_context()
    if inspect.iscoroutinefunction(fn) or inspect.isasyncgenfunction(fn):
        result = context.run(fn, *args)
    else:
        result = await workers.run(context.run, fn, *args)
    if inspect.isawaitable(result) and not inspect.isasyncgen(result):
        result = await result
    if inspect.isasyncgen(result):
        async for item in _async_steps(result):
            yield item
    elif inspect.isgenerator(result):
        async for item in _sync_steps(result, workers, context):
            yield item
    else:
        yield result


async def _async_steps(gen: Any) -> AsyncIterator[Any]:
    try:
        async for item in gen:
            yield item
    finally:
        await gen.aclose()


async def _sync_steps(
    gen: Generator[Any, Any, Any], workers: Workers, context: contextvars.Context
) -> AsyncIterator[Any]:
    step: asyncio.Future[Any] | None = None
    finished = False
    try:
        while True:
            step = workers.start(context.run, next, gen, _END)
            item = await asyncio.shield(step)
            step = None
            if item is _END:
                finished = True
                return
            yield item
    finally:
        if not finished:
            _close_after(gen, step, workers, context)


def _close_after(
    gen: Generator[Any, Any, Any],
    step: asyncio.Future[Any] | None,
    workers: Workers,
    context: contextvars.Context,
) -> None:
    """Close ``gen`` in a worker thread once the step in progress (if any) returns."""

    def close(_: Any = None) -> None:
        workers.submit(context.run, _close_quietly, gen)

    if step is None or step.done():
        close()
    else:
        step.add_done_callback(close)


def _close_quietly(gen: Generator[Any, Any, Any]) -> None:
    try:
        gen.close()
    except Exception:
        logging.getLogger("rillet").exception("error while closing a cancelled generator")
