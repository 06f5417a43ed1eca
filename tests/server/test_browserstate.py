"""BrowserState over HTTP: its value is an ordinary input and output for API clients;
a missing value (null) reaches the function as the default."""

from __future__ import annotations

import httpx
import pytest
from gradio_client import Client

import rillet as gr
from rillet.testing import serve


def remember(name, saved):
    return [*saved, name]


def recall(saved):
    return ", ".join(saved)


@pytest.fixture(scope="module")
def app():
    with gr.Blocks() as demo:
        name = gr.Textbox()
        saved = gr.BrowserState([], storage_key="names", secret="fixed-secret")
        out = gr.Textbox()
        name.submit(remember, [name, saved], saved, api_name="remember")
        gr.Button().click(recall, saved, out, api_name="recall")
    with serve(demo) as url:
        client = Client(url + "/", verbose=False)
        yield url, client
        client.close()


def test_value_in_and_out(app):
    _, client = app
    assert client.predict("Ada", ["Bob"], api_name="/remember") == ["Bob", "Ada"]
    assert client.predict(["Ada", "Bob"], api_name="/recall") == "Ada, Bob"


def test_null_means_the_default(app):
    _, client = app
    assert client.predict("Ada", None, api_name="/remember") == ["Ada"]


def test_config_carries_key_and_secret(app):
    url, client = app
    config = httpx.get(url + "/config").json()
    (entry,) = [c for c in config["components"] if c["type"] == "browserstate"]
    assert entry["props"]["storage_key"] == "names"
    assert entry["props"]["secret"] == "fixed-secret"
    assert entry["props"]["default_value"] == []
    info = client.view_api(print_info=False, return_format="dict")
    params = info["named_endpoints"]["/recall"]["parameters"]
    assert params[0]["type"] == {"type": {}, "description": "any json-serializable value"}
