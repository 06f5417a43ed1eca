"""``/gradio_api/info`` as Gradio 6.31 writes it: Python types from JSON schemas, parameter
names and defaults, endpoint descriptions; and the final data of an output left as it is."""

from __future__ import annotations

from typing import Any

import pytest

import rillet as gr
from rillet.core.contract import Run
from rillet.core.files import FileStore
from rillet.core.outputs import Files, Outputs
from rillet.core.request import Request
from rillet.server.config import (
    api_parameter_names,
    build_api_info,
    endpoint_description,
    parameter_default,
    python_type,
)

FILE = {
    "properties": {
        "path": {"type": "string"},
        "meta": {"default": {"_type": "gradio.FileData"}, "type": "object"},
    },
    "type": "object",
}


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({}, "Any"),
        ({"type": "string"}, "str"),
        ({"type": "number", "description": "numeric value"}, "float"),
        ({"type": "integer"}, "int"),
        ({"type": "boolean"}, "bool"),
        ({"type": "null"}, "None"),
        ({"type": {}, "description": "any valid json"}, "str | float | bool | list | dict"),
        ({"type": {}}, "Any"),
        ({"enum": ["a", "b"], "type": "string"}, "Literal['a', 'b']"),
        ({"const": 1}, "Literal[1]"),
        ({"type": "array", "items": {"type": "string"}}, "list[str]"),
        ({"type": "array", "items": {"type": "array", "items": {}}}, "list[list[Any]]"),
        (
            {"type": "array", "items": {"prefixItems": [{"type": "string"}, {"type": "number"}]}},
            "tuple[str, float]",
        ),
        ({"anyOf": [{"type": "string"}, {"type": "null"}]}, "str | None"),
        ({"allOf": [{"type": "string"}]}, "All[str]"),
        (FILE, "filepath"),
        ({"type": "array", "items": FILE}, "list[filepath]"),
        (
            {
                "type": "object",
                "properties": {"text": {"type": "string", "description": "what"}},
                "additionalProperties": True,
            },
            "dict(text: str (what), str, Any)",
        ),
        (
            {"$defs": {"T": {"type": "string"}}, "type": "array", "items": {"$ref": "#/$defs/T"}},
            "list[str]",
        ),
    ],
)
def test_python_type_of_a_schema(schema: dict[str, Any], expected: str) -> None:
    assert python_type(schema) == expected


def test_python_types_of_components_match_gradios() -> None:
    # Gradio 6.31's python_type for these components' own schemas
    assert python_type(gr.HighlightedText().api_info()) == (
        "list[dict(token: str, class_or_confidence: str | float | None)]"
    )
    assert python_type(gr.Image().api_info()) == "filepath"
    assert python_type(gr.Files().api_info()) == "list[filepath]"
    assert (
        python_type(gr.MultimodalTextbox().api_info()) == "dict(text: str, files: list[filepath])"
    )


def first(x: str, *rest: str) -> str:
    return x


def uses_request(text: str, request: Request, progress: Any = gr.Progress()) -> str:
    return text


def test_parameter_names_follow_the_inputs_positions() -> None:
    with gr.Blocks() as demo:
        state, a, b, c = gr.State(), gr.Textbox(), gr.Textbox(), gr.Textbox()
        gr.Button().click(first, [state, a, b, c], c, api_name="first")
        gr.Button().click(uses_request, a, c, api_name="req")
        gr.Button().click(lambda: None, None, c, api_name="none")
    deps = {d.api_name: d for d in demo.spec.dependencies}
    # *rest names no input: by position, counting the State, as Gradio does
    assert api_parameter_names(deps["first"]) == ["x", "param_1", "param_2", "param_3"]
    # gr.Request and gr.Progress take no input
    assert api_parameter_names(deps["req"]) == ["text"]
    info = build_api_info(demo.spec)["named_endpoints"]
    assert [p["parameter_name"] for p in info["/first"]["parameters"]] == [
        "param_1",
        "param_2",
        "param_3",
    ]
    assert info["/none"]["parameters"] == []


def test_defaults_come_from_initial_values_or_none_defaults() -> None:
    def fn(a: str, b: str | None = None, c: str = "x") -> str:
        return a

    assert parameter_default(gr.Textbox("Frank"), "a", fn) == (True, "Frank")
    assert parameter_default(gr.Textbox(), "a", fn) == (False, None)
    assert parameter_default(gr.Textbox(), "b", fn) == (True, None)
    # only a None default counts, as in Gradio: "x" is not sent to clients
    assert parameter_default(gr.Textbox(), "c", fn) == (False, None)
    # a value function gives its value, as in /config
    assert parameter_default(gr.Textbox(lambda: "now"), "a", fn) == (True, "now")


def documented(x: str) -> str:
    """Say it
    twice.

    Args:
        x: what
    """
    return x


def test_endpoint_descriptions() -> None:
    with gr.Blocks() as demo:
        t = gr.Textbox()
        gr.Button().click(documented, t, t, api_name="a")
        gr.Button().click(documented, t, t, api_name="b", api_description="Mine")
        gr.Button().click(documented, t, t, api_name="c", api_description=False)
    descriptions = [endpoint_description(d) for d in demo.spec.dependencies]
    assert descriptions == ["Say it twice.", "Mine", ""]


def test_the_final_data_of_an_output_left_as_it_is(tmp_path: Any) -> None:
    files = Files(FileStore(root=tmp_path), "owner", "http://x/")
    run = Run(generator=True, live=False, state={})
    outputs = Outputs([gr.Textbox(), gr.Textbox()], run, files)
    outputs.commit(outputs.prepare(("a", "b")).payloads)
    outputs.commit(outputs.prepare((gr.skip(), "c")).payloads)
    assert outputs.values() == ["a", "c"]  # what the client has
    assert outputs.final_values() == [{"__type__": "update"}, "c"]  # what Gradio sends
    outputs.commit(outputs.prepare(("d", "e")).payloads)
    assert outputs.final_values() == ["d", "e"]


def test_example_inputs_are_payloads_as_gradio_gives_them() -> None:
    with gr.Blocks() as demo:
        image, files, text = gr.Image(), gr.Files(), gr.Textbox()
        gr.Button().click(lambda *a: None, [image, files, text], None, api_name="f")
    params = build_api_info(demo.spec)["named_endpoints"]["/f"]["parameters"]
    examples = [p["example_input"] for p in params]
    # a file travels as FileData, which clients upload (Gradio's example_inputs())
    assert examples[0]["meta"] == {"_type": "gradio.FileData"}
    assert examples[0]["path"].endswith("/bus.png")
    assert [f["meta"] for f in examples[1]] == [{"_type": "gradio.FileData"}]
    assert examples[2] == "Hello!!"
