"""A streamed multi-series line over HTTP: ``/config`` says which plots can be brushed
(Gradio's ``_selectable``, also for ``gr.on([plot.select])``), the real gradio_client
rebuilds every frame of a line whose series appear one after the other, and later frames
travel as rows added at the end (the page appends them to the drawn chart)."""

from __future__ import annotations

import time

import httpx
import pytest
from gradio_client import Client

import rillet as gr
from rillet.testing import serve

pd = pytest.importorskip("pandas")

#: Rows per frame: the series "c" first, then "a" joins, then "b".
SIZES = (4, 8, 12, 16)
SERIES = ["c", "c", "a", "c", "b", "a"]
TYPES = {"step": "quantitative", "value": "quantitative", "kind": "nominal"}


def frame(n: int):
    return pd.DataFrame(
        {
            "step": range(n),
            "value": [float(i % 5) for i in range(n)],
            "kind": [SERIES[i % len(SERIES)] if i >= 2 else "c" for i in range(n)],
        }
    )


def grow():
    for n in SIZES:
        yield frame(n)
        time.sleep(0.05)


def picked(selection: gr.SelectData) -> str:
    return str(selection.index)


@pytest.fixture(scope="module")
def app():
    with gr.Blocks() as demo:
        streamed = gr.LinePlot(x="step", y="value", color="kind", elem_id="streamed")
        brushed = gr.LinePlot(x="step", y="value", elem_id="brushed")
        out = gr.Textbox()
        gr.Button().click(grow, None, streamed, api_name="grow")
        gr.on([brushed.select], picked, None, out)
    with serve(demo) as url:
        client = Client(url + "/", verbose=False)
        yield url, client
        client.close()


def test_config_says_which_plots_can_be_brushed(app):
    url, _ = app
    components = httpx.get(url + "/config").json()["components"]
    selectable = {
        c["props"]["elem_id"]: c["props"]["_selectable"]
        for c in components
        if c.get("type") == "nativeplot"
    }
    assert selectable == {"streamed": False, "brushed": True}


def test_a_line_whose_series_appear_one_by_one_arrives_whole(app):
    _, client = app
    seen = list(client.submit(api_name="/grow"))
    assert [len(p["data"]) for p in seen] == list(SIZES)
    for plot in seen:
        expected = frame(len(plot["data"]))
        assert plot["columns"] == ["step", "value", "kind"]
        assert plot["datatypes"] == {
            "step": "quantitative",
            "value": "quantitative",
            "kind": "nominal",
        }
        assert plot["data"] == expected.values.tolist()
    # the order the series first appear: the order the page colours them in, as Gradio
    kinds = [row[2] for row in seen[-1]["data"]]
    assert list(dict.fromkeys(kinds)) == ["c", "a", "b"]


def test_later_frames_travel_as_added_rows(app, sse_for):
    url, _ = app
    deps = httpx.get(url + "/config").json()["dependencies"]
    index = next(d["id"] for d in deps if d["api_name"] == "grow")
    gens = [m for _, m in sse_for(url).run(index, []) if m["msg"] == "process_generating"]
    assert len(gens) == len(SIZES)
    for before, later in zip(SIZES, gens[1:], strict=False):
        (edits,) = later["output"]["data"]
        assert [(op, path) for op, path, _ in edits] == [
            ("add", ["data", before + k]) for k in range(4)
        ]
