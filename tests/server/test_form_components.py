"""CheckboxGroup, ColorPicker, DateTime, Timer and ClearButton through a real server: Gradio's
own client calls them, /config and /gradio_api/info describe them as Gradio does."""

from __future__ import annotations

from datetime import datetime

import httpx
import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

import rillet as gr
from rillet.testing import serve


def describe(chosen, color, when):
    return {"chosen": chosen, "color": color, "when": when}


@pytest.fixture(scope="module")
def app():
    with gr.Blocks() as demo:
        group = gr.CheckboxGroup(["a", ("Bee", "b"), "c"], label="Letters")
        index = gr.CheckboxGroup(["x", "y", "z"], type="index", label="Indices")
        color = gr.ColorPicker(label="Colour")
        when = gr.DateTime(label="When", type="string")
        stamp = gr.DateTime(label="Stamp")
        out = gr.JSON()
        number = gr.Number()
        timer = gr.Timer(0.5)
        button = gr.Button()
        button.click(describe, [group, color, when], out, api_name="describe")
        button.click(lambda i: i, index, out, api_name="indices")
        button.click(lambda s: s, stamp, number, api_name="stamp")
        button.click(lambda: ["a", "c"], None, group, api_name="choose")
        button.click(lambda: 1.7e9, None, stamp, api_name="show_stamp")
        timer.tick(lambda: 42, None, number, api_name="tick")
        gr.ClearButton([group, color, out])
    with serve(demo) as url:
        client = Client(url + "/", verbose=False)
        yield url, client
        client.close()


def test_values_round_trip_through_gradio_client(app):
    _, client = app
    got = client.predict(["c", "a"], "#ff8800", "2024-05-06 07:08:09", api_name="/describe")
    assert got == {"chosen": ["c", "a"], "color": "#ff8800", "when": "2024-05-06 07:08:09"}


def test_index_type_passes_indices(app):
    _, client = app
    assert client.predict(["z", "x"], api_name="/indices") == [2, 0]


def test_a_value_that_is_not_a_choice_is_an_error(app):
    _, client = app
    with pytest.raises(AppError):
        client.predict(["nope"], "#000000", "2024-05-06 07:08:09", api_name="/describe")


def test_datetime_timestamps_and_now(app):
    _, client = app
    expected = datetime(2024, 5, 6, 7, 8, 9).timestamp()
    assert client.predict("2024-05-06 07:08:09", api_name="/stamp") == expected
    before = datetime.now().timestamp() - 3600
    got = client.predict("now - 1h", api_name="/stamp")
    after = datetime.now().timestamp() - 3600
    assert before - 1 <= got <= after + 1
    assert client.predict(api_name="/show_stamp") == datetime.fromtimestamp(1.7e9).strftime(
        "%Y-%m-%d %H:%M:%S"
    )


def test_outputs_come_back_as_gradio_sends_them(app):
    _, client = app
    assert client.predict(api_name="/choose") == ["a", "c"]
    assert client.predict(api_name="/tick") == 42


def test_api_info_is_gradios(app):
    _, client = app
    info = client.view_api(print_info=False, return_format="dict")
    params = {p["label"]: p for p in info["named_endpoints"]["/describe"]["parameters"]}
    letters = params["Letters"]
    assert letters["type"] == {
        "items": {"enum": ["a", "b", "c"], "type": "string"},
        "title": "Checkbox Group",
        "type": "array",
    }
    assert letters["python_type"]["type"] == "list[Literal['a', 'b', 'c']]"
    assert params["Colour"]["type"] == {"type": "string"}
    assert params["When"]["type"] == {
        "type": "string",
        "description": "Formatted as YYYY-MM-DD HH:MM:SS",
    }
    # the ClearButton's event is not part of the API (private, as in Gradio)
    names = set(info["named_endpoints"])
    assert names == {"/describe", "/indices", "/stamp", "/choose", "/show_stamp", "/tick"}


def test_config_describes_the_components(app):
    url, _ = app
    config = httpx.get(url + "/config").json()
    by_type = {}
    for component in config["components"]:
        by_type.setdefault(component["type"], []).append(component)
    timer = by_type["timer"][0]
    assert (timer["props"]["value"], timer["props"]["active"]) == (0.5, True)
    group = by_type["checkboxgroup"][0]
    assert group["props"]["choices"] == [["a", "a"], ["Bee", "b"], ["c", "c"]]
    assert group["props"]["value"] == []
    clear = [b for b in by_type["button"] if b["props"]["value"] == "Clear"]
    assert len(clear) == 1 and clear[0]["skip_api"] is True
    (dep,) = [d for d in config["dependencies"] if d["targets"] == [[clear[0]["id"], "click"]]]
    assert dep["api_visibility"] == "private" and dep["backend_fn"] is False
    assert len(dep["outputs"]) == 3
    tick = [d for d in config["dependencies"] if d["targets"] == [[timer["id"], "tick"]]]
    assert tick[0]["show_progress"] == "hidden"
