"""The MCP server (``launch(mcp_server=True)``) with the ``mcp`` SDK's own client, over
Streamable HTTP and SSE: list tools, call one, a streaming tool's progress, gr.Error as a
tool error, wrong argument types, hidden endpoints, files as URLs."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import numpy as np
import pytest

import rillet as gr
from rillet.api_only import api
from rillet.testing import serve

pytest.importorskip("mcp")
from mcp import ClientSession
from mcp.client.sse import sse_client
from mcp.client.streamable_http import streamable_http_client


def letters(word: str, times: int = 1) -> Any:
    """Spell a word, one letter at a time.

    Args:
        word: The word to spell.
        times: How many times to spell it.
    Returns:
        The letters so far.
    """
    text = ""
    for _ in range(times):
        for ch in word:
            text += ch
            yield text


def refuse(reason: str) -> str:
    """Always refuse."""
    raise gr.Error(f"refused: {reason}")


def secret(x: str) -> str:
    return x


def invert(image: np.ndarray) -> np.ndarray:
    """Invert an image's colours."""
    return 255 - image


def slice_list(lst: list, start: int, end: int) -> list:
    """Slice a list.

    Args:
        lst: The list to slice.
        start: The start index.
        end: The end index.
    """
    return lst[start:end]


def make_app() -> gr.Blocks:
    with gr.Blocks() as demo:
        word, times, out = gr.Textbox(), gr.Number(1, precision=0), gr.Textbox()
        gr.Button("Spell").click(letters, [word, times], out, api_name="letters")
        gr.Button("Refuse").click(refuse, word, out, api_name="refuse")
        gr.Button("Hidden").click(secret, word, out, api_name="secret", api_visibility="private")
        gr.Button("Old").click(secret, word, out, api_name="old", show_api=False)
        image_in, image_out = gr.Image(), gr.Image()
        gr.Button("Invert").click(invert, image_in, image_out, api_name="invert")
        api(slice_list)
    return demo


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with serve(make_app(), mcp_server=True) as base:
        yield base


async def with_session(url: str, action: Any, transport: str = "http") -> Any:
    if transport == "sse":
        async with (
            sse_client(url + "/gradio_api/mcp/sse") as (reader, writer),
            ClientSession(reader, writer) as session,
        ):
            await session.initialize()
            return await action(session)
    async with (
        streamable_http_client(url + "/gradio_api/mcp/") as streams,
        ClientSession(streams[0], streams[1]) as session,
    ):
        await session.initialize()
        return await action(session)


def run(url: str, action: Any, transport: str = "http") -> Any:
    return asyncio.run(asyncio.wait_for(with_session(url, action, transport), 60))


@pytest.mark.parametrize("transport", ["http", "sse"])
def test_lists_the_public_tools_with_schemas_from_docstrings(url: str, transport: str) -> None:
    async def action(session: Any) -> Any:
        return (await session.list_tools()).tools

    tools = {t.name: t for t in run(url, action, transport)}
    assert set(tools) == {"letters", "refuse", "invert", "slice_list"}
    spell = tools["letters"]
    assert spell.description.startswith("Spell a word, one letter at a time.")
    assert "Returns: The letters so far." in spell.description
    props = spell.input_schema["properties"]
    assert props["word"]["type"] == "string"
    assert props["word"]["description"] == "The word to spell."
    assert props["times"]["description"] == "How many times to spell it."
    assert tools["invert"].input_schema["properties"]["image"]["format"] == "uri"


def test_a_streaming_tool_sends_each_yield_as_progress(url: str) -> None:
    seen: list[tuple[float, str | None]] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        seen.append((progress, message))

    async def action(session: Any) -> Any:
        return await session.call_tool(
            "letters", {"word": "abc", "times": 1}, progress_callback=on_progress
        )

    result = run(url, action)
    assert not result.is_error
    assert [c.text for c in result.content] == ["abc"]
    assert [m for _, m in seen] == ["a", "ab", "abc"]
    assert [p for p, _ in seen] == [1, 2, 3]


def test_gr_error_is_a_tool_error(url: str) -> None:
    async def action(session: Any) -> Any:
        return await session.call_tool("refuse", {"reason": "no"})

    result = run(url, action, "sse")
    assert result.is_error
    assert result.content[0].text == "refused: no"


