"""Run event functions on a Ray cluster (``queue(backend="ray")``).

Each call is a Ray task whose result is a streaming generator
(:func:`rillet.core.remote_steps.steps`): every yield of the user's function comes back as
soon as it is made, in order. A :class:`~rillet.core.warm.Warm` function runs on an actor
instead, one actor per call running at the same time, so its instance is made once per
actor and stays loaded. Closing the iterator cancels the remote call; the user's
``finally`` runs on the worker.

The queue in front has already admitted the call, so ``concurrency_limit`` holds as
in-process. Ray is imported only when an app asks for it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from rillet.core.executor import Call
from rillet.core.remote_steps import Carrying, Host, Report, Shipped, map_values, steps
from rillet.core.warm import Warm

log = logging.getLogger("rillet")
#: Ray's defaults for our tasks: no silent re-run of a call whose worker died (it would
#: stream its first yields to the page a second time); an event can ask otherwise.
TASK_DEFAULTS: dict[str, Any] = {"max_retries": 0}


class RemoteTraceback(Exception):
    """The traceback of an exception raised on a Ray worker (set as its ``__cause__``)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    def __str__(self) -> str:
        return self.text


def import_ray() -> Any:
    """The ``ray`` module, or an ImportError that says how to install it."""
    try:
        import ray
    except ImportError as error:
        raise ImportError("backend='ray' needs Ray: pip install 'rillet[ray]'") from error
    return ray


@dataclass
class _Pool:
    """The actors of one ``Warm`` function: idle ones wait for the next call."""

    idle: list[Any] = field(default_factory=list)
    all: list[Any] = field(default_factory=list)


class RayExecutor:
    """Runs calls on the Ray cluster this process is connected to."""

    def __init__(self, address: str | None = None) -> None:
        ray = import_ray()
        self.ray = ray
        self.owns_ray = not ray.is_initialized()
        if self.owns_ray:
            ray.init(address=address, configure_logging=False)
        self.node = ray.get_runtime_context().get_node_id()
        self._task = ray.remote(steps)
        self._host = ray.remote(Host)
        self._refs: dict[int, tuple[Callable[..., Any], Any]] = {}
        self._pools: dict[int, _Pool] = {}

    def iterate(self, call: Call) -> AsyncIterator[Any]:
        if isinstance(call.fn, Warm):
            return self._on_actor(call.fn, call)
        options = {**TASK_DEFAULTS, **(call.ray_options or {}), "num_returns": "streaming"}
        task = self._task.options(**options)
        return self._stream(
            task.remote(self._shipped(call.fn), call.args, self.node, call.kwargs), call
        )

    def _shipped(self, fn: Callable[..., Any]) -> Any:
        """``fn`` in Ray's object store, put there once (not pickled again per call)."""
        known = self._refs.get(id(fn))
        if known is None or known[0] is not fn:
            try:
                ref = self.ray.put(fn)
            except Exception as error:
                name = getattr(fn, "__name__", repr(fn))
                raise TypeError(
                    f"backend='ray' cannot send {name} to Ray's workers: it must "
                    f"be picklable (no locks, sockets or open files in what it "
                    f"refers to): {error}"
                ) from error
            known = self._refs[id(fn)] = (fn, ref)
        return known[1]

    async def _on_actor(self, warm: Warm, call: Call) -> AsyncIterator[Any]:
        pool = self._pools.setdefault(id(warm), _Pool())
        actor = (
            pool.idle.pop()
            if pool.idle
            else await self._new_actor(warm, pool, call.ray_options or {})
        )
        healthy = True
        method = actor.run.options(num_returns="streaming")
        stream = self._stream(method.remote(call.args, self.node, call.kwargs), call)
        try:
            async for item in stream:
                yield item
        except self.ray.exceptions.RayActorError:
            healthy = False
            raise
        finally:
            await stream.aclose()  # a stopped call is cancelled before the actor is free
            if healthy:
                pool.idle.append(actor)
            else:
                pool.all.remove(actor)

    async def _new_actor(self, warm: Warm, pool: _Pool, ray_options: dict[str, Any]) -> Any:
        actor = self._host.options(**ray_options).remote(warm)
        pool.all.append(actor)
        try:
            await actor.ready.remote()  # the model is loaded: its errors show here
        except asyncio.CancelledError:
            pool.idle.append(actor)  # stopped while it loads: the next call gets it
            raise
        except BaseException:
            pool.all.remove(actor)
            self.ray.kill(actor)
            raise
        return actor

    async def _stream(self, generator: Any, call: Call) -> AsyncGenerator[Any, None]:
        # The task is cancelled when this stream stops before the task has ended, and only
        # then: cancelling a task that has just failed races Ray's own end of it, and Ray
        # 2.60's driver then aborts ("Tried to complete task that was not pending").
        ended = False
        try:
            while True:
                try:
                    ref = await anext(generator)
                    item = await self._get(ref)
                except StopAsyncIteration:
                    ended = True
                    return
                except Exception:
                    ended = True  # raised by the task: it has ended
                    raise
                if isinstance(item, Report):
                    call.progress(item.data)
                    continue
                yield received(item.value, call.keep_file) if isinstance(item, Carrying) else item
        finally:
            if not ended:
                self.ray.cancel(generator)

    async def _get(self, ref: Any) -> Any:
        try:
            return await ref
        except self.ray.exceptions.RayTaskError as error:
            cause = error.cause
            if not isinstance(cause, BaseException) or isinstance(cause, asyncio.CancelledError):
                raise
            # The user's exception as they raised it (a gr.Error keeps its message and
            # options), with the worker's traceback as its cause for the log.
            raise cause from RemoteTraceback(str(error))

    def close(self) -> None:
        for pool in self._pools.values():
            for actor in pool.all:
                self.ray.kill(actor)
        self._pools.clear()
        self._refs.clear()
        if self.owns_ray:
            self.ray.shutdown()


def received(item: Any, keep_file: Callable[[bytes, str], str] | None) -> Any:
    """``item`` with each :class:`Shipped` file stored here (``keep_file``) and replaced
    by its local path."""

    def keep(value: Any) -> Any:
        if not isinstance(value, Shipped):
            return value
        if keep_file is None:
            raise RuntimeError(
                "a file came from a worker on another machine and there is nowhere to keep it"
            )
        return keep_file(value.data, value.name)

    return map_values(item, keep)
