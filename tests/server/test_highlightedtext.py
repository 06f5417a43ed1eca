"""HighlightedText over HTTP: the real gradio_client sends and receives its token lists."""

from __future__ import annotations

import httpx
import pytest
from gradio_client import Client

import rillet as gr
from rillet.testing import serve


def tag(text):
    return [(word + " ", "CAP" if word[:1].isupper() else None) for word in text.split()]


def count_labels(tokens):
    return sum(1 for t in tokens if t["class_or_confidence"] is not None)


@pytest.fixture(scope="module")
def app():
    with gr.Blocks() as demo:
        text = gr.Textbox()
        tagged = gr.HighlightedText(combine_adjacent=True, color_map={"CAP": "blue"})
        count = gr.Number()
        text.submit(tag, text, tagged, api_name="tag")
        tagged.change(count_labels, tagged, count, api_name="count")
    with serve(demo) as url:
        client = Client(url + "/", verbose=False)
        yield url, client
        client.close()


def test_output_comes_back_combined(app):
    _, client = app
    assert client.predict("Ada Bob met them there", api_name="/tag") == [
        {"token": "Ada Bob ", "class_or_confidence": "CAP"},
        {"token": "met them there ", "class_or_confidence": None},
    ]


def test_input_reaches_the_function_as_token_dicts(app):
    _, client = app
    tokens = [
        {"token": "a", "class_or_confidence": "X"},
        {"token": "b", "class_or_confidence": None},
        {"token": "c", "class_or_confidence": 0.5},
    ]
    assert client.predict(tokens, api_name="/count") == 2


def test_config_and_api_info(app):
    url, client = app
    config = httpx.get(url + "/config").json()
    (entry,) = [c for c in config["components"] if c["type"] == "highlightedtext"]
    assert entry["props"]["color_map"] == {"CAP": "blue"}
    assert entry["props"]["combine_adjacent"] is True
    info = client.view_api(print_info=False, return_format="dict")
    (param,) = info["named_endpoints"]["/count"]["parameters"]
    assert param["type"]["title"] == "HighlightedTextData"
