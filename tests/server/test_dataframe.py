"""Dataframe over HTTP: the real gradio_client sends and receives frames of every type, and a
frame that grows by rows sends only the new rows while the client still gets the whole."""

from __future__ import annotations

import json
import time

import httpx
import pytest
from gradio_client import Client

import rillet as gr
from rillet.components.dataframe import Dataframe
from rillet.testing import serve

pd = pytest.importorskip("pandas")

START_ROWS = 1000
STEP = 0.2


def rows(n):
    return [[i, f"row {i}", i * 0.5] for i in range(n)]


def grow():
    """A 1,000-row frame, then the same frame with 10 more rows, twice."""
    for n in (START_ROWS, START_ROWS + 10, START_ROWS + 20):
        yield pd.DataFrame(rows(n), columns=["i", "name", "half"])
        time.sleep(STEP)


@pytest.fixture(scope="module")
def app():
    with gr.Blocks() as demo:
        frame = Dataframe(headers=["a", "b"], interactive=True)
        as_numpy = Dataframe(type="numpy")
        as_array = Dataframe(type="array")
        total = gr.Number()
        out = Dataframe()
        frame.change(lambda df: float(df["a"].sum()), frame, total, api_name="pandas_sum")
        as_numpy.change(lambda a: float(a.sum()), as_numpy, total, api_name="numpy_sum")
        as_array.change(lambda a: a[::-1], as_array, out, api_name="reverse")
        go = gr.Button()
        go.click(grow, None, out, api_name="grow")
    with serve(demo) as url:
        client = Client(url + "/", verbose=False)
        yield url, client
        client.close()


def test_pandas_input_round_trip(app):
    _, client = app
    payload = {"headers": ["a", "b"], "data": [[1, "x"], [2, "y"]], "metadata": None}
    assert client.predict(payload, api_name="/pandas_sum") == 3.0


def test_numpy_input_round_trip(app):
    _, client = app
    payload = {"headers": ["1", "2"], "data": [[1, 2], [3, 4]], "metadata": None}
    assert client.predict(payload, api_name="/numpy_sum") == 10.0


def test_array_in_and_frame_out(app):
    _, client = app
    payload = {"headers": ["p", "q"], "data": [[1, "x"], [2, "y"]], "metadata": None}
    got = client.predict(payload, api_name="/reverse")
    assert got["data"] == [[2, "y"], [1, "x"]]
    assert got["headers"] == ["1", "2"]


def test_api_info_is_dataframe_data(app):
    _, client = app
    info = client.view_api(print_info=False, return_format="dict")
    (param,) = info["named_endpoints"]["/pandas_sum"]["parameters"]
    assert param["type"]["title"] == "DataframeData"
    assert param["component"] == "Dataframe"


def test_config_props(app):
    url, _ = app
    config = httpx.get(url + "/config").json()
    frames = [c for c in config["components"] if c["type"] == "dataframe"]
    assert len(frames) == 4
    assert frames[0]["props"]["value"] == {"headers": ["a", "b"], "data": [], "metadata": None}
    assert frames[1]["props"]["type"] == "numpy"


def test_grown_frame_sends_only_new_rows(app, sse_for):
    url, _ = app
    deps = httpx.get(url + "/config").json()["dependencies"]
    index = next(d["id"] for d in deps if d["api_name"] == "grow")
    got = [m for _, m in sse_for(url).run(index, [])]
    gens = [m for m in got if m["msg"] == "process_generating"]
    assert len(gens) == 3
    whole = len(json.dumps(gens[0]["output"]["data"]))
    for later in gens[1:]:
        (edits,) = later["output"]["data"]
        assert [op for op, _, _ in edits] == ["add"] * 10
        assert len(json.dumps(later["output"]["data"])) * 20 < whole
    final = next(m for m in got if m["msg"] == "process_completed")
    assert final["output"]["data"][0]["data"] == rows(START_ROWS + 20)


def test_client_receives_the_full_final_frame(app):
    _, client = app
    got = client.predict(api_name="/grow")
    assert got["headers"] == ["i", "name", "half"]
    assert got["data"] == rows(START_ROWS + 20)