def test_wrong_argument_types_are_tool_errors_and_the_server_keeps_serving(url: str) -> None:
    async def action(session: Any) -> Any:
        wrong = await session.call_tool("letters", {"word": 12})
        missing = await session.call_tool("letters", {})
        unknown = await session.call_tool("letters", {"word": "a", "colour": "red"})
        nothing = await session.call_tool("nope", {})
        fine = await session.call_tool("letters", {"word": "ok"})
        return wrong, missing, unknown, nothing, fine

    wrong, missing, unknown, nothing, fine = run(url, action)
    assert wrong.is_error and "'word' must be string" in wrong.content[0].text
    assert missing.is_error and "'word' is required" in missing.content[0].text
    assert unknown.is_error and "colour" in unknown.content[0].text
    assert nothing.is_error
    assert not fine.is_error and fine.content[0].text == "ok"


def test_files_go_in_and_come_out_as_urls(url: str, tmp_path: Any) -> None:
    from PIL import Image

    upload = tmp_path / "in.png"
    Image.fromarray(np.full((6, 6, 3), 200, np.uint8)).save(upload)
    with open(upload, "rb") as f:
        stored = httpx.post(url + "/gradio_api/upload", files={"files": f}).json()[0]
    file_url = f"{url}/gradio_api/file={stored}"

    async def action(session: Any) -> Any:
        return await session.call_tool("invert", {"image": file_url})

    result = run(url, action)
    assert not result.is_error, result.content
    out = result.content[0].text
    assert out.startswith(url + "/gradio_api/file=")
    import io

    pixels = np.asarray(Image.open(io.BytesIO(httpx.get(out).content)))
    assert abs(int(pixels[0, 0, 0]) - 55) <= 3

    elsewhere = file_url.replace("127.0.0.1", "localhost")  # not this app's URL: downloaded

    async def download(session: Any) -> Any:
        return await session.call_tool("invert", {"image": elsewhere})

    downloaded = run(url, download)
    assert not downloaded.is_error, downloaded.content
    assert downloaded.content[0].text.startswith(url + "/gradio_api/file=")

    async def missing(session: Any) -> Any:
        return await session.call_tool("invert", {"image": url + "/gradio_api/file=/etc/passwd"})

    refused = run(url, missing)
    assert refused.is_error and "may not read" in refused.content[0].text


def test_the_schema_route_and_env_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRADIO_MCP_SERVER", "True")
    with serve(make_app()) as base:
        listing = httpx.get(base + "/gradio_api/mcp/schema").json()
    assert [t["name"] for t in listing] == ["letters", "refuse", "invert", "slice_list"]
    monkeypatch.setenv("GRADIO_MCP_SERVER", "")
    with serve(make_app()) as base:
        assert httpx.get(base + "/gradio_api/mcp/schema").status_code == 404


def test_a_tool_only_endpoint_by_mcp_and_by_gradio_client(url: str) -> None:
    from gradio_client import Client

    async def action(session: Any) -> Any:
        return await session.call_tool("slice_list", {"lst": [1, 2, 3, 4], "start": 1, "end": 3})

    result = run(url, action)
    assert not result.is_error and result.content[0].text == "[2, 3]"
    assert Client(url, verbose=False).predict([5, 6, 7], 0, 2, api_name="/slice_list") == [5, 6]
    page = httpx.get(url + "/config").json()
    drawn = {c["id"] for c in page["layout"]["children"]}
    assert not drawn & {c["id"] for c in page["components"] if c["type"] == "api"}


def test_state_inputs_and_stream_endpoints_as_tools() -> None:
    def remember(word: str, history: list) -> str:
        """Remember a word."""
        return " ".join([*history, word])

    def level(frame: np.ndarray) -> str:
        """The mean level of a frame."""
        return str(int(frame.mean()))

    with gr.Blocks() as demo:
        word, history, out = gr.Textbox(), gr.State(["a"]), gr.Textbox()
        gr.Button("Go").click(remember, [word, history], out, api_name="remember")
        cam = gr.Image(sources=["webcam"], streaming=True)
        cam.stream(level, cam, out, api_name="level")

    async def action(session: Any) -> Any:
        tools = {t.name: t for t in (await session.list_tools()).tools}
        return tools, await session.call_tool("remember", {"word": "b"})

    with serve(demo, mcp_server=True) as base:
        tools, result = run(base, action)
        assert list(tools["remember"].input_schema["properties"]) == ["word"]
        assert not result.is_error and result.content[0].text == "a b"
        import io

        from PIL import Image

        buffer = io.BytesIO()
        Image.fromarray(np.full((4, 4, 3), 90, np.uint8)).save(buffer, "PNG")
        stored = httpx.post(
            base + "/gradio_api/upload", files={"files": ("f.png", buffer.getvalue())}
        ).json()[0]

        async def call_level(session: Any) -> Any:
            return await session.call_tool("level", {"frame": f"{base}/gradio_api/file={stored}"})

        streamed = run(base, call_level)
    assert not streamed.is_error and streamed.content[0].text == "90"
