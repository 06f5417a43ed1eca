"""The code snippets' generator and the OpenAPI schema conversion, without a server:
values written as valid literals and shell words, files as placeholders, Gradio's snippet
keys, and JSON Schemas turned into OpenAPI 3.0's dialect."""

from __future__ import annotations

import ast
import json
import shlex
from typing import Any

from openapi_schema_validator import OAS30Validator

import rillet as gr
from rillet.server.config import build_api_info
from rillet.server.openapi import build_openapi, openapi_schema
from rillet.server.snippets import FILE_PLACEHOLDER, code_snippets

FILE = {"path": "https://example.com/a/b.png?x=1", "meta": {"_type": "gradio.FileData"}}
TRICKY = 'it\'s "odd" \\ $HOME\n'


def endpoint(*parameters: dict[str, Any]) -> dict[str, Any]:
    return {"parameters": list(parameters), "returns": []}


def parameter(name: str, value: Any, default: bool = True, component: str = "Textbox") -> dict:
    return {
        "parameter_name": name,
        "parameter_has_default": default,
        "parameter_default": value if default else None,
        "example_input": None if default else value,
        "component": component,
    }


def test_the_keys_are_gradios():
    snippets = code_snippets("/f", endpoint(), "http://h")
    assert list(snippets) == ["python", "javascript", "bash", "cli"]


def test_python_values_are_python_literals():
    value = {"a": [1, 2.5, None, True], "b": TRICKY}
    python = code_snippets("/f", endpoint(parameter("x", value)), "http://h")["python"]
    line = next(line for line in python.splitlines() if line.startswith("\tx="))
    assert ast.literal_eval(line[len("\tx=") : -1]) == value


def test_a_default_wins_over_the_example():
    given = parameter("x", "example", default=False)
    python = code_snippets("/f", endpoint(given), "http://h")["python"]
    assert '\tx="example",' in python
    defaulted = {**given, "parameter_has_default": True, "parameter_default": None}
    assert "\tx=None," in code_snippets("/f", endpoint(defaulted), "http://h")["python"]


def test_bash_quotes_the_body_as_one_shell_word():
    bash = code_snippets("/f", endpoint(parameter("x", TRICKY)), "http://h")["bash"]
    line = next(line for line in bash.splitlines() if line.strip().startswith("-d "))
    words = shlex.split(line.strip().rstrip("\\"))
    assert words[0] == "-d" and json.loads(words[1]) == {"x": TRICKY}


def test_files_are_fetched_or_placeholders():
    parameters = endpoint(
        parameter("img", FILE, default=False, component="Image"),
        parameter("many", [FILE], component="Gallery"),
    )
    snippets = code_snippets("/f", parameters, "http://h")
    python = snippets["python"]
    assert 'example_file_0, _ = urlretrieve("https://example.com/a/b.png?x=1", "0_b.png")' in python
    assert "\tmany=[handle_file(example_file_1)]," in python
    assert "const exampleImage_0 = await response_0.blob();" in snippets["javascript"]
    assert snippets["bash"].count(f"files=@{FILE_PLACEHOLDER}") == 2
    assert '"$FILE_PATH_1"' in snippets["bash"]
    cli = shlex.split(snippets["cli"].replace("{command}", "gradio"))
    assert cli[:4] == ["gradio", "predict", "http://h", "/f"]
    assert json.loads(cli[4])["img"] == {"path": FILE_PLACEHOLDER, "meta": FILE["meta"]}


def test_no_parameters():
    snippets = code_snippets("/ping", endpoint(), "http://h")
    assert 'result = client.predict(\n\tapi_name="/ping",\n)' in snippets["python"]
    assert "-d '{}'" in snippets["bash"]
    assert snippets["cli"] == "{command} predict http://h /ping '{}'\n"


def test_info_has_snippets_only_given_a_root_and_for_named_endpoints():
    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.submit(str.upper, box, box, api_name="up")
        box.change(str.lower, box, box, api_name=None)
    assert "code_snippets" not in build_api_info(demo.spec)["named_endpoints"]["/up"]
    info = build_api_info(demo.spec, "http://h")
    assert 'Client("http://h")' in info["named_endpoints"]["/up"]["code_snippets"]["python"]


def test_json_schema_to_openapi():
    schema = {
        "$defs": {"Meta": {"properties": {"_type": {"const": "gradio.FileData"}}}},
        "type": "object",
        "properties": {
            "meta": {"$ref": "#/$defs/Meta"},
            "size": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
            "pair": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "string"}]},
            "n": {"type": "number", "exclusiveMinimum": 0},
            "either": {"type": ["string", "null"]},
        },
        "required": [],
        "additional_description": "dropped",
    }
    out = openapi_schema(schema)
    assert out["properties"]["meta"]["properties"]["_type"] == {"enum": ["gradio.FileData"]}
    assert out["properties"]["size"] == {"type": "integer", "nullable": True}
    assert out["properties"]["pair"] == {
        "type": "array",
        "items": {"type": "string"},
        "minItems": 2,
        "maxItems": 2,
    }
    assert out["properties"]["n"] == {"type": "number", "minimum": 0, "exclusiveMinimum": True}
    assert out["properties"]["either"] == {"type": "string", "nullable": True}
    assert "required" not in out and "additional_description" not in out
    OAS30Validator(out).validate({"meta": {"_type": "gradio.FileData"}, "pair": ["a", "b"]})


def test_a_recursive_ref_is_cut():
    schema = {"$defs": {"Node": {"properties": {"next": {"$ref": "#/$defs/Node"}}}}}
    out = openapi_schema({**schema, "$ref": "#/$defs/Node"})
    assert "properties" in out  # followed to a depth, then any value


def test_private_endpoints_are_left_out_of_the_document():
    info = {
        "named_endpoints": {
            "/a": {**endpoint(), "api_visibility": "public"},
            "/b": {**endpoint(), "api_visibility": "private"},
        }
    }
    paths = build_openapi(info, "T", "", "http://h")["paths"]
    assert list(paths) == [
        "/gradio_api/upload",
        "/gradio_api/call/v2/a",
        "/gradio_api/call/a/{event_id}",
    ]
