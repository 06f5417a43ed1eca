"""``gr.mcp.tool`` / ``resource`` / ``prompt`` through the ``mcp`` SDK's own client on a real
server: a tool's ``_meta`` and name, static and templated resources, prompts; and Gradio's
three demos that use the decorators build and serve them."""

from __future__ import annotations

import asyncio
import base64
import runpy
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import rillet as gr
import rillet.mcp as mcp_marks
from rillet.testing import serve

pytest.importorskip("mcp")
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError

DEMOS = Path("/tmp/gradio-375335e/demo")
META = {"openai/outputTemplate": "ui://widget/app.html", "openai/widgetAccessible": True}


@mcp_marks.tool(_meta=META)
def letter_counter(word: str, letter: str) -> int:
    """Count a letter in a word.

    Args:
        word: The word.
        letter: The letter.
    """
    return word.count(letter)


@mcp_marks.tool(name="shout", description="Say it loudly.", structured_output=True)
def upper(text: str) -> str:
    """Upper-case a text."""
    return text.upper()


@mcp_marks.resource("ui://widget/app.html", mime_type="text/html+skybridge")
def app_html() -> str:
    """The widget's page."""
    return "<div id='card'></div>"


@mcp_marks.resource("greeting://{name}/{times}")
def get_greeting(name: str, times: int) -> str:
    """Get a personalized greeting."""
    return " ".join([f"Hello, {name}!"] * int(times))


@mcp_marks.resource("data://dot.bin", mime_type="application/octet-stream")
def dot() -> str:
    """Three bytes."""
    return base64.b64encode(b"\x00\x01\x02").decode("ascii")


@mcp_marks.prompt(description="Ask for a greeting.")
def greet_user(name: str, style: str = "friendly") -> str:
    """Generate a greeting prompt.

    Args:
        name: Who to greet.
        style: friendly or formal.
    """
    return f"Please write a {style} greeting for someone named {name}."


def make_app() -> gr.Blocks:
    with gr.Blocks() as demo:
        word, letter, count = gr.Textbox(), gr.Textbox(), gr.Number()
        gr.Button("Count").click(letter_counter, [word, letter], count)
        gr.Button("Shout").click(upper, word, word)
        html = gr.Code(language="html")
        gr.Button("Html").click(app_html, None, html)
        times = gr.Number(1, precision=0)
        gr.Button("Greet").click(get_greeting, [word, times], letter)
        gr.Button("Dot").click(dot, None, letter)
        style = gr.Dropdown(["friendly", "formal"], value="friendly")
        gr.Button("Prompt").click(greet_user, [word, style], letter)
    return demo


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with serve(make_app(), mcp_server=True) as base:
        yield base


async def with_session(url: str, action: Any) -> Any:
    async with (
        streamable_http_client(url + "/gradio_api/mcp/") as streams,
        ClientSession(streams[0], streams[1]) as session,
    ):
        await session.initialize()
        return await action(session)


def run(url: str, action: Any) -> Any:
    return asyncio.run(asyncio.wait_for(with_session(url, action), 60))


def test_tools_carry_meta_and_the_decorators_name_and_description(url: str) -> None:
    async def action(session: Any) -> Any:
        tools = {t.name: t for t in (await session.list_tools()).tools}
        counted = await session.call_tool("letter_counter", {"word": "strawberry", "letter": "r"})
        shouted = await session.call_tool("shout", {"text": "hi"})
        return tools, counted, shouted

    tools, counted, shouted = run(url, action)
    assert set(tools) == {"letter_counter", "shout"}  # resources and prompts are not tools
    assert tools["letter_counter"].meta == META
    assert tools["shout"].description == "Say it loudly."
    assert tools["shout"].meta is None
    assert not counted.is_error and counted.content[0].text == "3"
    assert counted.meta == META
    assert shouted.content[0].text == "HI"
    assert shouted.structured_content == {"result": [{"type": "text", "text": "HI"}]}


