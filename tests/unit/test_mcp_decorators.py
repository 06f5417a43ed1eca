"""``gr.mcp``'s decorators: Gradio's signatures, the function returned unchanged, the marks
the MCP server reads, and how the server sorts an app's endpoints into tools, resources and
prompts (no server here)."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

import rillet as gr
import rillet.mcp as mcp_marks
from rillet.server import mcp as server

#: Gradio 6.31's signatures (``inspect.signature`` of gradio.mcp's decorators).
GRADIO_SIGNATURES = {
    "tool": [("name", None), ("description", None), ("structured_output", False), ("_meta", None)],
    "resource": [
        ("uri_template", inspect.Parameter.empty),
        ("description", None),
        ("mime_type", None),
    ],
    "prompt": [("name", None), ("description", None)],
}


@pytest.mark.parametrize("name", sorted(GRADIO_SIGNATURES))
def test_signatures_match_gradio(name: str) -> None:
    params = inspect.signature(getattr(mcp_marks, name)).parameters.values()
    assert [(p.name, p.default) for p in params] == GRADIO_SIGNATURES[name]


def test_decorated_functions_are_returned_unchanged_and_stay_callable() -> None:
    def add(a: int, b: int) -> int:
        return a + b

    assert mcp_marks.tool()(add) is add
    assert mcp_marks.prompt()(add) is add
    assert add(2, 3) == 5


def test_marks_are_gradios_attributes_and_read_back() -> None:
    @mcp_marks.tool(name="n", description="d", structured_output=True, _meta={"k": 1})
    def t() -> None: ...

    @mcp_marks.resource("greeting://{name}/{day}")
    def r(name: str, day: str) -> str:
        return name

    @mcp_marks.prompt()
    def p() -> str:
        return ""

    assert (t._mcp_type, t._mcp_name, t._mcp_meta) == ("tool", "n", {"k": 1})  # type: ignore[attr-defined]
    assert server.mark_of(t) == server.Mark("tool", "n", "d", {"k": 1}, True)
    resource = server.mark_of(r)
    assert resource.kind == "resource" and resource.mime_type == "text/plain"
    assert resource.fields == ["name", "day"]
    assert server.mark_of(p).name == "p"  # a prompt is named after its function
    assert server.mark_of(len) == server.Mark()  # unmarked: a plain tool


def test_a_function_marked_elsewhere_with_the_same_attributes_is_read() -> None:
    def fn() -> str:
        return ""

    fn._mcp_type = "resource"  # type: ignore[attr-defined]  # as gradio.mcp.resource marks
    fn._mcp_uri_template = "ui://x.html"  # type: ignore[attr-defined]
    fn._mcp_mime_type = "text/html"  # type: ignore[attr-defined]
    assert server.mark_of(fn).uri == "ui://x.html"
    assert server.mark_of(fn).mime_type == "text/html"


def spec_of(*fns: Any) -> Any:
    with gr.Blocks() as demo:
        box = gr.Textbox()
        for fn in fns:
            gr.Button().click(fn, box, box)
    return demo.spec


@mcp_marks.resource("greeting://{name}")
def greeting(name: str) -> str:
    """A greeting.

    Args:
        name: who.
    """
    return name


@mcp_marks.resource("files://{folder}/{name}.txt")
def file_text(folder: str, name: str) -> str:
    return folder + name


@mcp_marks.prompt(name="ask")
def ask(name: str) -> str:
    """Ask something."""
    return name


@mcp_marks.tool(name="tool one", description="Given.")
def first(x: str) -> str:
    """From the docstring."""
    return x


def test_endpoints_are_sorted_into_tools_resources_and_prompts() -> None:
    spec = spec_of(first, greeting, ask, file_text)
    assert list(server.tools_of(spec)) == ["tool_one"]
    assert server.tools_of(spec)["tool_one"].description == "Given."
    assert [r.name for r in server.resources_of(spec)] == ["greeting", "file_text"]
    assert server.resources_of(spec)[0].description == "A greeting."
    assert list(server.prompts_of(spec)) == ["ask"]
    assert server.prompt_required(server.prompts_of(spec)["ask"]) == {"name": True}


def test_uri_templates_match_one_segment_per_field() -> None:
    found = {r.name: r for r in server.resources_of(spec_of(greeting, file_text))}
    assert found["greeting"].matches("greeting://Ada") == {"name": "Ada"}
    assert found["greeting"].matches("greeting://a/b") is None
    assert found["greeting"].matches("greetings://Ada") is None
    assert found["file_text"].matches("files://docs/read.me.txt") == {
        "folder": "docs",
        "name": "read.me",
    }
    assert found["file_text"].matches("files://docs/readme.md") is None


def test_text_arguments_are_parsed_for_their_schema() -> None:
    def add(a: float, n: int, flag: bool, word: str) -> str:
        return ""

    with gr.Blocks() as demo:
        inputs = [gr.Number(), gr.Number(precision=0), gr.Checkbox(), gr.Textbox()]
        gr.Button().click(add, inputs, gr.Textbox(), api_name="add")
    tool = server.tools_of(demo.spec)["add"]
    parsed = server.from_text({"a": "1.5", "n": "2", "flag": "true", "word": "3"}, tool)
    schemas = {p.name: p.schema.get("type") for p in tool.parameters}
    assert parsed["a"] == 1.5 and parsed["flag"] is True and parsed["word"] == "3"
    assert parsed["n"] == (2 if schemas["n"] == "integer" else 2.0)
    assert server.from_text({"a": "x"}, tool) == {"a": "x"}  # left for the type check to refuse
