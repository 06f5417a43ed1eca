"""Run any user function as one async iterator of its results.

Four shapes: plain function, coroutine function, sync generator, async generator (and a
plain function that returns one of the others). Sync code runs in worker threads from the
workers it is given, one ``next()`` per step; async code runs on the event loop.

A sync function's iterator is :class:`Steps`: its worker steps run ahead of the reader, up
to ``AHEAD`` results, each step queuing the next one itself, and its reader takes every
result ready at once (:meth:`Steps.take`). A result costs the event loop one wake-up of
its reader and nothing else (no future, task or queue per step), and none while the reader
is still busy with the ones before.

Closing the iterator (``aclose``), or cancelling the task that iterates it, closes the user's
generator: its ``finally`` runs, in a worker thread for sync generators, as soon as the
step in progress returns (a thread cannot be interrupted mid-step).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import inspect
import logging
from collections import deque
from collections.abc import AsyncIterator, Callable, Generator
from typing import Any

from rillet.core.workers import Inbox, Workers

_END = object()
#: Results a sync function's steps may make ahead of its reader.
AHEAD = 4


def iterate(
    fn: Callable[..., Any],
    args: list[Any],
    workers: Workers,
) -> AsyncIterator[Any]:
    """Call ``fn(*args)`` and yield each of its results: one for a function, each yield
    for a generator."""
    context = contextvars.copy_context()
    if inspect.iscoroutinefunction(fn) or inspect.isasyncgenfunction(fn):
        return _after_call(context.run(fn, *args), workers, context)
    return Steps(fn, args, workers, context)


async def _after_call(
    result: Any, workers: Workers, context: contextvars.Context
) -> AsyncIterator[Any]:
    """The results of what a function returned: awaited when it is awaitable, then each
    item of a generator, or itself."""
    if inspect.isawaitable(result) and not inspect.isasyncgen(result):
        result = await result
    if inspect.isasyncgen(result):
        try:
            async for item in result:
                yield item
        finally:
            await result.aclose()
    elif inspect.isgenerator(result):
        steps = Steps(None, [], workers, context, generator=result)
        try:
            async for item in steps:
                yield item
        finally:
            await steps.aclose()
    else:
        yield result


class _Failed:
    """What a step raised, in the place of its result."""

    __slots__ = ("error",)

    def __init__(self, error: BaseException) -> None:
        if isinstance(error, StopIteration):  # asyncio refuses StopIteration as an exception
            error = RuntimeError(f"{type(error).__name__} raised in a worker")
        self.error = error


class _Handoff:
    """The first step's result is async (a coroutine, an async generator): the event loop
    takes it from there."""

    __slots__ = ("result",)

    def __init__(self, result: Any) -> None:
        self.result = result


class Steps:
    """The results of a sync function, made in worker threads ahead of their reader.

    The first step calls the function; when it returns a generator, each further step is
    one ``next()`` of it. When the reader waits for it, a step's result is handed over and
    the reader queues the next step once it has it (so a reader that keeps up sees every
    result alone, as when each step waited for the loop). When the reader is busy (the
    loop has more to do than it can), a step that leaves room for another result queues
    the next step itself, behind the other calls waiting for a thread (every generator
    gets its turn): the loop then hears of none of them until its reader takes them all.

    No lock: the reader and the steps share a deque of results (appends and pops are
    atomic) and one *turn*, the right to queue a step, which whoever pops it from
    ``_turn`` holds. Steps run one at a time, in order, because only the holder queues
    one; a step that leaves no room puts the turn back, then looks again (the reader may
    have made room meanwhile and not found the turn); the reader takes it when it makes
    room. A lock here would be taken by the loop while a worker holding it waits for the
    GIL the loop holds.
    """

    def __init__(
        self,
        fn: Callable[..., Any] | None,
        args: list[Any],
        workers: Workers,
        context: contextvars.Context,
        generator: Generator[Any, Any, Any] | None = None,
    ) -> None:
        self._fn, self._args, self._workers, self._context = fn, args, workers, context
        self._gen = generator
        #: Results made and not taken yet (a ``_Failed``, ``_Handoff`` or ``_END`` last).
        self._ready: deque[Any] = deque()
        #: Holds the turn (any object) while no step is queued or running.
        self._turn: deque[bool] = deque([True])
        #: The reader's future while it waits for a result, and its loop's inbox.
        self._waiter: asyncio.Future[None] | None = None
        self._inbox: Inbox | None = None
        self._over = False  # the last step has been made (end, error or handoff)
        self._closed = False
        #: Results made so far (read by ``gr.Info``... to place themselves after them).
        self.produced = 0
        #: Once the function handed an async result over: its results, read on the loop.
        self._async: AsyncIterator[Any] | None = None

    # --- the reader's side, on the event loop ---

    def __aiter__(self) -> Steps:
        return self

    async def __anext__(self) -> Any:
        while True:  # a take after the function handed its async result over is empty
            items, ended, error = await self.take(limit=1)
            if error is not None:
                raise error
            if items:
                return items[0]
            if ended:
                raise StopAsyncIteration

    async def take(self, limit: int = 0) -> tuple[list[Any], bool, BaseException | None]:
        """Every result ready (at most ``limit``; 0: any number), after waiting for one:
        ``(results, ended, error)``, where ``ended`` says the function is done and
        ``error`` is what it raised after those results. Cancelled, it closes the steps."""
        if self._async is not None:
            return await self._take_async()
        if self._closed:
            return [], True, None
        ready = self._ready
        while not ready:  # one coroutine, no inner ones: its task resumes it per result
            loop = asyncio.get_running_loop()
            if self._inbox is None:
                self._inbox = self._workers.inbox(loop)
            waiter = self._waiter = loop.create_future()
            if ready:  # a step ended between the look and the waiter: no need to wait
                self._waiter = None
                break
            self._step_if_room()  # the first step, or after a full buffer was emptied
            try:
                await waiter
            except asyncio.CancelledError:
                await self.aclose()
                raise
            finally:
                self._waiter = None
        items: list[Any] = []
        while ready and (limit <= 0 or len(items) < limit):
            items.append(ready.popleft())
        self._step_if_room()
        return self._sort(items)

    def _step_if_room(self) -> None:
        if not self._over and len(self._ready) < AHEAD and self._take_turn():
            self._workers.submit(self._step)

    def _take_turn(self) -> bool:
        try:
            self._turn.pop()
        except IndexError:
            return False
        return True

    def _sort(self, items: list[Any]) -> tuple[list[Any], bool, BaseException | None]:
        last = items[-1]
        if last is _END:
            return items[:-1], True, None
        if isinstance(last, _Failed):
            return items[:-1], True, last.error
        if isinstance(last, _Handoff):
            self._async = _after_call(last.result, self._workers, self._context)
            return items[:-1], False, None  # the reader asks again, of the async results
        return items, False, None

    async def _take_async(self) -> tuple[list[Any], bool, BaseException | None]:
        assert self._async is not None
        try:
            item = await self._async.__anext__()
        except StopAsyncIteration:
            return [], True, None
        except asyncio.CancelledError:
            await self.aclose()
            raise
        except BaseException as error:  # noqa: BLE001 - handed to the reader
            return [], True, error
        self.produced += 1
        return [item], False, None

    async def aclose(self) -> None:
        """Stop: the generator is closed (its ``finally`` run) in a worker thread, now or
        when the step in progress returns."""
        if self._async is not None:
            aclose = getattr(self._async, "aclose", None)
            self._async = None
            if aclose is not None:
                await aclose()
        if self._closed:
            return
        self._closed = True
        self._ready.clear()
        if self._take_turn():  # else the step in progress closes it when it returns
            self._close_in_worker()

    def _close_in_worker(self) -> None:
        if self._gen is not None:
            self._workers.submit(self._context.run, _close_quietly, self._gen)

    # --- the worker's side: the holder of the turn ---

    def _step(self) -> None:
        """One step, in a worker thread: call the function or resume the generator, keep
        what it gave, then hand it to the reader waiting for it or go on ahead."""
        if self._closed:
            self._close_here()
            return
        for item in self._make():
            if isinstance(item, (_Failed, _Handoff)) or item is _END:
                self._over = True
            else:
                self.produced += 1
            self._ready.append(item)
        if self._waiter is not None and not self._closed:
            self._hand_over()
        else:
            self._go_on()

    def _hand_over(self) -> None:
        """The reader waits: it takes this result alone and queues the next step itself,
        as soon as it has seen it (a generator that yields two frames at once sends both,
        not only the newer); the turn goes back before the reader is woken."""
        self._turn.append(True)
        # Re-read: a reader that began a new wait meanwhile must be woken, or it waits
        # for a step nobody queues (it found the turn still held).
        waiter, inbox = self._waiter, self._inbox
        if waiter is not None and inbox is not None:
            with contextlib.suppress(RuntimeError):  # a closed loop: nobody waits any more
                inbox.call_soon(_wake, waiter)
        if self._closed and self._take_turn():  # closed before the turn was back
            self._close_here()

    def _go_on(self) -> None:
        """The reader is busy: step on ahead while there is room (its next read takes
        all that is ready), else give the turn back."""
        while True:
            if self._closed:
                self._close_here()
                return
            if not self._over and len(self._ready) < AHEAD:
                self._workers.submit(self._step)
                return
            self._turn.append(True)
            # The reader may have made room (or closed) before the turn was back.
            if not (self._closed or (not self._over and len(self._ready) < AHEAD)):
                return
            if not self._take_turn():
                return

    def _close_here(self) -> None:
        if self._gen is not None:
            self._context.run(_close_quietly, self._gen)

    def _make(self) -> list[Any]:
        """The results of one step: one item, or a plain function's result and the end."""
        try:
            if self._gen is not None:
                return [self._context.run(next, self._gen, _END)]
            assert self._fn is not None
            result = self._context.run(self._fn, *self._args)
        except BaseException as error:  # noqa: BLE001 - handed to the reader
            return [_Failed(error)]
        if inspect.isgenerator(result):
            self._gen = result
            return self._make()
        if inspect.isawaitable(result) or inspect.isasyncgen(result):
            return [_Handoff(result)]
        return [result, _END]

    def __del__(self) -> None:
        # Dropped unread and unclosed: close the generator (in a worker, as aclose does).
        if not self._closed and not self._over and self._gen is not None and self._turn:
            self._closed = True
            with contextlib.suppress(Exception):
                self._close_in_worker()


def _wake(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


def _close_quietly(gen: Generator[Any, Any, Any]) -> None:
    try:
        gen.close()
    except Exception:
        logging.getLogger("rillet").exception("error while closing a cancelled generator")
