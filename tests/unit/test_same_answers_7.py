"""Part 7 of the same answers as Gradio, without a server: a ChatInterface's flagging
arguments and defaults (Gradio 6.31's), its endpoint function named after the chat
function's parameters, and the BrowserState's missing default."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

import rillet as gr
from rillet.chat import _csv_safe, _named_like
from rillet.server.config import api_parameter_names, parameter_default


def test_flagging_defaults_are_gradios() -> None:
    params = inspect.signature(gr.ChatInterface.__init__).parameters
    assert params["flagging_mode"].default is None
    assert params["flagging_options"].default == ("Like", "Dislike")
    assert params["flagging_dir"].default == ".gradio/flagged"


def test_flagging_mode_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRADIO_CHAT_FLAGGING_MODE", "manual")
    chat = gr.ChatInterface(lambda message, history: message)
    assert chat.flagging_mode == "manual"
    assert chat.chatbot.likeable is True


def test_the_endpoint_function_takes_the_chat_functions_names() -> None:
    def respond(message: str, history: list[Any], request: gr.Request, tone: str = "x") -> str:
        return message

    def api(message: Any, history: Any, *extra: Any) -> None:
        return None

    named = _named_like(api, respond)
    assert list(inspect.signature(named).parameters) == ["message", "history", "tone"]
    assert all(
        p.annotation is inspect.Parameter.empty
        for p in inspect.signature(named).parameters.values()
    )
    chat = gr.ChatInterface(respond, additional_inputs=[gr.Textbox()])
    assert api_parameter_names(chat.api_event) == ["message", "history", "tone"]


def test_cells_are_not_formulas() -> None:
    assert _csv_safe("=1+1") == "'=1+1"
    assert _csv_safe("@x") == "'@x"
    assert _csv_safe("fine") == "fine"
    assert _csv_safe(3) == 3


def test_browser_state_documents_no_default() -> None:
    with gr.Blocks():
        state = gr.BrowserState(["", ""])
    assert parameter_default(state, "x", lambda x: x) == (False, None)
    assert state.props()["default_value"] == ["", ""]  # the page still has it
