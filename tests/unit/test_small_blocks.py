"""Draggable, DeepLinkButton, Navbar, ParamViewer: Gradio's arguments, props and values."""

from __future__ import annotations

import inspect
import json
import warnings

import pytest

import rillet as gr
from rillet.components.deeplinkbutton import DeepLinkButton
from rillet.components.dialogue import Dialogue
from rillet.components.layout import Draggable, Step, Walkthrough
from rillet.components.navbar import Navbar
from rillet.components.paramviewer import ParamViewer

#: Gradio 6.31's constructor parameters: (name, default, positional?), in order.
GRADIO_SIGNATURES = {
    Draggable: [
        ("orientation", "column", False),
        ("visible", True, False),
        ("elem_id", None, False),
        ("elem_classes", None, False),
        ("render", True, False),
        ("key", None, False),
        ("preserved_by_key", None, False),
    ],
    DeepLinkButton: [
        ("value", "Share via Link", True),
        ("copied_value", "Link Copied!", True),
        ("inputs", None, False),
        ("variant", "secondary", False),
        ("size", "lg", False),
        ("icon", "link.svg", False),  # Gradio's: the path of its link.svg
        ("link", None, False),
        ("link_target", "_self", False),
        ("visible", True, False),
        ("interactive", True, False),
        ("elem_id", None, False),
        ("elem_classes", None, False),
        ("render", True, False),
        ("key", None, False),
        ("preserved_by_key", "value", False),
        ("scale", None, False),
        ("min_width", None, False),
        ("every", None, False),
    ],
    Navbar: [
        ("value", None, True),
        ("visible", True, False),
        ("main_page_name", "Home", False),
        ("elem_id", None, False),
        ("elem_classes", None, False),
        ("render", True, False),
        ("key", None, False),
    ],
    Walkthrough: [
        ("selected", None, False),
        ("visible", True, False),
        ("elem_id", None, False),
        ("elem_classes", None, False),
        ("render", True, False),
        ("key", None, False),
        ("preserved_by_key", None, False),
    ],
    Step: [
        ("label", None, True),
        ("visible", True, True),
        ("interactive", True, True),
        ("id", None, False),
        ("elem_id", None, False),
        ("elem_classes", None, False),
        ("scale", None, False),
        ("render", True, False),
        ("key", None, False),
        ("preserved_by_key", None, False),
    ],
    Dialogue: [
        ("value", None, True),
        ("type", "text", False),
        ("speakers", None, False),
        ("formatter", None, False),
        ("unformatter", None, False),
        ("tags", None, False),
        ("separator", "\n", False),
        ("color_map", None, False),
        ("label", "Dialogue", False),
        ("info", "Type colon (:) in the dialogue line to see the available tags", False),
        ("placeholder", None, False),
        ("show_label", None, False),
        ("container", True, False),
        ("scale", None, False),
        ("min_width", 160, False),
        ("interactive", None, False),
        ("visible", True, False),
        ("elem_id", None, False),
        ("autofocus", False, False),
        ("autoscroll", True, False),
        ("elem_classes", None, False),
        ("render", True, False),
        ("key", None, False),
        ("max_lines", None, False),
        ("buttons", None, False),
        ("submit_btn", False, False),
        ("ui_mode", "both", False),
    ],
    ParamViewer: [
        ("value", None, True),
        ("language", "python", True),
        ("linkify", None, True),
        ("every", None, True),
        ("inputs", None, True),
        ("render", True, True),
        ("key", None, True),
        ("preserved_by_key", "value", True),
        ("header", "Parameters", True),
        ("anchor_links", False, True),
        ("max_height", None, True),
    ],
}

PARAMS = {
    "number": {"type": "int | float", "description": "The number to round", "default": None},
    "ndigits": {"type": "int", "description": "Digits to keep", "default": "0"},
}


def quiet(make):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return make()


@pytest.mark.parametrize("cls", list(GRADIO_SIGNATURES))
def test_signature_is_gradios(cls):
    params = [p for p in inspect.signature(cls.__init__).parameters.values() if p.name != "self"]
    got = [(p.name, p.default, p.kind is p.POSITIONAL_OR_KEYWORD) for p in params]
    assert got == GRADIO_SIGNATURES[cls]


