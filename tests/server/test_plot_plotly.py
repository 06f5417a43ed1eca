"""gr.Plot with plotly figures over HTTP: the real gradio_client receives what Gradio 6.31
sends for the same figure (checked against a real Gradio app when the bench's Gradio venv
has plotly; skipped otherwise), a generator's figures arrive as frames, and the vendor route
serves the pinned plotly.js."""

from __future__ import annotations

import json
import runpy
import subprocess
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from gradio_client import Client

import rillet as gr
from rillet.testing import serve
from tests.server.conftest import GRADIO_PYTHON, gradio_serving

pytest.importorskip("plotly")

ROOT = Path(__file__).resolve().parents[2]

#: The figures and the app, as source: run by rillet here and by Gradio in its own venv, so
#: both serve the same figures. ``points(n)``: a scatter of n points from numpy arrays
#: (plotly.py sends those as typed arrays); ``fruit()``: a titled bar chart of lists.
APP = """
import numpy as np
import plotly.graph_objects as go


def points(n):
    x = np.arange(n, dtype=float)
    return go.Figure(go.Scatter(x=x, y=x * x, mode="markers"), layout={"title": {"text": f"{n}"}})


def fruit():
    return go.Figure(go.Bar(x=["fig", "plum", "pear"], y=[3, 1, 4]), layout={"height": 300})


def frames():
    for n in (3, 5, 7):
        yield points(n)


def build(gr):
    with gr.Blocks() as demo:
        plot = gr.Plot(fruit(), label="Fruit")
        kind = gr.Textbox()
        go_ = gr.Button()
        go_.click(fruit, None, plot, api_name="fruit")
        go_.click(lambda: points(4), None, plot, api_name="points")
        go_.click(frames, None, plot, api_name="frames")
        plot.change(lambda p: p["type"], plot, kind, api_name="kind")
    return demo
"""


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """APP's functions (points, fruit, frames, build), run from a file as Gradio runs it."""
    script = tmp_path_factory.mktemp("figures") / "figures.py"
    script.write_text(APP)
    return runpy.run_path(str(script))


@pytest.fixture(scope="module")
def rillet_app(figures: dict[str, Any]) -> Iterator[tuple[str, Client]]:
    with serve(figures["build"](gr)) as url:
        client = Client(url + "/", verbose=False)
        yield url, client
        client.close()


def test_client_receives_the_figure_json(rillet_app, figures) -> None:
    _, client = rillet_app
    got = client.predict(api_name="/fruit")
    assert got == {"type": "plotly", "plot": figures["fruit"]().to_json()}
    scatter = json.loads(client.predict(api_name="/points")["plot"])
    # numpy arrays travel as plotly.py encodes them (typed arrays), which plotly.js reads
    assert scatter["data"][0]["x"]["dtype"] == "f8"
    assert "bdata" in scatter["data"][0]["x"]


def test_client_sends_plot_data_back(rillet_app, figures) -> None:
    _, client = rillet_app
    payload = {"type": "plotly", "plot": figures["fruit"]().to_json()}
    assert client.predict(payload, api_name="/kind") == "plotly"


def test_a_generator_of_figures_streams_each_as_a_frame(rillet_app, figures) -> None:
    _, client = rillet_app
    job = client.submit(api_name="/frames")
    job.result(timeout=30)
    titles = [json.loads(out["plot"])["layout"]["title"]["text"] for out in job.outputs()]
    assert titles == ["3", "5", "7"]
    assert job.outputs()[-1]["plot"] == figures["points"](7).to_json()


def test_config_carries_the_figure(rillet_app, figures) -> None:
    url, _ = rillet_app
    config = httpx.get(url + "/config").json()
    (plot,) = [c for c in config["components"] if c["type"] == "plot"]
    assert plot["props"]["value"] == {"type": "plotly", "plot": figures["fruit"]().to_json()}


def test_a_plotly_figure_is_sent_without_a_warning(figures) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = gr.Plot().postprocess(figures["fruit"]())
    assert value is not None and value["type"] == "plotly"


def test_vendor_route_serves_the_pinned_plotly_js(rillet_app) -> None:
    url, _ = rillet_app
    lock = json.loads((ROOT / "rillet/vendor/package-lock.json").read_text())
    version = lock["packages"]["node_modules/plotly.js-strict-dist-min"]["version"]
    r = httpx.get(f"{url}/static/vendor/plotly.js")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/javascript")
    assert f"plotly.js (strict - minified) v{version}" in r.text[:200]
    assert httpx.get(f"{url}/static/vendor/plotly-strict.min.js").status_code == 404


# --- the same app under Gradio 6.31 -------------------------------------------------------

GRADIO_MAIN = """
import gradio as gr

demo = build(gr)
demo.launch(server_name="127.0.0.1")
"""


def gradio_has_plotly() -> bool:
    if not GRADIO_PYTHON.exists():
        return False
    found = subprocess.run([str(GRADIO_PYTHON), "-c", "import plotly"], capture_output=True)
    return found.returncode == 0


@pytest.fixture(scope="module")
def gradio_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Client]]:
    if not gradio_has_plotly():
        pytest.skip("no Gradio venv with plotly at bench/.gradio-venv (CI has none)")
    with gradio_serving(APP + GRADIO_MAIN, tmp_path_factory.mktemp("gradio")) as url:
        client = Client(url + "/", verbose=False)
        yield url, client
        client.close()


def versions_match() -> bool:
    """Both venvs have the same plotly.py (so the figures' JSON text is the same)."""
    import plotly

    theirs = subprocess.run(
        [str(GRADIO_PYTHON), "-c", "import plotly; print(plotly.__version__)"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return theirs == plotly.__version__


@pytest.mark.timeout(120)
@pytest.mark.parametrize("api_name", ["/fruit", "/points"])
def test_the_value_is_what_gradio_sends(rillet_app, gradio_app, api_name) -> None:
    ours = rillet_app[1].predict(api_name=api_name)
    theirs = gradio_app[1].predict(api_name=api_name)
    assert ours.keys() == theirs.keys() == {"type", "plot"}
    assert ours["type"] == theirs["type"] == "plotly"
    assert json.loads(ours["plot"]) == json.loads(theirs["plot"])
    if versions_match():
        assert ours["plot"] == theirs["plot"]


@pytest.mark.timeout(120)
def test_the_streamed_frames_are_what_gradio_sends(rillet_app, gradio_app) -> None:
    got = []
    for _, client in (rillet_app, gradio_app):
        job = client.submit(api_name="/frames")
        job.result(timeout=60)
        got.append([json.loads(out["plot"]) for out in job.outputs()])
    ours, theirs = got
    assert len(ours) == 3
    assert ours == theirs


@pytest.mark.timeout(120)
def test_the_config_props_are_what_gradio_sends(rillet_app, gradio_app) -> None:
    props = []
    for url, _ in (rillet_app, gradio_app):
        config = httpx.get(url + "/config").json()
        (plot,) = [c for c in config["components"] if c["type"] == "plot"]
        # Gradio leaves out the props that are None; rillet sends them as null
        props.append({k: v for k, v in plot["props"].items() if v is not None})
    ours, theirs = props
    assert json.loads(ours.pop("value")["plot"]) == json.loads(theirs.pop("value")["plot"])
    assert ours == theirs
