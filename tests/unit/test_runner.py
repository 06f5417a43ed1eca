"""The runner over the four function shapes, and closing on cancel."""

import asyncio
import threading

import pytest

from rillet.core import runner
from rillet.core.workers import Workers

from . import aio


@pytest.fixture
def executor():
    workers = Workers(4)
    yield workers
    workers.shutdown()


def collect(fn, args, executor):
    async def main():
        return [item async for item in runner.iterate(fn, args, executor)]

    return aio.run(main())


def plain(x):
    return x * 2


async def coroutine(x):
    await asyncio.sleep(0)
    return x * 3


def sync_gen(n):
    yield from range(n)


async def async_gen(n):
    for i in range(n):
        await asyncio.sleep(0)
        yield i


def returns_generator(n):
    return sync_gen(n)


@pytest.mark.parametrize(
    "fn,args,expected",
    [
        (plain, [2], [4]),
        (coroutine, [2], [6]),
        (sync_gen, [3], [0, 1, 2]),
        (async_gen, [3], [0, 1, 2]),
        (returns_generator, [2], [0, 1]),
        (lambda: None, [], [None]),
    ],
)
def test_every_shape_yields_its_results(fn, args, expected, executor):
    assert collect(fn, args, executor) == expected


def test_sync_functions_run_off_the_event_loop(executor):
    seen = []

    def where():
        seen.append(threading.current_thread().name)
        yield 1

    collect(where, [], executor)
    assert seen and seen[0] != threading.main_thread().name


def test_exception_after_a_yield_surfaces_after_that_yield(executor):
    def breaks():
        yield "first"
        raise ValueError("boom")

    async def main():
        got = []
        with pytest.raises(ValueError, match="boom"):
            async for item in runner.iterate(breaks, [], executor):
                got.append(item)
        return got

    assert aio.run(main()) == ["first"]


def test_cancelling_a_sync_generator_runs_its_finally_in_a_worker(executor):
    closed = threading.Event()
    closer = []

    def endless():
        try:
            while True:
                yield 1
        finally:
            closer.append(threading.current_thread().name)
            closed.set()

    async def main():
        running = asyncio.Event()

        async def consume():
            async for _ in runner.iterate(endless, [], executor):
                running.set()
                await asyncio.sleep(0)

        task = asyncio.create_task(consume())
        await asyncio.wait_for(running.wait(), 5)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        # keep the loop alive: the close is handed over when the step in progress returns
        await asyncio.get_running_loop().run_in_executor(None, closed.wait, 5)

    aio.run(main())
    assert closed.is_set(), "the generator's finally did not run"
    assert closer[0] != threading.main_thread().name


def test_cancelling_mid_step_closes_after_the_step_returns(executor):
    in_step = threading.Event()
    release = threading.Event()
    finished = threading.Event()
    events = []

    def slow():
        try:
            yield 0
            in_step.set()
            release.wait(5)
            events.append("step done")
            yield 1
            events.append("resumed")  # must never run
        finally:
            events.append("finally")
            finished.set()

    async def main():
        async def consume():
            async for _ in runner.iterate(slow, [], executor):
                pass

        task = asyncio.create_task(consume())
        await asyncio.get_running_loop().run_in_executor(None, in_step.wait, 5)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        assert task.cancelled() or task.done()
        assert events == []  # the step is still running: nothing closed it early
        release.set()
        await asyncio.get_running_loop().run_in_executor(None, finished.wait, 5)

    aio.run(main())
    assert events == ["step done", "finally"]


def test_cancelling_an_async_generator_runs_its_finally(executor):
    events = []

    async def agen():
        try:
            while True:
                await asyncio.sleep(0.01)
                yield 1
        finally:
            events.append("finally")

    async def main():
        running = asyncio.Event()

        async def consume():
            async for _ in runner.iterate(agen, [], executor):
                running.set()

        task = asyncio.create_task(consume())
        await asyncio.wait_for(running.wait(), 5)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    aio.run(main())
    assert events == ["finally"]
