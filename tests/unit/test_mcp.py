"""The MCP server's pieces: tools from endpoints, docstrings, argument checks, results."""

from __future__ import annotations

import pytest

import rillet as gr
from rillet.server import mcp


def spell(word: str, times: int = 1) -> str:
    """Spell a word.

    A second paragraph.

    Args:
        word (str): The word,
            on two lines.
        times: How many times.
    Returns:
        The letters.
    """
    return word


def test_docstring_parts() -> None:
    summary, args, returns = mcp.docstring_parts(spell)
    assert summary == "Spell a word. A second paragraph."
    assert args == {"word": "The word, on two lines.", "times": "How many times."}
    assert returns == "The letters."


def make_tools() -> dict[str, mcp.Tool]:
    with gr.Blocks() as demo:
        word, times, out = gr.Textbox(), gr.Number(1, precision=0), gr.Textbox()
        go = gr.Button("Go")
        go.click(spell, [word, times], out, api_name="spell")
        go.click(spell, [word, times], out, api_name="spell2")
        go.click(spell, [word, times], out, api_name="hidden", api_visibility="undocumented")
        go.click(lambda x: x, word, out, api_name="anon")
        gr.Image().change(lambda im: im, gr.Image(), out, api_name="picture")
    return mcp.tools_of(demo.spec)


def test_tools_are_the_named_public_endpoints() -> None:
    tools = make_tools()
    assert list(tools) == ["spell", "spell_2", "anon", "picture"]
    schema = tools["spell"].input_schema()
    assert schema["required"] == ["word"]
    assert schema["properties"]["word"]["description"] == "The word, on two lines."
    assert tools["spell"].description.endswith("Returns: The letters.")
    picture = tools["picture"].parameters[0]
    assert picture.is_file and picture.schema["format"] == "uri"


def test_arguments_are_checked() -> None:
    tool = make_tools()["spell"]
    assert mcp.arguments_to_data(tool, {"word": "a"}) == ["a", 1]
    assert mcp.arguments_to_data(tool, {"word": "a", "times": 3}) == ["a", 3]
    for bad, words in [
        ({"word": 3}, "must be string"),
        ({"word": "a", "times": "x"}, "must be integer"),
        ({"word": "a", "times": True}, "must be integer"),
        ({}, "is required"),
        ({"word": "a", "x": 1}, "unknown"),
    ]:
        with pytest.raises(mcp.ToolRefused, match=words):
            mcp.arguments_to_data(tool, bad)


def test_results_as_text() -> None:
    assert mcp.result_text("hi") == "hi"
    assert (
        mcp.result_text({"path": "/p", "url": "http://h/f", "meta": {"_type": "gradio.FileData"}})
        == "http://h/f"
    )
    assert mcp.result_text([1, 2]) == "[1, 2]"


def test_the_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRADIO_MCP_SERVER", raising=False)
    assert mcp.wanted(None) is False and mcp.wanted(True) is True
    monkeypatch.setenv("GRADIO_MCP_SERVER", "True")
    assert mcp.wanted(None) is True and mcp.wanted(False) is False
