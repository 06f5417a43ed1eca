"""What the page's footer, API panel and layout need from a real server: ``/config``'s
``footer_links``, ``fill_height`` and ``fill_width`` (as Gradio's), ``/gradio_api/info``
with what the snippets are made of, and the calls the snippets make, run with
``gradio_client`` and with httpx as curl makes them."""

from __future__ import annotations

import json
import shutil
import subprocess

import httpx
import pytest
from gradio_client import Client

import rillet as gr
from rillet.testing import serve


def think(text, steps):
    return f"{text} x{int(steps)}"


def interface() -> gr.Interface:
    return gr.Interface(
        think,
        [gr.Textbox(label="Text"), gr.Slider(1, 10, 5, step=1, label="Steps")],
        gr.Textbox(label="Result"),
        api_name="think",
    )


def config(url: str) -> dict:
    return httpx.get(url + "/config").json()


def test_the_footer_shows_every_link_unless_launch_says_otherwise():
    with serve(interface()) as url:
        assert config(url)["footer_links"] == ["api", "gradio", "settings", "runs"]
    with serve(interface(), footer_links=["gradio"]) as url:
        assert config(url)["footer_links"] == ["gradio"]
    with serve(interface(), footer_links=[]) as url:
        assert config(url)["footer_links"] == []


def test_show_api_false_drops_the_api_link():
    with serve(interface(), show_api=False) as url:
        assert config(url)["footer_links"] == ["gradio", "settings", "runs"]


def test_fill_height_and_fill_width_reach_the_page():
    with gr.Blocks(fill_height=True, fill_width=True) as demo:
        gr.Chatbot(scale=1)
    with serve(demo) as url:
        got = config(url)
    assert (got["fill_height"], got["fill_width"]) == (True, True)
    with serve(interface()) as url:
        got = config(url)
    assert (got["fill_height"], got["fill_width"]) == (False, False)


def test_a_chat_interface_fills_the_height_with_a_growing_chatbot():
    demo = gr.ChatInterface(lambda message, history: message)
    with serve(demo) as url:
        got = config(url)
    assert got["fill_height"] is True
    chatbots = [c for c in got["components"] if c["type"] == "chatbot"]
    assert [c["props"]["scale"] for c in chatbots] == [1]


def test_the_info_has_what_the_snippets_are_made_of():
    with serve(interface()) as url:
        info = httpx.get(url + "/gradio_api/info").json()
    endpoint = info["named_endpoints"]["/think"]
    assert [p["parameter_name"] for p in endpoint["parameters"]] == ["text", "steps"]
    assert [p["python_type"]["type"] for p in endpoint["parameters"]] == ["str", "float"]
    assert all("example_input" in p for p in endpoint["parameters"])
    assert [r["label"] for r in endpoint["returns"]] == ["Result"]


def python_snippet_call(url: str, name: str, endpoint: dict):
    """The call the page's Python snippet makes: keyword arguments named by
    ``parameter_name`` with the example values, ``api_name=name`` (apipage.js)."""
    kwargs = {
        p["parameter_name"]: p["parameter_default"]
        if p["parameter_has_default"]
        else p["example_input"]
        for p in endpoint["parameters"]
    }
    return Client(url + "/", verbose=False).predict(**kwargs, api_name=name)


def test_the_python_snippets_call_runs_with_gradio_client():
    with serve(interface()) as url:
        info = httpx.get(url + "/gradio_api/info").json()
        (name, endpoint), *_ = info["named_endpoints"].items()
        example = endpoint["parameters"][0]["example_input"]
        # the slider's initial value is the parameter's default, as in Gradio
        assert python_snippet_call(url, name, endpoint) == f"{example} x5"


def roll() -> str:
    return "six"


def test_an_output_only_interface_has_a_generate_button_and_no_inputs():
    demo = gr.Interface(roll, inputs=None, outputs=gr.Textbox(label="Die"))
    assert demo.interface_type == "output_only"
    with serve(demo) as url:
        got = config(url)
        buttons = [c["props"]["value"] for c in got["components"] if c["type"] == "button"]
        assert "Generate" in buttons and "Submit" not in buttons
        assert Client(url + "/", verbose=False).predict(api_name="/roll") == "six"


def test_an_input_only_interface_runs_its_function():
    seen: list[str] = []

    def say(text: str) -> None:
        seen.append(text)

    demo = gr.Interface(say, gr.Textbox(label="Say"), None)
    assert demo.interface_type == "input_only"
    with serve(demo) as url:
        buttons = [c["props"]["value"] for c in config(url)["components"] if c["type"] == "button"]
        assert "Submit" in buttons
        Client(url + "/", verbose=False).predict("hello", api_name="/say")
    assert seen == ["hello"]


def test_an_interface_needs_inputs_or_outputs():
    with pytest.raises(ValueError, match="at least one"):
        gr.Interface(lambda: None, None, None)


def test_a_live_output_only_interface_keeps_its_generate_button():
    demo = gr.Interface(roll, inputs=None, outputs="text", live=True)
    buttons = [b.value for b in demo.blocks.values() if type(b).__name__ == "Button"]
    assert "Generate" in buttons
    loads = [d for d in demo.dependencies if any(t[1] == "load" for t in d.config()["targets"])]
    assert len(loads) == 1


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs curl")
def test_the_curl_snippets_two_step_call_runs():
    with serve(interface()) as url:
        body = json.dumps({"data": ["hi", 3]})
        post = subprocess.run(
            [
                "curl",
                "-s",
                "-X",
                "POST",
                f"{url}/gradio_api/call/think",
                "-H",
                "Content-Type: application/json",
                "-d",
                body,
            ],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
        event_id = json.loads(post.stdout)["event_id"]
        got = subprocess.run(
            ["curl", "-sN", f"{url}/gradio_api/call/think/{event_id}"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
    assert "event: complete" in got.stdout
    assert '["hi x3"]' in got.stdout
