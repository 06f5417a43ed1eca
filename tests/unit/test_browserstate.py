"""BrowserState: Gradio's arguments, props and conversions (no sockets)."""

from __future__ import annotations

import inspect

import rillet as gr
from rillet.components.browserstate import BrowserState


class Point:
    """Shaped like a pydantic model (pydantic is not a dependency here): ``model_dump()``."""

    def __init__(self, x: int, y: int) -> None:
        self.x, self.y = x, y

    def model_dump(self) -> dict:
        return {"x": self.x, "y": self.y}


def test_signature_is_gradios():
    params = list(inspect.signature(BrowserState.__init__).parameters.values())[1:]
    assert [(p.name, p.default) for p in params] == [
        ("default_value", None),
        ("storage_key", None),
        ("secret", None),
        ("render", True),
    ]
    assert params[0].kind is params[0].POSITIONAL_OR_KEYWORD


def test_props_are_gradios():
    state = BrowserState(["", ""], storage_key="login", secret="s3cret", render=False)
    assert state.get_block_name() == "browserstate"
    assert BrowserState.EVENTS == ("change",)
    config = state.get_config()
    assert {k: config[k] for k in ("default_value", "storage_key", "secret")} == {
        "default_value": ["", ""],
        "storage_key": "login",
        "secret": "s3cret",
    }
    assert "value" not in config


def test_random_key_and_secret():
    a, b = BrowserState(render=False), BrowserState(render=False)
    for state in (a, b):
        assert len(state.storage_key) == 16 and state.storage_key.isalnum()
        assert len(state.secret) == 16 and state.secret.isalnum()
    assert a.storage_key != b.storage_key
    assert a.secret != b.secret


def test_conversions():
    state = BrowserState({"n": 1}, render=False)
    assert state.preprocess(None) == {"n": 1}
    assert state.preprocess([1, 2]) == [1, 2]
    assert state.postprocess(Point(x=1, y=2)) == {"x": 1, "y": 2}
    assert state.postprocess("text") == "text"
    assert BrowserState(Point(x=3, y=4), render=False).default_value == {"x": 3, "y": 4}


def test_api_info_like_gradio():
    state = BrowserState(render=False)
    assert state.api_info() == {"type": {}, "description": "any json-serializable value"}
    assert state.example_payload() == "test"
    assert state.example_value() == "test"


def test_is_an_input_and_an_output():
    with gr.Blocks():
        text = gr.Textbox()
        state = gr.BrowserState()
        dep = text.change(lambda v: v, text, state)
        state.change(lambda v: v, state, text)
    assert dep is not None
    assert not BrowserState.stateful
    assert not BrowserState.skip_api
