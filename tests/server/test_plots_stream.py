"""A generator feeding a growing pandas frame to a Dataframe and a LinePlot at once, over
HTTP: the real gradio_client rebuilds every intermediate frame from the ``add`` edits, and a
frame changed in place (a cell in the middle) arrives changed."""

from __future__ import annotations

import json
import time

import httpx
import pytest
from gradio_client import Client

import rillet as gr
from rillet.components.dataframe import Dataframe
from rillet.components.lineplot import LinePlot
from rillet.testing import serve

pd = pytest.importorskip("pandas")

SIZES = (500, 510, 520, 530)


def frame(n):
    return pd.DataFrame({"step": range(n), "value": [float(i % 9) for i in range(n)]})


def grow():
    for n in SIZES:
        part = frame(n)
        yield part, part
        time.sleep(0.1)


def edit_in_place():
    """The same frame object, grown and then changed in its middle."""
    data = frame(20)
    yield data, data
    time.sleep(0.1)
    data.loc[len(data)] = [20, 1.0]
    yield data, data
    time.sleep(0.1)
    data.loc[3, "value"] = 42.0
    yield data, data


@pytest.fixture(scope="module")
def app():
    with gr.Blocks() as demo:
        table = Dataframe()
        plot = LinePlot(x="step", y="value")
        gr.Button().click(grow, None, [table, plot], api_name="grow")
        gr.Button().click(edit_in_place, None, [table, plot], api_name="edit_in_place")
    with serve(demo) as url:
        client = Client(url + "/", verbose=False)
        yield url, client
        client.close()


def test_every_intermediate_frame_arrives_whole(app):
    _, client = app
    job = client.submit(api_name="/grow")
    seen = list(job)
    sizes = [len(table["data"]) for table, _ in seen]
    assert sizes[-1] == SIZES[-1] and sizes == sorted(sizes)
    for table, plot in seen:
        n = len(table["data"])
        assert table["data"] == [[i, float(i % 9)] for i in range(n)]
        assert plot["columns"] == ["step", "value"] and plot["mark"] == "line"
        assert plot["data"] == table["data"]


def test_growth_travels_as_added_rows(app, sse_for):
    url, _ = app
    deps = httpx.get(url + "/config").json()["dependencies"]
    index = next(d["id"] for d in deps if d["api_name"] == "grow")
    got = [m for _, m in sse_for(url).run(index, [])]
    gens = [m for m in got if m["msg"] == "process_generating"]
    whole = len(json.dumps(gens[0]["output"]["data"]))
    for later in gens[1:]:
        table_edits, plot_edits = later["output"]["data"]
        assert {op for op, _, _ in table_edits} == {"add"}
        assert {op for op, _, _ in plot_edits} == {"add"}
        assert len(json.dumps(later["output"]["data"])) * 10 < whole


def test_a_frame_changed_in_place_arrives_changed(app):
    _, client = app
    table, plot = client.predict(api_name="/edit_in_place")
    assert len(table["data"]) == 21
    assert table["data"][3] == [3, 42.0]
    assert plot["data"][3] == [3, 42.0]
