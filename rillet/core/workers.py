"""Worker threads for user code, cheap enough to hand one generator step at a time.

``concurrent.futures.ThreadPoolExecutor`` builds a Future (a Condition and its locks) and
takes two module locks for every ``submit``; with hundreds of threads waking every few
milliseconds the event loop thread spends most of its time there, waiting for the GIL.
Here a call is one put on a ``SimpleQueue``, and its result a callback handed to the loop
through an :class:`Inbox`: one ``call_soon_threadsafe`` (one write to the loop's wake-up
socket, one read of it, one handle) for every callback that comes while the loop is busy,
not one each.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable
from typing import Any

log = logging.getLogger("rillet")

Done = Callable[[Any, BaseException | None], None]


class Workers:
    """Up to ``size`` threads, started as work needs them."""

    def __init__(self, size: int, name: str = "rillet-worker") -> None:
        self.size = max(1, size)
        self.name = name
        self._queue: queue.SimpleQueue[
            tuple[Callable[..., Any], tuple[Any, ...], Done | None] | None
        ] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._idle = 0
        self._queued = 0  # calls put on the queue and not yet taken by a thread
        self._lock = threading.Lock()
        self._inboxes: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Inbox] = (
            weakref.WeakKeyDictionary()
        )

    def inbox(self, loop: asyncio.AbstractEventLoop) -> Inbox:
        """The inbox of ``loop``, where these workers hand their callbacks (call it on
        ``loop``: the first call makes it)."""
        inbox = self._inboxes.get(loop)
        if inbox is None:
            inbox = self._inboxes[loop] = Inbox(loop)
        return inbox

    def submit(self, fn: Callable[..., Any], *args: Any, done: Done | None = None) -> None:
        """Run ``fn(*args)`` in a worker; ``done(result, error)`` is called there after."""
        with self._lock:
            # idle threads may not have taken the calls queued before this one yet
            self._queued += 1
            grow = self._queued > self._idle and len(self._threads) < self.size
            if grow:
                thread = threading.Thread(
                    target=self._work, name=f"{self.name}-{len(self._threads)}", daemon=True
                )
                self._threads.append(thread)
        self._queue.put((fn, args, done))
        if grow:
            thread.start()

    def start(self, fn: Callable[..., Any], *args: Any) -> asyncio.Future[Any]:
        """Run ``fn(*args)`` in a worker; the returned future (of the running loop) gets
        its result. Cancelling the future does not stop the call."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()
        inbox = self.inbox(loop)

        def done(result: Any, error: BaseException | None) -> None:
            inbox.call_soon(_settle, future, result, error)

        self.submit(fn, *args, done=done)
        return future

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(*args)`` run in a worker, awaited."""
        return await self.start(fn, *args)

    def _work(self) -> None:
        while True:
            with self._lock:
                self._idle += 1
            item = self._queue.get()
            with self._lock:
                self._idle -= 1
                if item is not None:
                    self._queued -= 1
            if item is None:
                return
            fn, args, done = item
            try:
                result, error = fn(*args), None
            except BaseException as failure:  # noqa: BLE001 - handed to the caller
                result, error = None, failure
            if done is not None:
                with contextlib.suppress(RuntimeError):  # a closed loop: nobody waits any more
                    done(result, error)
            elif error is not None:
                log.error("error in a worker thread", exc_info=error)
            # an idle thread must not keep its last call alive (a job, its session...)
            item = fn = args = done = result = error = None  # type: ignore[assignment]

    def busy(self) -> bool:
        """True while any call is queued or running."""
        with self._lock:
            return self._queued > 0 or self._idle < len(self._threads)

    def shutdown(self, wait: float = 0.0) -> None:
        """Let every thread end once the work queued before has run; wait up to ``wait``
        seconds for them (a thread stuck in user code is left, as a daemon)."""
        for _ in self._threads:
            self._queue.put(None)
        deadline = time.monotonic() + wait
        for thread in list(self._threads):
            if thread.ident is not None:  # one being started by a submit from a worker runs
                thread.join(max(0.0, deadline - time.monotonic()))  # to the None put for it


class Inbox:
    """Callbacks from other threads for one event loop, run there in order: the first
    one in asks the loop (``call_soon_threadsafe``) to run all that are in when it gets to
    them; those that come meanwhile ride along.

    No lock: appends and pops of a deque are atomic, and the loop clears ``_asked`` before
    it empties the deque, so a callback put in after the emptying began sees it cleared
    and asks again (at worst the loop is asked once more for nothing)."""

    __slots__ = ("__weakref__", "_asked", "_calls", "_loop")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        # weakly: the workers keep an inbox per loop, which must not keep the loop alive
        self._loop = weakref.ref(loop)
        self._calls: deque[tuple[Callable[..., Any], tuple[Any, ...]]] = deque()
        self._asked = False

    def call_soon(self, fn: Callable[..., Any], *args: Any) -> None:
        """From any thread: run ``fn(*args)`` on the loop, soon. RuntimeError when the
        loop is closed."""
        self._calls.append((fn, args))
        if not self._asked:
            self._asked = True
            try:
                loop = self._loop()
                if loop is None:
                    raise RuntimeError("the event loop is gone")
                loop.call_soon_threadsafe(self._run)
            except RuntimeError:
                self._asked = False
                raise

    def _run(self) -> None:
        self._asked = False
        calls = self._calls
        for _ in range(len(calls)):  # those in now; later ones were asked for anew
            fn, args = calls.popleft()
            try:
                fn(*args)
            except Exception:  # one callback's failure must not drop the rest
                log.exception("error in a callback from a worker thread")


def _settle(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.done():
        return
    if isinstance(error, StopIteration):  # asyncio refuses StopIteration as an exception
        error = RuntimeError(f"{type(error).__name__} raised in a worker")
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