def test_static_and_templated_resources_are_listed_and_read(url: str) -> None:
    async def action(session: Any) -> Any:
        static = (await session.list_resources()).resources
        templates = (await session.list_resource_templates()).resource_templates
        page = await session.read_resource("ui://widget/app.html")
        greeting = await session.read_resource("greeting://Ada/2")
        blob = await session.read_resource("data://dot.bin")
        return static, templates, page, greeting, blob

    static, templates, page, greeting, blob = run(url, action)
    assert {(str(r.uri), r.name, r.mime_type) for r in static} == {
        ("ui://widget/app.html", "app_html", "text/html+skybridge"),
        ("data://dot.bin", "dot", "application/octet-stream"),
    }
    assert [(t.uri_template, t.name, t.description, t.mime_type) for t in templates] == [
        ("greeting://{name}/{times}", "get_greeting", "Get a personalized greeting.", "text/plain")
    ]
    assert page.contents[0].text == "<div id='card'></div>"
    assert page.contents[0].mime_type == "text/html+skybridge"
    assert greeting.contents[0].text == "Hello, Ada! Hello, Ada!"
    assert base64.b64decode(blob.contents[0].blob) == b"\x00\x01\x02"


def test_an_unknown_resource_is_an_error_and_the_server_keeps_serving(url: str) -> None:
    async def action(session: Any) -> Any:
        with pytest.raises(MCPError, match="no resource at"):
            await session.read_resource("greeting://a/b/c")
        return await session.read_resource("greeting://Bo/1")

    assert run(url, action).contents[0].text == "Hello, Bo!"


def test_prompts_are_listed_and_got(url: str) -> None:
    async def action(session: Any) -> Any:
        prompts = (await session.list_prompts()).prompts
        got = await session.get_prompt("greet_user", {"name": "Ada", "style": "formal"})
        with pytest.raises(MCPError, match="no prompt named"):
            await session.get_prompt("nope", {})
        return prompts, got

    prompts, got = run(url, action)
    assert [p.name for p in prompts] == ["greet_user"]
    assert prompts[0].description == "Ask for a greeting."
    args = {a.name: a for a in prompts[0].arguments}
    assert args["name"].required and not args["style"].required
    assert args["name"].description == "Who to greet."
    assert got.messages[0].role == "user"
    assert got.messages[0].content.text == ("Please write a formal greeting for someone named Ada.")


def test_the_schema_route_says_what_each_function_is(url: str) -> None:
    listing = httpx.get(url + "/gradio_api/mcp/schema").json()
    kinds = {e["name"]: e["meta"]["mcp_type"] for e in listing}
    assert kinds == {
        "letter_counter": "tool",
        "shout": "tool",
        "app_html": "resource",
        "get_greeting": "resource",
        "dot": "resource",
        "greet_user": "prompt",
    }


def build_demo(name: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Gradio's demo ``name`` run with ``gradio`` being rillet (``gr.mcp`` included)."""
    monkeypatch.setitem(sys.modules, "gradio", gr)
    monkeypatch.setattr(gr, "mcp", mcp_marks, raising=False)
    return runpy.run_path(str(DEMOS / name / "run.py"))["demo"]


@pytest.mark.skipif(not DEMOS.exists(), reason="Gradio's demos are not here")
def test_gradios_mcp_demos_build_and_serve(monkeypatch: pytest.MonkeyPatch) -> None:
    demo = build_demo("mcp_resources_and_prompts", monkeypatch)

    async def action(session: Any) -> Any:
        tools = [t.name for t in (await session.list_tools()).tools]
        templates = (await session.list_resource_templates()).resource_templates
        greeting = await session.read_resource("greeting://Abubakar")
        got = await session.get_prompt("greet_user", {"name": "Ann", "style": "casual"})
        return tools, templates, greeting, got

    with serve(demo, mcp_server=True) as base:
        tools, templates, greeting, got = run(base, action)
    assert tools == ["add"]
    assert [t.uri_template for t in templates] == ["greeting://{name}"]
    assert greeting.contents[0].text == "Hello, Abubakar!"
    assert (
        got.messages[0].content.text
        == "Please write a casual, relaxed greeting for someone named Ann."
    )

    for name in ("mcp_letter_counter_app", "mcp_image_app"):
        demo = build_demo(name, monkeypatch)

        async def widget(session: Any) -> Any:
            tools = (await session.list_tools()).tools
            page = await session.read_resource("ui://widget/app.html")
            return tools, page

        with serve(demo, mcp_server=True) as base:
            tools, page = run(base, widget)
        assert len(tools) == 1
        assert tools[0].meta["openai/outputTemplate"] == "ui://widget/app.html"
        assert page.contents[0].mime_type == "text/html+skybridge"
        assert "<script>" in page.contents[0].text
