"""The executor seam without Ray: Warm, the in-process executor, backend and option checks,
and the file shipping of remote results (both ends, as plain functions)."""

from __future__ import annotations

import inspect
import pickle
import threading

import pytest

import rillet as gr
from rillet.core.executor import Call, InProcess
from rillet.core.ray_executor import received
from rillet.core.remote_steps import Carrying, Report, Shipped, ship_files, steps
from rillet.core.spec import is_generator
from rillet.core.workers import Workers

from . import aio

MADE = []


class Model:
    def __init__(self, scale):
        MADE.append(self)
        self.scale = scale

    def __call__(self, x, progress=gr.Progress()):
        for i in range(int(x)):
            progress((i, int(x)))
            yield i * self.scale


def test_warm_makes_one_instance_on_first_use_and_looks_like_its_call():
    MADE.clear()
    warm = gr.Warm(Model, 10)
    assert MADE == []
    assert list(inspect.signature(warm).parameters) == ["x", "progress"]
    assert is_generator(warm)
    assert list(warm(3)) == [0, 10, 20] and list(warm(2)) == [0, 10]
    assert len(MADE) == 1


def test_warm_pickles_without_its_instance():
    MADE.clear()
    warm = gr.Warm(Model, 2)
    warm(1)
    copy = pickle.loads(pickle.dumps(warm))
    assert copy._instance is None and list(copy(2)) == [0, 2]
    assert len(MADE) == 2


def test_warm_needs_a_class_with_call():
    with pytest.raises(TypeError, match="class with a __call__"):
        gr.Warm(lambda: None)
    with pytest.raises(TypeError, match="defines no __call__"):
        gr.Warm(type("NoCall", (), {}))


def test_in_process_executor_runs_warm_with_progress():
    workers = Workers(2)
    reports = []

    async def main():
        call = Call(gr.Warm(Model, 1), [3], reports.append)
        return [item async for item in InProcess(workers).iterate(call)]

    try:
        assert aio.run(main()) == [0, 1, 2]
    finally:
        workers.shutdown()
    assert [r[0]["index"] for r in reports] == [0, 1, 2]


def test_steps_runs_the_four_shapes_with_progress_reports_before_results():
    async def coro(x):
        return x + 1

    async def agen(x):
        yield x
        yield x * 2

    assert list(steps(lambda x: x * 3, [2])) == [6]
    assert list(steps(coro, [2])) == [3]
    assert list(steps(agen, [2])) == [2, 4]
    got = list(steps(Model(5), [2]))
    assert [type(g) for g in got] == [Report, int, Report, int]
    assert got[1::2] == [0, 5]


def test_closing_steps_runs_the_functions_finally():
    closed = threading.Event()

    def gen():
        try:
            while True:
                yield 1
        finally:
            closed.set()

    running = steps(gen, [])
    next(running)
    running.close()
    assert closed.is_set()


def test_files_ship_as_bytes_and_land_where_the_web_process_keeps_them(tmp_path):
    made = tmp_path / "made.wav"
    made.write_bytes(b"RIFF....")
    found = []
    item = ship_files((str(made), "just text", {"__type__": "update", "value": made}), found)
    assert len(found) == 2 and item[1] == "just text"
    assert item[0] == Shipped(b"RIFF....", "made.wav")
    kept = {}

    def keep(data, name):
        kept[name] = data
        return f"/store/{name}"

    back = received(Carrying(item).value, keep)
    assert back == (
        "/store/made.wav",
        "just text",
        {"__type__": "update", "value": "/store/made.wav"},
    )
    assert kept == {"made.wav": b"RIFF...."}


def test_only_files_under_the_working_or_temporary_directory_ship():
    found = []
    assert ship_files("/etc/hostname", found) == "/etc/hostname" and found == []
    assert ship_files("relative/name.wav", found) == "relative/name.wav"


def test_bad_backend_and_ray_options_are_refused_clearly():
    with pytest.raises(ValueError, match="unknown backend 'dask'"):
        gr.Blocks().queue(backend="dask")
    with gr.Blocks(), pytest.raises(TypeError, match="ray_options must be a dict"):
        gr.Button().click(lambda: None, None, None, ray_options="num_gpus=1")


def test_asking_for_ray_without_ray_says_how_to_install(monkeypatch):
    import builtins

    from rillet.core import ray_executor

    real_import = builtins.__import__

    def no_ray(name, *args, **kwargs):
        if name == "ray":
            raise ImportError("No module named 'ray'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ray)
    with pytest.raises(ImportError, match=r"pip install 'rillet\[ray\]'"):
        ray_executor.import_ray()