def test_block_names_and_events_are_gradios():
    assert Draggable(render=False).get_block_name() == "draggable"
    assert Navbar(render=False).get_block_name() == "navbar"
    assert ParamViewer(render=False).get_block_name() == "paramviewer"
    assert Navbar.EVENTS == ("change",)
    assert ParamViewer.EVENTS == ("change", "upload")
    # its own page module does the copying (Gradio names it "button")
    assert quiet(lambda: DeepLinkButton(render=False)).get_block_name() == "deeplinkbutton"
    assert DeepLinkButton.EVENTS == ("click",)


def test_draggable_holds_children_and_checks_orientation():
    with gr.Blocks() as demo, Draggable(orientation="row") as drag:
        a = gr.Textbox()
        b = gr.Number()
    assert drag.get_config()["orientation"] == "row"
    assert Draggable(render=False).get_config()["orientation"] == "column"
    (node,) = [n for n in demo.spec.layout()["children"] if n["id"] == drag._id]
    (form,) = node["children"]  # Gradio's Form around neighbouring fields
    assert [child["id"] for child in form["children"]] == [a._id, b._id]
    with pytest.raises(ValueError, match="orientation"):
        Draggable(orientation="diagonal", render=False)  # type: ignore[arg-type]


def test_draggable_warns_preserved_by_key():
    with pytest.warns(UserWarning, match="preserved_by_key"):
        Draggable(preserved_by_key="value2", render=False)


def test_deeplinkbutton_props_and_warning():
    with pytest.warns(UserWarning, match="deep_link"):
        button = DeepLinkButton(render=False)
    config = button.get_config()
    assert config["value"] == "Share via Link"
    assert config["copied_value"] == "Link Copied!"
    assert config["elem_id"] == "gradio-share-link-button-0"  # Gradio ignores elem_id
    assert config["icon"] is None  # the page draws the link icon
    assert config["variant"] == "secondary" and config["size"] == "lg"
    custom = quiet(lambda: DeepLinkButton("Share", "Copied", elem_id="mine", render=False))
    assert custom.get_config()["copied_value"] == "Copied"
    assert custom.get_config()["elem_id"] == "gradio-share-link-button-0"
    assert button.preprocess("x") == "x" and button.postprocess("y") == "y"
    assert button.skip_api


def test_navbar_values_pass_unchanged():
    nav = Navbar(value=[("About", "/about")], main_page_name="Dashboard", render=False)
    config = nav.get_config()
    assert config["value"] == [("About", "/about")]
    assert config["main_page_name"] == "Dashboard"
    assert config["visible"] is True
    assert Navbar(render=False).get_config()["value"] is None
    assert Navbar(main_page_name=False, render=False).get_config()["main_page_name"] is False
    assert nav.preprocess([["A", "a"]]) == [["A", "a"]]
    assert nav.postprocess([("B", "b")]) == [("B", "b")]
    assert nav.postprocess(None) is None
    assert nav.api_info() == {}
    assert nav.example_payload() is None and nav.example_value() is None


def test_paramviewer_values_and_props():
    viewer = ParamViewer(PARAMS, language="typescript", linkify=["int"], render=False)
    config = viewer.get_config()
    assert config["value"] == PARAMS
    assert {
        k: config[k] for k in ("language", "linkify", "header", "anchor_links", "max_height")
    } == {
        "language": "typescript",
        "linkify": ["int"],
        "header": "Parameters",
        "anchor_links": False,
        "max_height": None,
    }
    assert ParamViewer(render=False).get_config()["value"] is None
    assert viewer.preprocess(PARAMS) == PARAMS
    assert viewer.postprocess(PARAMS) == PARAMS and viewer.postprocess(None) is None
    assert viewer.api_info() == {"type": {}, "description": "any valid json"}
    assert viewer.example_payload() == {
        "array": {"type": "numpy", "description": "any valid json", "default": "None"}
    }
    assert viewer.api_python_type() == "str | float | bool | list | dict"
    assert not viewer.skip_api


@pytest.mark.parametrize("argument", ["every", "inputs", "preserved_by_key"])
def test_paramviewer_warns_unhonoured(argument):
    value = {"every": 1.0, "inputs": [], "preserved_by_key": "other"}[argument]
    with pytest.warns(UserWarning, match=argument):
        ParamViewer(render=False, **{argument: value})


