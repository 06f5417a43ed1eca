"""Accordion and Sidebar: Gradio's arguments, props and events (no sockets)."""

from __future__ import annotations

import inspect
import warnings

import pytest

import rillet as gr
from rillet.components.layout import Accordion, Sidebar

#: Gradio 6.31's constructor parameters: (name, default, positional?), in order.
GRADIO_SIGNATURES = {
    Accordion: [
        ("label", None, True),
        ("open", True, False),
        ("height", None, False),
        ("max_height", None, False),
        ("visible", True, False),
        ("elem_id", None, False),
        ("elem_classes", None, False),
        ("render", True, False),
        ("key", None, False),
        ("preserved_by_key", None, False),
    ],
    Sidebar: [
        ("label", None, True),
        ("open", True, False),
        ("visible", True, False),
        ("elem_id", None, False),
        ("elem_classes", None, False),
        ("render", True, False),
        ("width", 320, False),
        ("position", "left", False),
        ("key", None, False),
        ("preserved_by_key", None, False),
    ],
}


@pytest.mark.parametrize("cls", [Accordion, Sidebar])
def test_signature_is_gradios(cls):
    params = [p for p in inspect.signature(cls.__init__).parameters.values() if p.name != "self"]
    got = [(p.name, p.default, p.kind is p.POSITIONAL_OR_KEYWORD) for p in params]
    assert got == GRADIO_SIGNATURES[cls]


@pytest.mark.parametrize("cls", [Accordion, Sidebar])
def test_block_name_events_and_listeners(cls):
    assert cls(render=False).get_block_name() == cls.__name__.lower()
    assert cls.EVENTS == ("expand", "collapse")
    with gr.Blocks():
        layout = cls("x")
        dep = layout.expand(lambda: None)
        assert dep is not None
        layout.collapse(lambda: None)


def test_accordion_props_as_gradio():
    acc = Accordion("More", open=False, height=200, max_height="50vh", render=False)
    config = acc.get_config()
    assert {k: config[k] for k in ("label", "open", "height", "max_height", "visible")} == {
        "label": "More",
        "open": False,
        "height": 200,
        "max_height": "50vh",
        "visible": True,
    }


def test_sidebar_props_as_gradio():
    config = Sidebar(render=False).get_config()
    assert {k: config[k] for k in ("label", "open", "width", "position")} == {
        "label": None,
        "open": True,
        "width": 320,
        "position": "left",
    }
    right = Sidebar("Tools", open=False, width="25%", position="right", render=False)
    assert right.get_config()["position"] == "right"
    assert right.get_config()["width"] == "25%"


def test_sidebar_refuses_another_position():
    with pytest.raises(ValueError, match=r"left.*right"):
        Sidebar(position="top", render=False)  # type: ignore[arg-type]


def ids_under(node: dict) -> set[int]:
    """Every block id inside a layout node."""
    found: set[int] = set()
    for child in node.get("children", []):
        found |= {child["id"]} | ids_under(child)
    return found


def test_children_go_inside():
    with gr.Blocks() as demo:
        with gr.Sidebar() as side:
            box = gr.Textbox()
        with gr.Accordion("A") as acc:
            num = gr.Number()
    by_id = {child["id"]: child for child in demo.spec.layout()["children"]}
    assert box._id in ids_under(by_id[side._id])
    assert num._id in ids_under(by_id[acc._id])
    assert num._id not in ids_under(by_id[side._id])


def test_preserved_by_key_is_warned():
    with pytest.warns(UserWarning, match="preserved_by_key"):
        Accordion(preserved_by_key=["open"], render=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Sidebar(render=False)
        Accordion(render=False)
