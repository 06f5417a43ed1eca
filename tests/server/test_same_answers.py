"""The same answers as Gradio, through the real ``gradio_client``: what ``/gradio_api/info``
tells clients (defaults, parameter names, Python types, State left out, descriptions) and
what calls give back (error text, outputs left as they are). The expected values are
Gradio 6.31's answers to the same programs (bench/diff.py compares them demo by demo)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

import rillet as gr
from rillet.testing import serve
from tests.server.conftest import endpoint


def print_message(n: str) -> str:
    """Greet the visitor.

    Args:
        n: their name
    """
    return f"Welcome! This page has loaded for {n}"


def add_all(*args: float) -> float:
    return sum(args)


def with_state(count: int, name: str) -> tuple[int, str]:
    return count + 1, f"{name} {count}"


def open_missing(name: str) -> str:
    with open(f"/nonexistent-rillet-dir/{name}") as f:
        return f.read()


def maybe(x: str | None = None) -> str:
    return x or "none"


def skip_first(x: str) -> tuple[Any, str]:
    return gr.skip(), x


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with gr.Blocks() as demo:
        state = gr.State(0)
        name = gr.Textbox(value="Frank", label="Name")
        blank = gr.Textbox(label="Blank")
        out = gr.Textbox(label="Out")
        a, b = gr.Number(label="a"), gr.Number(label="b")
        total = gr.Number(label="total")
        tokens = gr.HighlightedText(label="tokens")
        randomized = gr.Slider(100, 200, randomize=True, label="Random")
        button = gr.Button()
        button.click(print_message, name, out, api_name="print_message")
        button.click(add_all, [a, b], total, api_name="add_all")
        button.click(with_state, [state, name], [state, out], api_name="with_state")
        button.click(open_missing, name, out, api_name="open_missing")
        button.click(maybe, blank, out, api_name="maybe")
        button.click(lambda x: [(x, "A")], name, tokens, api_name="tokens")
        button.click(skip_first, name, [out, blank], api_name="skip_first")
        button.click(lambda x: x * 2, randomized, total, api_name="double")
    with serve(demo, show_error=True) as url:
        c = Client(url + "/", verbose=False)
        yield c
        c.close()


def test_a_parameter_with_an_initial_value_may_be_left_out(client: Client) -> None:
    param = endpoint(client, "/print_message")["parameters"][0]
    assert (param["parameter_has_default"], param["parameter_default"]) == (True, "Frank")
    # gradio_client fills the argument left out from /info, as with Gradio
    assert client.predict(api_name="/print_message") == "Welcome! This page has loaded for Frank"


def test_a_parameter_that_defaults_to_none_may_be_left_out(client: Client) -> None:
    param = endpoint(client, "/maybe")["parameters"][0]
    assert (param["parameter_has_default"], param["parameter_default"]) == (True, None)
    assert client.predict(api_name="/maybe") == "none"


def test_a_value_function_gives_the_default(client: Client) -> None:
    param = endpoint(client, "/double")["parameters"][0]
    assert param["parameter_has_default"] is True
    assert 100 <= param["parameter_default"] <= 200
    assert client.predict(api_name="/double") == param["parameter_default"] * 2


def test_star_args_parameters_are_named_by_position(client: Client) -> None:
    params = endpoint(client, "/add_all")["parameters"]
    assert [p["parameter_name"] for p in params] == ["param_0", "param_1"]
    assert [p["parameter_has_default"] for p in params] == [False, False]
    assert client.predict(param_0=2, param_1=3, api_name="/add_all") == 5


def test_state_is_left_out_of_parameters_and_returns(client: Client) -> None:
    info = endpoint(client, "/with_state")
    # Gradio numbers parameters over all the inputs: the State input is #0
    assert [p["parameter_name"] for p in info["parameters"]] == ["name"]
    assert [r["component"] for r in info["returns"]] == ["Textbox"]
    assert client.predict("Ada", api_name="/with_state") == "Ada 0"


def test_python_types_are_written_as_gradio_writes_them(client: Client) -> None:
    returned = endpoint(client, "/tokens")["returns"][0]
    assert returned["python_type"] == {
        "type": "list[dict(token: str, class_or_confidence: str | float | None)]",
        "description": "",
    }


def test_an_endpoint_is_described_by_its_docstring(client: Client) -> None:
    assert endpoint(client, "/print_message")["description"] == "Greet the visitor."
    assert endpoint(client, "/add_all")["description"] == ""


def test_an_error_shows_its_message_without_its_class_name(client: Client) -> None:
    with pytest.raises(AppError) as caught:
        client.predict("x.txt", api_name="/open_missing")
    assert str(caught.value) == (
        "[Errno 2] No such file or directory: '/nonexistent-rillet-dir/x.txt'"
    )


def test_an_output_left_as_it_is_is_an_update_without_props(client: Client) -> None:
    assert client.predict("q", api_name="/skip_first") == ({"__type__": "update"}, "q")


def test_too_few_return_values_are_the_apps_bug_and_hidden_without_show_error() -> None:
    with gr.Blocks() as demo:
        a, b = gr.Textbox(), gr.Textbox()
        gr.Button().click(lambda x: "one", a, [a, b], api_name="short")
    with serve(demo) as url:
        client = Client(url + "/", verbose=False)
        with pytest.raises(AppError) as caught:
            client.predict("x", api_name="/short")
        client.close()
    # what gradio_client says when the server sends no details, as with Gradio
    assert "has not enabled verbose error reporting" in str(caught.value)


def test_a_markdown_output_is_in_the_api_as_in_gradio() -> None:
    with gr.Blocks() as demo:
        box, shown = gr.Textbox(), gr.Markdown()
        box.submit(lambda s: f"**{s}**", box, shown, api_name="bold")
    with serve(demo) as url:
        client = Client(url + "/", verbose=False)
        assert client.predict("hi", api_name="/bold") == "**hi**"
        returns = client.view_api(return_format="dict", print_info=False)["named_endpoints"]
        assert [r["component"] for r in returns["/bold"]["returns"]] == ["Markdown"]
        client.close()


def test_unlabelled_fields_are_numbered_as_gradio_numbers_them() -> None:
    """Gradio puts each run of neighbouring form fields into a Form made after them, so
    the ids that name unlabelled parameters skip the Forms' ids (Gradio 6.31's labels)."""
    with gr.Blocks() as demo:
        a, _, b = gr.Textbox(), gr.State(), gr.Number()
        with gr.Row():
            c, d = gr.Slider(), gr.Textbox(scale=2)
            button = gr.Button()
            e = gr.Checkbox()
        out = gr.Textbox()
        button.click(lambda *x: "", [a, b, c, d, e], out, api_name="go")
    with serve(demo) as url:
        client = Client(url + "/", verbose=False)
        go = client.view_api(return_format="dict", print_info=False)["named_endpoints"]["/go"]
        client.close()
    labels = [p["label"] for p in go["parameters"]]
    assert labels == ["parameter_1", "parameter_3", "parameter_5", "parameter_6", "parameter_8"]
    assert [r["label"] for r in go["returns"]] == ["value_11"]
