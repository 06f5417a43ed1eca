"""Dataset over HTTP: a click's index reaches the function as the sample, its index or
both; new samples sent with gr.update are processed."""

from __future__ import annotations

import httpx
import pytest
from gradio_client import Client

import rillet as gr
from rillet.testing import serve

SAMPLES = [["alpha", 1], ["beta", 2], ["gamma", 3]]


def describe(sample):
    return repr(sample)


@pytest.fixture(scope="module")
def app():
    with gr.Blocks() as demo:
        text = gr.Textbox(visible=False)
        num = gr.Number(visible=False)
        out = gr.Textbox()
        for kind in ("values", "index", "tuple"):
            ds = gr.Dataset(components=[text, num], samples=SAMPLES, type=kind)
            ds.click(describe, ds, out, api_name=f"by_{kind}")
        gallery = gr.Dataset(components=["checkbox"], samples=[[True]])
        more = gr.Button()
        more.click(lambda: gr.update(samples=[[False], [1]]), None, gallery, api_name="replace")
    with serve(demo) as url:
        client = Client(url + "/", verbose=False)
        yield url, client
        client.close()


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("values", "['beta', 2]"), ("index", "1"), ("tuple", "(1, ['beta', 2])")],
)
def test_click_index_reaches_the_function(app, kind, expected):
    _, client = app
    assert client.predict(1, api_name=f"/by_{kind}") == expected


def test_a_bad_index_is_an_error(app):
    _, client = app
    with pytest.raises(Exception, match=r"no sample 7|Invalid value"):
        client.predict(7, api_name="/by_values")


def test_update_sends_processed_samples(app):
    _, client = app
    result = client.predict(api_name="/replace")
    assert result["samples"] == [[False], [True]]


def test_config_describes_the_samples(app):
    url, _ = app
    config = httpx.get(url + "/config").json()
    datasets = [c for c in config["components"] if c["type"] == "dataset"]
    assert len(datasets) == 4
    props = datasets[0]["props"]
    assert props["samples"] == SAMPLES
    assert [c["name"] for c in props["components"]] == ["textbox", "number"]
    assert props["type"] == "values"
    assert datasets[0]["api_info"] == {
        "type": "integer",
        "description": "index of selected example",
    }
