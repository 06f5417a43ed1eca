"""Draggable, DeepLinkButton, Navbar, ParamViewer on a real server: /config, /info and a
gradio_client round trip."""

from __future__ import annotations

import warnings

import httpx
import pytest
from gradio_client import Client

import rillet as gr
from rillet.components.deeplinkbutton import DeepLinkButton
from rillet.components.dialogue import Dialogue
from rillet.components.layout import Draggable
from rillet.components.navbar import Navbar
from rillet.components.paramviewer import ParamViewer
from rillet.testing import serve

PARAMS = {"x": {"type": "int", "description": "The x", "default": "1"}}


def add_param(params, name):
    return {**params, name: {"type": "str", "description": f"The {name}", "default": None}}


def links_for(name):
    return [(name, name.lower())]


@pytest.fixture(scope="module")
def app_url():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with gr.Blocks() as demo:
            nav = Navbar(value=[("About", "about")], main_page_name="Dashboard")
            with Draggable(orientation="row"):
                name = gr.Textbox(label="name")
                viewer = ParamViewer(PARAMS)
            DeepLinkButton()
            gr.Button("Go").click(add_param, [viewer, name], viewer, api_name="add_param")
            name.submit(links_for, name, nav, api_name="links")
    with serve(demo) as url:
        yield url


def test_config_has_the_blocks_as_gradio_names_them(app_url):
    config = httpx.get(app_url + "/config").json()
    by_type = {c["type"]: c for c in config["components"]}
    assert by_type["draggable"]["props"]["orientation"] == "row"
    assert by_type["navbar"]["props"]["value"] == [["About", "about"]]
    assert by_type["navbar"]["props"]["main_page_name"] == "Dashboard"
    assert by_type["paramviewer"]["props"]["value"] == PARAMS
    assert by_type["paramviewer"]["props"]["header"] == "Parameters"
    assert by_type["deeplinkbutton"]["props"]["copied_value"] == "Link Copied!"
    assert by_type["deeplinkbutton"]["skip_api"] is True
    # the draggable's children sit inside it in the layout (a field in a Form, as in Gradio)
    (drag_id,) = [c["id"] for c in config["components"] if c["type"] == "draggable"]

    def find(node):
        if node.get("id") == drag_id:
            return node
        for child in node.get("children", []):
            found = find(child)
            if found:
                return found
        return None

    kids = [
        by_id["type"]
        for by_id in config["components"]
        if by_id["id"] in [child["id"] for child in find(config["layout"])["children"]]
    ]
    assert sorted(kids) == ["form", "paramviewer"]  # the textbox in Gradio's Form


def test_paramviewer_round_trip_through_gradio_client(app_url):
    client = Client(app_url, verbose=False)
    result = client.predict(PARAMS, "y", api_name="/add_param")
    assert result == {**PARAMS, "y": {"type": "str", "description": "The y", "default": None}}
    info = httpx.get(app_url + "/gradio_api/info").json()
    param = info["named_endpoints"]["/add_param"]["parameters"][0]
    assert param["component"] == "Paramviewer"
    assert param["type"] == {"type": {}, "description": "any valid json"}


def test_navbar_as_output_through_gradio_client(app_url):
    client = Client(app_url, verbose=False)
    assert client.predict("Settings", api_name="/links") == [["Settings", "settings"]]


LINES = [{"speaker": "A", "text": "hi"}, {"speaker": "B", "text": "yo"}]


def reverse_lines(lines):
    return list(reversed(lines))


@pytest.fixture(scope="module")
def dialogue_url():
    with gr.Blocks() as demo:
        as_text = Dialogue(speakers=["A", "B"])
        as_list = Dialogue(type="list", speakers=["A", "B"])
        out = gr.Textbox()
        gr.Button("a").click(lambda d: d, as_text, out, api_name="as_text")
        gr.Button("b").click(reverse_lines, as_list, as_list, api_name="as_list")
    with serve(demo) as url:
        yield url


def test_dialogue_round_trip_through_gradio_client(dialogue_url):
    client = Client(dialogue_url, verbose=False)
    assert client.predict(LINES, api_name="/as_text") == "[A] hi\n[B] yo"
    assert client.predict(LINES, api_name="/as_list") == list(reversed(LINES))
    info = httpx.get(dialogue_url + "/gradio_api/info").json()
    (param,) = info["named_endpoints"]["/as_list"]["parameters"]
    assert param["component"] == "Dialogue"
    assert param["python_type"]["type"] == "list[dict(speaker: str, text: str)] | str"
