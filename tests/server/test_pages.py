"""A multipage app (``demo.route()``) on a real server: each page's URL, /config per page,
/info with every page's endpoints, and gradio_client calling endpoints of both pages."""

from __future__ import annotations

import httpx
import pytest
from gradio_client import Client

import rillet as gr
from rillet.testing import serve


@pytest.fixture(scope="module")
def app_url():
    with gr.Blocks() as demo:
        name = gr.Textbox(label="Name")
        out = gr.Textbox(label="Out")
        gr.Button("Greet").click(lambda n: "Hello " + n + "!", name, out, api_name="greet")
    with demo.route("Up") as up:
        num = gr.Number()
        up.load(lambda: 20, None, num, api_name="start")
        gr.Button("Inc").click(lambda x: x + 1, num, num, api_name="increment")
    with demo.route("Hidden", "/secret", show_in_navbar=False):
        gr.Markdown("# Secret")
    with serve(demo) as url:
        yield url


def test_each_page_is_served_at_its_path(app_url):
    home = httpx.get(app_url + "/")
    for path in ("/up", "/secret"):
        page = httpx.get(app_url + path)
        assert page.status_code == 200
        assert page.text == home.text  # the same page; it draws its part of /config
    assert httpx.get(app_url + "/nowhere").status_code == 404


def test_a_trailing_slash_redirects_to_the_page(app_url):
    answer = httpx.get(app_url + "/up/?x=1", follow_redirects=False)
    assert answer.status_code == 301
    assert answer.headers["location"] == "../up?x=1"
    assert str(httpx.get(app_url + "/up/", follow_redirects=True).url) == app_url + "/up"


def test_config_carries_the_pages(app_url):
    config = httpx.get(app_url + "/config").json()
    assert config["pages"] == [["", "Home", True], ["up", "Up", True], ["secret", "Hidden", False]]
    assert set(config["page"]) == {"", "up", "secret"}
    assert "current_page" not in config
    names = {d["id"]: d["api_name"] for d in config["dependencies"]}
    assert [names[i] for i in config["page"]["up"]["dependencies"]] == ["start", "increment"]


def test_config_of_one_page(app_url):
    config = httpx.get(app_url + "/config", params={"page": "secret"}).json()
    assert config["current_page"] == "secret"
    assert [c["type"] for c in config["components"]] == ["markdown"]
    assert config["dependencies"] == []
    assert config["layout"]["children"] == [{"id": config["components"][0]["id"]}]


def test_info_lists_every_pages_endpoints(app_url):
    info = httpx.get(app_url + "/gradio_api/info").json()
    assert set(info["named_endpoints"]) == {"/greet", "/start", "/increment"}


def test_info_of_one_page_lists_its_endpoints_only(app_url):
    """``?page=`` as Gradio 6.31 answers it for the same app (checked against it): the
    main page's path is "", a path that names no page gives every endpoint."""

    def named(page: str) -> set[str]:
        info = httpx.get(app_url + "/gradio_api/info", params={"page": page}).json()
        return set(info["named_endpoints"])

    assert named("") == {"/greet"}
    assert named("up") == {"/start", "/increment"}
    assert named("nope") == {"/greet", "/start", "/increment"}


def test_gradio_client_calls_endpoints_of_both_pages(app_url):
    client = Client(app_url + "/", verbose=False)
    assert client.predict("Ada", api_name="/greet") == "Hello Ada!"
    assert client.predict(41, api_name="/increment") == 42
    assert client.predict(api_name="/start") == 20
