"""gr.Examples over HTTP with gradio_client: the click's loader and the cached outputs are
endpoints clients can call (hidden from the API page, as in Gradio); a cached generator's
results stream in order; example files are served as stored copies only."""

from __future__ import annotations

import json

import httpx
import pytest
from gradio_client import Client

import rillet as gr
from rillet.examples import Examples
from rillet.testing import serve

CALLS: list[str] = []


def greet(name, n):
    CALLS.append(name)
    return f"Hello {name} x{int(n)}"


def count(name, n):
    CALLS.append(f"count {name}")
    for i in range(int(n)):
        yield f"{name} {i}"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    path = tmp_path_factory.mktemp("examples")
    (path / "note.txt").write_text("the example file")
    (path / "secret.txt").write_text("not an example")
    return path


@pytest.fixture(scope="module")
def app(folder):
    CALLS.clear()
    with gr.Blocks() as demo:
        name = gr.Textbox(label="Name")
        num = gr.Number(label="N")
        out = gr.Textbox(label="Out")
        Examples([["Ann", 1], ["Bob", 2]], [name, num], out, fn=greet)
        Examples(
            [["Cy", 3]], [name, num], out, fn=count, cache_examples=True, api_name="cached_count"
        )
        Examples(
            [["Di", 2]],
            [name, num],
            out,
            fn=greet,
            cache_examples=True,
            cache_mode="lazy",
            api_name="lazy_greet",
        )
        doc = gr.File(label="Doc")
        Examples([[str(folder / "note.txt")]], doc, api_name="load_file")
    with serve(demo) as url:
        client = Client(url + "/", verbose=False)
        yield url, client
        client.close()


def test_loader_fills_the_inputs(app):
    _, client = app
    result = client.predict(1, api_name="/load_example")
    assert [r["value"] for r in result] == ["Bob", 2]


def test_cached_generator_replays_its_yields_without_running(app):
    _, client = app
    assert "count Cy" in CALLS  # cached when the app was built
    before = len(CALLS)
    job = client.submit(0, api_name="/cached_count")
    assert job.result() == "Cy 2"
    assert job.outputs() == ["Cy 0", "Cy 1", "Cy 2"]
    assert len(CALLS) == before


def test_lazy_cache_runs_once_on_first_use(app):
    _, client = app
    assert "Di" not in CALLS
    assert client.predict(0, api_name="/lazy_greet") == "Hello Di x2"
    assert client.predict(0, api_name="/lazy_greet") == "Hello Di x2"
    assert CALLS.count("Di") == 1


def test_examples_are_not_on_the_api_page(app):
    url, _ = app
    info = httpx.get(url + "/gradio_api/info").json()
    for name, entry in info["named_endpoints"].items():
        assert entry.get("api_visibility") == "undocumented", name


def test_config_matches_gradios_events(app):
    url, _ = app
    config = httpx.get(url + "/config").json()
    deps = {d["api_name"]: d for d in config["dependencies"]}
    assert deps["load_example"]["queue"] is False
    assert deps["load_example"]["show_progress"] == "hidden"
    assert deps["cached_count"]["types"]["generator"] is True
    assert deps["cached_count"]["trigger_after"] == deps["load_example_input"]["id"]
    datasets = [c for c in config["components"] if c["type"] == "dataset"]
    assert datasets[0]["props"]["type"] == "tuple"
    assert datasets[0]["props"]["samples"] == [["Ann", 1], ["Bob", 2]]


def test_example_file_is_served_as_a_copy_and_nothing_else(app, folder):
    url, client = app
    update = client.predict(0, api_name="/load_file")
    with open(update["value"], encoding="utf-8") as f:  # gradio_client downloaded it
        assert f.read() == "the example file"
    event = httpx.post(f"{url}/gradio_api/call/load_file", json={"data": [0]}).json()
    stream = httpx.get(f"{url}/gradio_api/call/load_file/{event['event_id']}").text
    (line,) = [x for x in stream.splitlines() if x.startswith("data:") and "url" in x]
    data = json.loads(line[5:])[0]["value"]
    served = httpx.get(data["url"])
    assert served.status_code == 200 and served.text == "the example file"
    assert str(folder) not in data["url"]
    for path in (folder / "secret.txt", folder / "note.txt"):
        refused = httpx.get(f"{url}/gradio_api/file={path}")
        assert refused.status_code in (403, 404)
