"""``demo.route()``: page paths, which page blocks and events belong to, /config's pages."""

from __future__ import annotations

import inspect

import pytest

import rillet as gr
from rillet import pages


def two_pages() -> gr.Blocks:
    with gr.Blocks() as demo:
        name = gr.Textbox(label="Name")
        out = gr.Textbox(label="Out")
        gr.Button("Greet").click(lambda n: "Hi " + n, name, out, api_name="greet")
    with demo.route("Up") as up:
        num = gr.Number()
        up.load(lambda: 5, None, num)
        with gr.Row():
            gr.Button("Inc").click(lambda x: x + 1, num, num, api_name="increment")
    return demo


def test_signature_matches_gradio():
    params = inspect.signature(gr.Blocks.route).parameters
    assert list(params) == ["self", "name", "path", "show_in_navbar"]
    assert params["path"].default is None
    assert params["show_in_navbar"].default is True


@pytest.mark.parametrize(
    ("name", "path", "expected"),
    [
        ("Up", None, "up"),
        ("My Settings  Page", None, "my-settings-page"),
        ("Café — Menu!", None, "cafe-menu"),
        ("_x_", None, "x"),
        ("Settings", "/settings/", "settings"),
        ("Anything", "a.b~c", "a.b~c"),
        ("Config", None, "_config"),  # the server's own path: prefixed, as in Gradio
        ("Gradio API", "x", "x"),
    ],
)
def test_page_paths_as_gradio_makes_them(name, path, expected):
    assert pages.page_path(name, path, []) == expected


def test_a_taken_path_gets_underscores():
    assert pages.page_path("Up", None, ["", "up"]) == "_up"
    assert pages.page_path("Up", None, ["", "up", "_up"]) == "__up"


@pytest.mark.parametrize("path", ["a/b", "with space", "é"])
def test_an_invalid_path_is_refused(path):
    with pytest.raises(ValueError, match="characters"):
        pages.page_path("x", path, [])


def test_a_server_path_or_an_empty_name_is_refused():
    with pytest.raises(ValueError, match="server already answers"):
        pages.page_path("x", "/config", [])
    with pytest.raises(ValueError, match="give path="):
        pages.page_path("!!!", None, [])


def test_route_returns_the_app_and_is_refused_inside_blocks():
    with gr.Blocks() as demo:
        gr.Textbox()
        with pytest.raises(ValueError, match="outside"):
            demo.route("Inside")
    assert demo.route("Outside") is demo


def test_config_lists_pages_and_splits_layout_components_dependencies():
    config = two_pages().get_config()
    assert config["pages"] == [["", "Home", True], ["up", "Up", True]]
    home, up = config["page"][""], config["page"]["up"]
    top = [child["id"] for child in config["layout"]["children"]]
    assert [c["id"] for c in home["layout"]["children"]] + [
        c["id"] for c in up["layout"]["children"]
    ] == top
    assert home["layout"]["id"] == up["layout"]["id"] == config["layout"]["id"]
    types = {c["id"]: c["type"] for c in config["components"]}
    assert sorted(types[i] for i in home["components"]) == ["button", "form", "textbox", "textbox"]
    assert sorted(types[i] for i in up["components"]) == ["button", "form", "number", "row"]
    names = {d["id"]: d["api_name"] for d in config["dependencies"]}
    assert [names[i] for i in home["dependencies"]] == ["greet"]
    assert [names[i] for i in up["dependencies"]] == ["lambda", "increment"]


def test_a_one_page_app_has_its_home_page():
    with gr.Blocks() as demo:
        gr.Textbox()
    config = demo.get_config()
    assert config["pages"] == [["", "Home", True]]
    assert config["page"][""]["components"] == [c["id"] for c in config["components"]]


def test_later_blocks_stay_on_the_last_page_as_in_gradio():
    demo = two_pages()
    with demo:
        late = gr.Markdown("late")
    config = demo.get_config()
    assert late._id in config["page"]["up"]["components"]


def test_an_app_rendered_inside_a_route_belongs_to_it():
    inner = gr.Interface(lambda x: x, "text", "text", api_name="echo")
    with gr.Blocks() as demo:
        gr.Markdown("home")
    with demo.route("Echo", show_in_navbar=False):
        inner.render()
    config = demo.get_config()
    assert config["pages"][1] == ["echo", "Echo", False]
    names = {d["id"]: d["api_name"] for d in config["dependencies"]}
    assert "echo" in [names[i] for i in config["page"]["echo"]["dependencies"]]
    assert len(config["page"][""]["components"]) == 1


def test_page_config_keeps_one_page():
    config = two_pages().get_config()
    one = pages.page_config(config, "up")
    assert one["current_page"] == "up"
    assert one["layout"] == config["page"]["up"]["layout"]
    assert [c["id"] for c in one["components"]] == config["page"]["up"]["components"]
    assert [d["id"] for d in one["dependencies"]] == config["page"]["up"]["dependencies"]
    assert one["pages"] == config["pages"]
    assert pages.page_config(config, None) is config
    assert pages.page_config(config, "nowhere") is config
