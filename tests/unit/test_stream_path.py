"""The streamed token's path, issue #22: a sync generator's steps run ahead in worker threads
(bounded), worker callbacks reach the loop through one inbox, a streamed result's frame is
built from a template, a stream writes the tokens waiting together in one write, and one
timer serves a session's waits."""

import asyncio
import json
import threading
import time

import pytest

from rillet import protocol
from rillet.core import runner
from rillet.core.results import Results
from rillet.core.session import Session, Wakeup
from rillet.core.workers import Workers

from . import aio

WAIT_S = 10.0


@pytest.fixture
def workers():
    pool = Workers(4)
    yield pool
    pool.shutdown()


async def until(condition, timeout=WAIT_S):
    """Wait (on the loop) until ``condition()`` holds; fails after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        await asyncio.sleep(0.005)


def test_steps_run_ahead_of_a_slow_reader_but_no_further_than_ahead(workers):
    made = []

    def endless():
        i = 0
        while True:
            made.append(i)
            yield i
            i += 1

    async def main():
        steps = runner.iterate(endless, [], workers)
        assert isinstance(steps, runner.Steps)
        first = await steps.__anext__()
        # the reader stops reading: the steps fill the buffer, then give the turn back
        await until(lambda: len(steps._ready) == runner.AHEAD and steps._turn)
        assert len(made) == 1 + runner.AHEAD
        assert steps.produced == 1 + runner.AHEAD
        items, ended, error = await steps.take()
        assert (items, ended, error) == (list(range(1, 1 + runner.AHEAD)), False, None)
        # taking made room: the steps go on
        await until(lambda: len(made) > 1 + runner.AHEAD)
        await steps.aclose()
        return first

    assert aio.run(main()) == 0


def test_take_returns_every_ready_result_in_order_then_the_end(workers):
    def three():
        yield from "abc"

    async def main():
        steps = runner.iterate(three, [], workers)
        first = await steps.__anext__()  # the first read starts the steps
        await until(lambda: len(steps._ready) == 3)  # b, c and the end
        return first, await steps.take()

    assert aio.run(main()) == ("a", (["b", "c"], True, None))


def test_a_plain_function_gives_its_result_once_and_its_error_after(workers):
    def fails():
        raise KeyError("no")

    async def main():
        ok = await runner.iterate(lambda: 5, [], workers).take()
        bad = await runner.iterate(fails, [], workers).take()
        return ok, bad

    ok, bad = aio.run(main())
    assert ok == ([5], True, None)
    assert bad[0] == [] and bad[1] is True and isinstance(bad[2], KeyError)


def test_a_sync_function_returning_a_coroutine_is_awaited_on_the_loop(workers):
    async def later(x):
        return threading.current_thread() is threading.main_thread(), x

    async def main():
        return [item async for item in runner.iterate(lambda: later(3), [], workers)]

    assert aio.run(main()) == [(False, 3)]  # aio.run's loop is not in the main thread


def test_closing_a_full_buffer_closes_the_generator_in_a_worker(workers):
    closed = threading.Event()
    where = []

    def endless():
        try:
            while True:
                yield 1
        finally:
            where.append(threading.current_thread().name)
            closed.set()

    async def main():
        steps = runner.iterate(endless, [], workers)
        await steps.__anext__()
        await until(lambda: len(steps._ready) == runner.AHEAD and steps._turn)
        await steps.aclose()
        await asyncio.get_running_loop().run_in_executor(None, closed.wait, WAIT_S)

    aio.run(main())
    assert closed.is_set()
    assert where[0].startswith("rillet-worker")


def test_results_read_steps_without_a_producer_task(workers):
    def two():
        yield 1
        yield 2

    async def main():
        results = Results(runner.iterate(two, [], workers))
        assert results._producer is None
        values = []
        while True:
            batch = await results.batch()
            values += batch.values
            if batch.ended:
                break
        await results.close()
        return values, results.produced

    assert aio.run(main()) == ([1, 2], 2)


class CountingLoop(asyncio.SelectorEventLoop):
    """A real loop that counts the wake-ups asked of it from other threads."""

    asked = 0

    def call_soon_threadsafe(self, *args, **kwargs):
        self.asked += 1
        return super().call_soon_threadsafe(*args, **kwargs)


def test_the_inbox_runs_a_burst_of_callbacks_in_order_for_one_wakeup(workers):
    loop = CountingLoop()
    got = []
    posted = threading.Event()

    def post(inbox):
        for i in range(100):
            inbox.call_soon(got.append, i)
        posted.set()

    async def main():
        inbox = workers.inbox(asyncio.get_running_loop())
        thread = threading.Thread(target=post, args=(inbox,))
        thread.start()
        posted.wait(WAIT_S)  # the loop is held: the callbacks pile up in the inbox
        await until(lambda: len(got) == 100)
        thread.join()

    def run():
        try:
            loop.run_until_complete(main())
        finally:
            loop.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert got == list(range(100))
    assert loop.asked == 1


@pytest.mark.parametrize(
    "data",
    [
        [[["append", [], "tok "]]],
        ["whole value", None, {"a": [1, 2.5, True]}],
        [[["replace", ["k", 0], 'quote " and é and \u2028']]],
        [],
    ],
)
@pytest.mark.parametrize("event_id", ["e1", None, 'odd"id'])
@pytest.mark.parametrize("seq", [None, 1, 123456789012])
def test_a_streamed_results_frame_has_the_generic_frames_bytes(data, event_id, seq):
    generic = protocol.ProcessGenerating(
        event_id=event_id, output=protocol.output(data, is_generating=True)
    )
    fast = protocol.generating(event_id, data)
    assert fast.frame(seq) == protocol.sse_frame(protocol.to_wire(generic, seq))
    assert fast.to_dict() == generic.to_dict()


def writes(session, after=None):
    async def main():
        out = []
        async for chunk in session.stream(after, heartbeat=5):
            frames = [f for f in chunk.decode().split("\n\n") if f]
            out.append([json.loads(f[len("data: ") :])["msg"] for f in frames])
        return out

    return aio.run(main())


def test_tokens_waiting_together_go_out_in_one_write_other_messages_alone():
    s = Session("s")
    s.begin("e")
    s.send(protocol.ProcessStarts(event_id="e"))
    for text in ("a", "ab", "abc"):
        s.send(protocol.generating("e", [text]))
    s.send(protocol.Progress(event_id="e"))
    s.send(protocol.generating("e", ["abcd"]))
    s.send(protocol.ProcessCompleted(event_id="e", output={}, success=True))
    s.end("e")
    assert writes(s) == [
        ["process_starts"],
        ["process_generating"] * 3,
        ["progress"],
        ["process_generating"],
        ["process_completed", "close_stream"],
    ]
    # a replay from a seq gets the same, from there
    assert writes(s, after=3) == [
        ["process_generating"],
        ["progress"],
        ["process_generating"],
        ["process_completed", "close_stream"],
    ]


def test_one_timer_serves_waits_of_different_lengths():
    async def main():
        w = Wakeup()
        short = asyncio.ensure_future(w.wait(0.05))
        long = asyncio.ensure_future(w.wait(WAIT_S))
        assert await asyncio.wait_for(short, WAIT_S) is False
        assert not long.done()
        w.set()
        assert await asyncio.wait_for(long, WAIT_S) is True
        w.clear()
        for _ in range(50):  # many quick waits set in turn leave no timer each
            waiter = asyncio.ensure_future(w.wait(WAIT_S))
            await asyncio.sleep(0)
            w.set()
            assert await waiter is True
            w.clear()
        assert await w.wait(0.02) is False  # the timer, moved on, still ends a wait
        assert w._waiters == []

    aio.run(main())


def test_a_notice_from_a_worker_is_in_place_before_the_result_made_after_it():
    """A worker step issues a notice, then makes its next result; the loop may hand that
    result over before it runs any callback, and the notice must still go out before it."""
    from rillet.core.notices import Notices

    async def scenario() -> list[str]:
        sent: list[str] = []
        produced = [1]
        notices = Notices(
            send=lambda m: sent.append(m.log),
            produced=lambda: produced[0],
            loop=asyncio.get_running_loop(),
        )
        notices.handled_one()  # result 1 sent
        worker = threading.Thread(
            target=notices.issue, args=(protocol.Log(event_id="e", log="after 1"),)
        )
        worker.start()
        worker.join()
        produced[0] = 2  # the worker's next result, taken before any callback ran
        notices.flush()  # what the job does before it sends a result
        sent.append("result 2")
        notices.handled_one()
        return sent

    assert aio.run(scenario()) == ["after 1", "result 2"]
