"""``gr.api``: schemas from type hints, /info like Gradio's, nothing drawn on the page."""

from __future__ import annotations

from typing import Literal

import pytest

import rillet as gr
from rillet.api_only import Api, api, ordinal, schema_of
from rillet.server.config import build_api_info


def add(a: int, b: float = 2.0, words: list[str] | None = None) -> str:
    """Add two numbers.

    Args:
        a: The first.
        b: The second.
    """
    return str(a + b)


def test_schemas_from_type_hints() -> None:
    assert schema_of(int) == {"type": "integer"}
    assert schema_of(list[str]) == {"type": "array", "items": {"type": "string"}}
    assert schema_of(str | None) == {"oneOf": [{"type": "string"}, {"type": "null"}]}
    assert schema_of(Literal["a", "b"]) == {"enum": ["a", "b"]}
    assert schema_of(tuple[int, str]) == {
        "type": "array",
        "prefixItems": [{"type": "integer"}, {"type": "string"}],
    }
    assert schema_of(dict[str, float]) == {
        "type": "object",
        "additionalProperties": {"type": "number"},
    }
    assert schema_of(object) == {}
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 21, 22)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "21st", "22nd",
    ]  # fmt: skip


def test_info_matches_gradios_and_nothing_is_drawn() -> None:
    with gr.Blocks() as demo:
        gr.Markdown("tools only")
        api(add, api_name="add")
    entry = build_api_info(demo.spec)["named_endpoints"]["/add"]
    params = entry["parameters"]
    assert [p["parameter_name"] for p in params] == ["a", "b", "words"]
    assert [p["label"] for p in params] == ["1st", "2nd", "3rd"]
    assert [p["component"] for p in params] == ["Api", "Api", "Api"]
    assert params[0]["type"] == {"type": "integer"} and not params[0]["parameter_has_default"]
    assert params[1]["parameter_has_default"] and params[1]["parameter_default"] == 2.0
    assert params[2]["parameter_has_default"] and params[2]["parameter_default"] is None
    assert entry["returns"][0]["type"] == {"type": "string"}
    assert entry["description"] == "Add two numbers."
    config = demo.get_config()
    drawn = {child["id"] for child in config["layout"]["children"]}
    api_ids = {c["id"] for c in config["components"] if c["type"] == "api"}
    assert len(api_ids) == 4 and not drawn & api_ids


def test_decorator_name_and_visibility() -> None:
    with gr.Blocks() as demo:

        @api(api_name="twice", api_visibility="private")
        def double(x: int) -> int:
            return 2 * x

    dep = demo.spec.dependencies[0]
    assert (dep.api_name, dep.api_visibility, dep.fn) == ("twice", "private", double)
    assert isinstance(dep.inputs[0], Api)


def test_outside_blocks_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="inside"):
        api(add)