def test_new_blocks_config_is_json():
    with gr.Blocks():
        blocks = [
            Draggable(),
            quiet(DeepLinkButton),
            Navbar(value=[("A", "a")]),
            ParamViewer(PARAMS),
        ]
    for block in blocks:
        json.dumps(block.get_config())


def test_walkthrough_and_steps():
    assert Walkthrough(render=False).get_block_name() == "walkthrough"
    assert Step(render=False).get_block_name() == "step"  # Gradio's config "name"
    assert Walkthrough.EVENTS == ("change", "select")
    assert Step.EVENTS == ("select",)
    assert Step(render=False).get_expected_parent() is Walkthrough
    with gr.Blocks() as demo, Walkthrough(selected=1) as walk:
        with Step("One", id=0) as one:
            gr.Textbox()
        with Step("Two", id=1):
            gr.Textbox()
        walk.change(lambda: None)
        one.select(lambda: None)
    assert walk.get_config()["selected"] == 1
    config = one.get_config()
    assert {k: config[k] for k in ("label", "interactive", "id", "scale")} == {
        "label": "One",
        "interactive": True,
        "id": 0,
        "scale": None,
    }
    assert "render_children" not in config
    (node,) = demo.spec.layout()["children"]
    assert len(node["children"]) == 2


LINES = [{"speaker": "A", "text": "hi"}, {"speaker": "B", "text": "yo"}]


def test_dialogue_config_as_gradio():
    dialogue = Dialogue(LINES, speakers=["A", "B"], render=False)
    assert dialogue.get_block_name() == "dialogue"
    assert Dialogue.EVENTS == ("change", "input", "submit")
    config = dialogue.get_config()
    assert config["value"] == LINES
    expected = {
        "type": "text",
        "speakers": ["A", "B"],
        "formatter": None,
        "unformatter": None,
        "tags": [],
        "separator": "\n",
        "color_map": None,
        "label": "Dialogue",
        "info": None,
        "placeholder": None,
        "show_label": True,
        "submit_btn": False,
        "ui_mode": "both",
        "buttons": [],
    }
    assert {k: config[k] for k in expected} == expected


def test_dialogue_preprocess_formats_or_keeps_the_list():
    text = Dialogue(render=False)
    assert text.preprocess(LINES) == "[A] hi\n[B] yo"
    assert text.preprocess("[A] typed") == "[A] typed"
    assert text.preprocess([{"speaker": "A", "text": ""}]) == ""
    assert text.preprocess(None) is None
    custom = Dialogue(formatter=lambda who, what: f"{who}: {what}", separator=" | ", render=False)
    assert custom.preprocess(LINES) == "A: hi | B: yo"
    as_list = Dialogue(type="list", render=False)
    assert as_list.preprocess(LINES) == LINES
    with pytest.raises(ValueError, match="type"):
        Dialogue(type="dict", render=False)  # type: ignore[arg-type]


def test_dialogue_postprocess_and_api():
    dialogue = Dialogue(render=False)
    assert dialogue.postprocess(None) is None
    assert dialogue.postprocess("[A] x") == "[A] x"
    assert dialogue.postprocess(LINES) == LINES
    assert dialogue.postprocess(({"speaker": "A", "text": "t", "extra": 1},)) == [
        {"speaker": "A", "text": "t"}
    ]
    schema = dialogue.api_info()
    assert schema["title"] == "DialogueModel"
    assert schema["anyOf"][1] == {"type": "string"}
    assert schema["$defs"]["DialogueLine"]["required"] == ["speaker", "text"]
    assert dialogue.example_payload() == [
        {"speaker": "Speaker 1", "text": "Hello, how are you?"},
        {"speaker": "Speaker 2", "text": "I'm fine, thank you!"},
    ]
    assert dialogue.api_python_type() == "list[dict(speaker: str, text: str)] | str"


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("unformatter", lambda line, who: {"speaker": who, "text": line}),
        ("tags", ["(laughs)"]),
        ("autoscroll", False),
        ("max_lines", 3),
        ("buttons", ["copy"]),
        ("submit_btn", True),
    ],
)
def test_dialogue_warns_unhonoured(argument, value):
    with pytest.warns(UserWarning, match=argument):
        Dialogue(render=False, **{argument: value})


def test_dialogue_defaults_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Dialogue(LINES, speakers=["A"], color_map={"A": "red"}, render=False)
