"""Native plots over HTTP: /config as Gradio gives it, the real gradio_client receiving and
sending PlotData, and a frame that grows by rows sending only the new rows."""

from __future__ import annotations

import json
import time

import httpx
import pytest
from gradio_client import Client

import rillet as gr
from rillet.components.barplot import BarPlot
from rillet.components.lineplot import LinePlot
from rillet.components.plot import Plot
from rillet.components.scatterplot import ScatterPlot
from rillet.testing import serve

pd = pytest.importorskip("pandas")

START_ROWS = 500
STEP = 0.2


def frame(n):
    return pd.DataFrame({"step": list(range(n)), "loss": [i * 0.25 for i in range(n)]})


def grow():
    """A 500-row frame, then the same frame with 10 more rows, twice."""
    for n in (START_ROWS, START_ROWS + 10, START_ROWS + 20):
        yield frame(n)
        time.sleep(STEP)


def fruit():
    return pd.DataFrame({"fruit": ["fig", "plum"], "kg": [3.5, 2.0]})


ALTAIR = {"type": "altair", "plot": '{"mark": "bar", "data": {"values": [{"a": 1}]}}'}


def line_figure():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure = plt.figure()
    plt.plot([1, 3, 2])
    return figure


@pytest.fixture(scope="module")
def app():
    with gr.Blocks() as demo:
        line = LinePlot(frame(3), x="step", y="loss", title="Loss")
        scatter = ScatterPlot(x="step", y="loss")
        bars = BarPlot(x="fruit", y="kg", color_map={"fig": "#a0f"})
        rows = gr.Number()
        go = gr.Button()
        go.click(grow, None, line, api_name="grow")
        go.click(fruit, None, bars, api_name="fruit")
        scatter.change(lambda p: len(p["data"]), scatter, rows, api_name="count")
        scatter.select(lambda: None)
        figure = Plot()
        kind = gr.Textbox()
        go.click(lambda: ALTAIR, None, figure, api_name="altair")
        go.click(line_figure, None, figure, api_name="matplotlib")
        figure.change(lambda p: p["type"], figure, kind, api_name="kind")
    with serve(demo) as url:
        client = Client(url + "/", verbose=False)
        yield url, client
        client.close()


def test_config_has_gradio_types_and_props(app):
    url, _ = app
    config = httpx.get(url + "/config").json()
    plots = [c for c in config["components"] if c["type"] == "nativeplot"]
    assert [p["props"]["name"] for p in plots] == ["lineplot", "scatterplot", "barplot"]
    line, scatter, bars = (p["props"] for p in plots)
    assert line["value"] == {
        "columns": ["step", "loss"],
        "data": [[0, 0.0], [1, 0.25], [2, 0.5]],
        "datatypes": {"step": "quantitative", "loss": "quantitative"},
        "mark": "line",
    }
    assert line["title"] == "Loss"
    assert scatter["_selectable"] is True
    assert line["_selectable"] is False
    assert bars["color_map"] == {"fig": "#a0f"}


def test_client_receives_plot_data(app):
    _, client = app
    got = client.predict(api_name="/fruit")
    assert got == {
        "columns": ["fruit", "kg"],
        "data": [["fig", 3.5], ["plum", 2.0]],
        "datatypes": {"fruit": "nominal", "kg": "quantitative"},
        "mark": "bar",
    }


def test_client_sends_plot_data(app):
    _, client = app
    payload = {"columns": ["a"], "data": [[1], [2]], "datatypes": {"a": "quantitative"}}
    assert client.predict(payload, api_name="/count") == 2


def test_api_info_is_any_json(app):
    _, client = app
    info = client.view_api(print_info=False, return_format="dict")
    (param,) = info["named_endpoints"]["/count"]["parameters"]
    assert param["type"] == {"type": {}, "description": "any valid json"}
    assert param["example_input"] is None


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
        assert len(json.dumps(later["output"]["data"])) * 10 < whole
    final = next(m for m in got if m["msg"] == "process_completed")
    assert final["output"]["data"][0]["data"][-1] == [START_ROWS + 19, (START_ROWS + 19) * 0.25]


def test_client_receives_the_full_final_frame(app):
    _, client = app
    got = client.predict(api_name="/grow")
    assert got["columns"] == ["step", "loss"]
    assert len(got["data"]) == START_ROWS + 20


def test_plot_round_trips_plot_data(app):
    _, client = app
    assert client.predict(api_name="/altair") == ALTAIR
    assert client.predict(ALTAIR, api_name="/kind") == "altair"
    info = client.view_api(print_info=False, return_format="dict")
    (param,) = info["named_endpoints"]["/kind"]["parameters"]
    assert param["type"]["title"] == "PlotData"


def test_plot_sends_a_matplotlib_figure_as_an_image(app):
    pytest.importorskip("matplotlib")
    _, client = app
    got = client.predict(api_name="/matplotlib")
    assert got["type"] == "matplotlib"
    assert got["plot"].startswith("data:image/webp;base64,UklGR")
