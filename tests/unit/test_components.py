"""The components' conversions, Gradio defaults, schemas, shortcuts and listeners (no sockets)."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import rillet.components as c
from rillet.components.base import Block, Component, Layout
from rillet.core.errors import Error
from rillet.core.spec import AppSpec, building

COMPONENTS = [
    c.Textbox,
    c.Number,
    c.Slider,
    c.Checkbox,
    c.Dropdown,
    c.Radio,
    c.Image,
    c.Markdown,
    c.JSON,
    c.Label,
    c.Button,
    c.HTML,
    c.State,
    c.Code,
]
LAYOUTS = [c.Row, c.Column, c.Group, c.Tabs, c.Tab, c.Form]


@pytest.fixture
def spec():
    app = AppSpec()
    with building(app, None):
        yield app


# --- shape shared by every component ---------------------------------------------------------


@pytest.mark.parametrize("cls", COMPONENTS + LAYOUTS)
def test_block_name_matches_its_module(cls):
    block = cls()
    module = Path(sys.modules[cls.__module__].__file__).stem
    expected = module if cls not in LAYOUTS else cls.__name__.lower()
    assert block.get_block_name() == expected
    if cls not in LAYOUTS:
        assert cls.__module__ == f"rillet.components.{block.get_block_name()}"


@pytest.mark.parametrize("cls", COMPONENTS + LAYOUTS)
def test_config_is_plain_json(cls):
    config = cls().get_config()
    assert json.loads(json.dumps(config)) == config
    assert {"visible", "elem_id", "elem_classes"} <= set(config)


@pytest.mark.parametrize("cls", [cls for cls in COMPONENTS if cls is not c.HTML])
def test_unknown_keyword_is_a_type_error(cls):
    # (gr.HTML is the exception: in Gradio 6 any extra keyword is a template prop.)
    with pytest.raises(TypeError):
        cls(no_such_argument=1)


@pytest.mark.parametrize("cls", COMPONENTS)
def test_every_event_has_a_listener_method(cls):
    assert cls.EVENTS
    for event in cls.EVENTS:
        assert callable(getattr(cls(), event))


def test_listener_outside_blocks_raises():
    with pytest.raises(RuntimeError, match=r"Button\.click\(\)"):
        c.Button().click(lambda: None)


def test_listener_inside_blocks_registers_the_event(spec):
    box, button = c.Textbox(), c.Button("Go")
    dep = button.click(str.upper, box, box)
    assert dep.targets == [(button._id, "click")]
    assert dep.inputs == [box] and dep.outputs == [box]
    assert spec.blocks[button._id] is button


def test_tabs_have_listeners_and_layouts_nest(spec):
    with c.Tabs() as tabs, c.Tab("One") as one:
        box = c.Textbox()
    assert c.TabItem is c.Tab
    dep = tabs.select(lambda: None)
    assert dep.targets == [(tabs._id, "select")]
    assert callable(one.select)
    assert spec.children[tabs._id] == [one._id]
    (form,) = spec.children[one._id]  # Gradio's Form around the field, made after it
    assert type(spec.blocks[form]).__name__ == "Form" and form > box._id
    assert spec.children[form] == [box._id]
    assert one.get_expected_parent() is c.Tabs
    assert c.Textbox().get_expected_parent() is c.Form
    assert c.Textbox(container=False).get_expected_parent() is None


def test_layout_props_follow_gradio_defaults():
    assert c.Row().get_config()["equal_height"] is False
    column = c.Column().get_config()
    assert (column["scale"], column["min_width"], column["variant"]) == (1, 320, "default")
    tab = c.Tab("A", id="a").get_config()
    assert (tab["label"], tab["id"], tab["interactive"]) == ("A", "a", True)
    assert c.Tabs(selected="a").get_config()["selected"] == "a"
    assert (c.Form().get_config()["scale"], c.Form().get_config()["min_width"]) == (0, 0)
    with pytest.raises(TypeError):
        c.Row(nonsense=True)


def test_import_is_light():
    code = "import rillet.components, sys; print('numpy' in sys.modules, 'PIL' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


# --- found from their classes ------------------------------------------------------------

#: The layouts the page builds itself (rillet/frontend/layout.js), without a module.
PAGE_LAYOUTS = {
    "row",
    "column",
    "group",
    "form",
    "tabs",
    "tab",
    "accordion",
    "sidebar",
    "draggable",
    "walkthrough",
    "step",
}
MODULES = Path(c.__file__).parent
#: What ``rillet.components`` exports besides blocks: options and message types.
NOT_BLOCKS = {
    "WebcamOptions",
    "WaveformOptions",
    "ChatMessage",
    "MessageDict",
    "MetadataDict",
    "OptionDict",
    "Brush",
    "Eraser",
    "LayerOptions",
    "WatermarkOptions",
}


def exported_blocks():
    return {name: getattr(c, name) for name in c.__all__ if name not in NOT_BLOCKS}


def test_all_lists_every_block_class_imported():
    found = {
        name
        for name, value in vars(c).items()
        if isinstance(value, type)
        and issubclass(value, Block)
        and value not in (Block, Component, Layout)
    }
    assert set(c.__all__) == found | NOT_BLOCKS


@pytest.mark.parametrize("name", sorted(exported_blocks()))
def test_every_block_is_drawn_by_the_module_its_class_names(name):
    from rillet.components._nativeplot import NativePlot

    cls = exported_blocks()[name]
    block_name = cls(render=False).get_block_name()
    named = cls.__base__ if cls.is_template else cls
    # Gradio draws its three native plots with one module, "nativeplot"
    expected = "nativeplot" if issubclass(cls, NativePlot) else named.__name__.lower()
    assert block_name == expected
    if issubclass(cls, Layout):
        assert block_name in PAGE_LAYOUTS
    else:
        assert (MODULES / f"{block_name}.js").is_file(), f"{name} has no {block_name}.js"


def test_every_component_module_has_its_class():
    names = {cls(render=False).get_block_name() for cls in exported_blocks().values()}
    assert {p.stem for p in MODULES.glob("*.js")} <= names


def test_skip_api_comes_from_the_class():
    assert [cls.skip_api for cls in (c.Button, c.State, c.Row, c.Tab)] == [True] * 4
    api = (c.Textbox, c.Image, c.Audio, c.Chatbot, c.Code, c.HTML, c.Markdown, c.Timer)
    assert not any(cls.skip_api for cls in api)


@pytest.mark.parametrize("cls", COMPONENTS + LAYOUTS)
def test_defaults_do_not_warn(cls):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cls()


@pytest.mark.parametrize(
    "cls, arguments",
    [
        (c.Textbox, {"every": 1.0}),
        (c.Slider, {"inputs": []}),
        (c.Row, {"preserved_by_key": ["x"]}),
        (c.Video, {"subtitles": "a.vtt"}),
        (c.Image, {"watermark": "w.png"}),
        (c.State, {"time_to_live": 10}),
        (c.Chatbot, {"reasoning_tags": [("<think>", "</think>")]}),
        (c.Code, {"autocomplete": True}),
    ],
)
def test_an_argument_that_is_not_honoured_warns_naming_itself(cls, arguments):
    (name,) = arguments
    with pytest.warns(UserWarning, match=f"gr.{cls.__name__}: `{name}` has no effect"):
        cls(**arguments)


def test_code():
    code = c.Code("print(1)\n", language="python", lines=3, max_lines=2)
    config = code.get_config()
    assert (config["language"], config["lines"], config["max_lines"]) == ("python", 3, 3)
    assert config["value"] == "print(1)" and config["buttons"] == ["copy", "download"]
    assert code.preprocess("x = 1") == "x = 1" and code.postprocess(None) is None
    assert c.get_component("code").EVENTS == ("change", "input", "focus", "blur")


# --- shortcuts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, cls",
    [
        ("text", c.Textbox),
        ("Textbox", c.Textbox),
        ("NUMBER", c.Number),
        ("slider", c.Slider),
        ("checkbox", c.Checkbox),
        ("dropdown", c.Dropdown),
        ("radio", c.Radio),
        ("image", c.Image),
        ("json", c.JSON),
        ("label", c.Label),
        ("markdown", c.Markdown),
        ("html", c.HTML),
        ("button", c.Button),
        ("state", c.State),
        ("text_area", c.TextArea),
        ("textarea", c.TextArea),
        ("audio", c.Audio),
        ("video", c.Video),
        ("chatbot", c.Chatbot),
        ("code", c.Code),
    ],
)
def test_shortcuts(name, cls):
    component = c.get_component(name)
    assert type(component) is cls


def test_get_component_other_specs():
    box = c.Textbox(label="x")
    assert c.get_component(box) is box
    assert type(c.get_component(c.Image)) is c.Image
    slider = c.get_component({"name": "slider", "maximum": 10})
    assert (slider.minimum, slider.maximum) == (0, 10)
    assert c.get_component("textarea").lines == 7
    with pytest.raises(ValueError, match="textbox") as info:
        c.get_component("videoo")
    assert "'videoo'" in str(info.value) and "image" in str(info.value)
    with pytest.raises(TypeError):
        c.get_component(3)


def test_get_component_render_false_stays_out_of_the_app(spec):
    box = c.get_component("text", render=False)
    assert box._id is None and spec.blocks == {}
    assert c.get_component("text")._id in spec.blocks


# --- Textbox ------------------------------------------------------------------------------


def test_textbox():
    box = c.Textbox()
    assert box.value is None and box.lines == 1 and box.min_width == 160
    assert box.preprocess("hi") == "hi" and box.preprocess(None) is None
    assert box.postprocess(3) == "3" and box.postprocess(None) is None
    assert box.api_info() == {"type": "string"}
    assert box.get_config()["value"] is None
    assert c.Textbox("start").get_config()["value"] == "start"
    with pytest.raises(ValueError):
        c.Textbox(type="number")
    with pytest.warns(UserWarning):
        assert c.Textbox(type="password", lines=3).lines == 1


def test_textbox_copy_button_gradio5_and_6():
    assert c.Textbox(show_copy_button=True).get_config()["buttons"] == ["copy"]
    assert c.Textbox(buttons=["copy"]).get_config()["show_copy_button"] is True
    assert c.Textbox().get_config()["buttons"] == []


# --- Number and Slider ------------------------------------------------------------------------


def test_number():
    num = c.Number()
    assert num.value is None and num.step == 1
    assert num.preprocess(3) == 3 and isinstance(num.preprocess(3), int)
    assert num.preprocess(2.5) == 2.5 and num.preprocess(None) is None
    assert num.preprocess("4.5") == 4.5
    assert c.Number(precision=0).preprocess(2.6) == 3
    assert isinstance(c.Number(precision=0).preprocess(2.6), int)
    assert c.Number(precision=2).postprocess(1.23456) == 1.23
    assert num.postprocess(None) is None
    assert c.Number(precision=0).api_info() == {"type": "integer"}
    assert num.api_info() == {"type": "number"}


def test_number_bounds():
    num = c.Number(minimum=0, maximum=10)
    assert num.preprocess(10) == 10
    with pytest.raises(Error, match="less than minimum value 0"):
        num.preprocess(-1)
    with pytest.raises(Error, match="greater than maximum value 10"):
        num.preprocess(11)
    with pytest.raises(TypeError):
        num.preprocess(True)


def test_number_numpy_scalar_output_is_its_text_as_in_gradio():
    """Gradio sends a numpy number as its text (``"0"``, ``"nan"``: valid JSON, where a bare
    NaN is not); a precision of 0 makes it an int, as Gradio's rounding does."""
    np = pytest.importorskip("numpy")
    assert c.Number().postprocess(np.float32(1.5)) == "1.5"
    assert c.Number().postprocess(np.float64("nan")) == "nan"
    assert c.Number(precision=2).postprocess(np.float64(1.23456)) == "1.23"
    out = c.Number(precision=0).postprocess(np.int64(7))
    assert type(out) is int and json.dumps(out) == "7"
    assert c.Number().postprocess(2.5) == 2.5


def test_slider_defaults_like_gradio():
    slider = c.Slider(1, 10, 3, step=1)
    assert slider.value == 3 and slider.get_config()["value"] == 3
    default = c.Slider()
    assert default.value == 0 and default.step == 1
    assert c.Slider(0, 1).step == 0.01
    assert c.Slider(0, 1000).step == 10
    assert default.postprocess(None) == 0
    assert default.api_info() == {
        "type": "number",
        "description": "numeric value between 0 and 100",
    }
    with pytest.raises(ValueError):
        c.Slider(5, 5)


def test_slider_input():
    slider = c.Slider(1, 10, 3, step=1)
    steps = slider.preprocess(4)
    assert steps == 4 and isinstance(steps, int)  # range(steps) must work
    assert slider.preprocess(2.5) == 2.5
    with pytest.raises(Error, match="greater than maximum"):
        slider.preprocess(11)
    with pytest.raises(Error, match="less than minimum"):
        slider.preprocess(0)
    assert c.Slider(precision=0).preprocess(3.7) == 4


def test_slider_randomize_stays_on_the_grid():
    slider = c.Slider(0, 1, step=0.25, randomize=True)
    assert callable(slider.value)
    values = {slider.initial_payload() for _ in range(50)}
    assert values <= {0, 0.25, 0.5, 0.75, 1.0}


# --- Checkbox -------------------------------------------------------------------------------


def test_checkbox():
    box = c.Checkbox()
    assert box.value is False and box.get_config()["value"] is False
    assert box.preprocess(True) is True and box.preprocess(None) is None
    assert box.preprocess(0) is False
    assert box.postprocess(None) is False and box.postprocess(1) is True
    assert box.api_info() == {"type": "boolean"}
    assert c.Checkbox(label="Agree").get_config()["show_label"] is True
    with pytest.raises(ValueError):
        box.preprocess("maybe")


# --- Dropdown and Radio ---------------------------------------------------------------------


def test_dropdown_default_value_is_first_choice():
    assert c.Dropdown(["a", "b"]).value == "a"
    assert c.Dropdown(["a", "b"], value=None).value is None
    assert c.Dropdown(["a", "b"], multiselect=True).value == []
    assert c.Dropdown(["a", "b"], value="b", multiselect=True).value == ["b"]
    assert c.Dropdown().value is None
    assert c.Dropdown([("Apple", 1), ("Pear", 2)]).value == 1


def test_dropdown_choices_and_props():
    drop = c.Dropdown(["a", ("Bee", "b"), 3])
    assert drop.choices == [("a", "a"), ("Bee", "b"), ("3", 3)]
    config = drop.get_config()
    assert config["choices"] == [["a", "a"], ["Bee", "b"], ["3", 3]]
    assert config["value"] == "a"
    assert drop.api_info() == {"type": "string", "enum": ["a", "b", 3]}
    multi = c.Dropdown(["a", "b"], multiselect=True)
    assert multi.api_info() == {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}}
    assert multi.example_payload() == ["a"]


def test_dropdown_preprocess():
    drop = c.Dropdown(["a", "b"])
    assert drop.preprocess("b") == "b" and drop.preprocess(None) is None
    with pytest.raises(Error, match="Value: z is not in the list of choices"):
        drop.preprocess("z")
    assert c.Dropdown(["a", "b"], allow_custom_value=True).preprocess("z") == "z"
    assert c.Dropdown(["a", "b"], type="index").preprocess("b") == 1
    assert c.Dropdown(["a"], type="index", allow_custom_value=True).preprocess("z") is None
    multi = c.Dropdown(["a", "b", "c"], multiselect=True, type="index")
    assert multi.preprocess(["c", "a"]) == [2, 0]
    with pytest.raises(ValueError):
        c.Dropdown(["a"], multiselect=True).preprocess(["a", "q"])
    with pytest.raises(ValueError):
        c.Dropdown(["a"], type="label")


def test_dropdown_postprocess():
    drop = c.Dropdown(["a", "b"])
    assert drop.postprocess("b") == "b" and drop.postprocess(None) is None
    assert c.Dropdown(["a", "b"], multiselect=True).postprocess("a") == ["a"]
    with pytest.warns(UserWarning):
        assert drop.postprocess("zzz") == "zzz"


def test_radio():
    radio = c.Radio(["x", ("Why", "y")])
    assert radio.value is None
    assert radio.get_config()["choices"] == [["x", "x"], ["Why", "y"]]
    assert radio.preprocess("y") == "y"
    assert c.Radio(["x", "y"], type="index").preprocess("y") == 1
    with pytest.raises(ValueError, match="not in the list of choices"):
        radio.preprocess("z")
    assert radio.api_info() == {"enum": ["x", "y"], "title": "Radio", "type": "string"}
    assert radio.postprocess("x") == "x"


# --- Markdown, HTML, JSON, Label, Button, State ----------------------------------------------


def test_markdown_dedents_like_gradio():
    md = c.Markdown()
    assert md.value is None and md.container is False and md.min_width is None
    assert md.postprocess("\n    # Title\n    text\n    ") == "# Title\ntext"
    assert md.postprocess(None) is None
    assert md.api_info() == {"type": "string"}
    assert c.Markdown("hi").get_config()["latex_delimiters"][0]["left"] == "$$"


def test_html_keeps_extra_template_props():
    html = c.HTML("<b>x</b>", count=3)
    config = html.get_config()
    assert config["value"] == "<b>x</b>" and config["props"]["count"] == 3
    assert html.postprocess(5) == 5 and html.preprocess("<i>") == "<i>"
    assert callable(html.click) and callable(html.change)


def test_json_postprocess():
    box = c.JSON()
    assert box.postprocess('{"a": [1, 2]}') == {"a": [1, 2]}
    assert box.postprocess(None) is None
    out = box.postprocess({"t": (1, 2), 3: {"s": {5}}, "nan": float("nan"), True: None})
    assert out == {"t": [1, 2], "3": {"s": [5]}, "nan": None, "true": None}
    with pytest.raises(ValueError, match="Invalid JSON"):
        box.postprocess("{not json")
    assert box.api_info() == {"type": {}, "description": "any valid json"}
    assert c.JSON().get_config()["buttons"] == ["copy"]


def test_json_numpy_values_become_lists():
    np = pytest.importorskip("numpy")
    out = c.JSON().postprocess({"a": np.arange(3), "b": np.float64(0.5), "c": np.int64(2)})
    assert out == {"a": [0, 1, 2], "b": 0.5, "c": 2}
    assert json.loads(json.dumps(out)) == out


def test_label_postprocess():
    label = c.Label()
    assert label.postprocess(None) == {}
    assert label.postprocess("cat") == {"label": "cat", "confidences": None}
    assert label.postprocess(7) == {"label": "7", "confidences": None}
    out = c.Label(num_top_classes=2).postprocess({"dog": 0.2, "cat": 0.7, "cow": 0.1})
    assert out == {
        "label": "cat",
        "confidences": [{"label": "cat", "confidence": 0.7}, {"label": "dog", "confidence": 0.2}],
    }
    assert label.postprocess(out) == out  # an already-shaped value stays the same
    with pytest.raises(ValueError):
        label.postprocess([1, 2])


def test_label_preprocess():
    label = c.Label()
    assert label.preprocess({"label": "cat", "confidences": None}) == "cat"
    payload = {
        "label": "cat",
        "confidences": [{"label": "cat", "confidence": 0.9}, {"label": "dog", "confidence": 0.1}],
    }
    assert label.preprocess(payload) == {"cat": 0.9, "dog": 0.1}
    assert label.preprocess(None) is None
    assert label.api_info()["title"] == "LabelData"


def test_button():
    button = c.Button()
    assert button.value == "Run" and button.get_config()["value"] == "Run"
    assert button.preprocess("Go") == "Go" and button.postprocess("Stop") == "Stop"
    config = c.Button("Go", variant="primary", size="sm").get_config()
    assert (config["variant"], config["size"], config["interactive"]) == ("primary", "sm", True)
    assert config["min_width"] is None
    assert c.Button.skip_api is True
    with pytest.raises(TypeError):
        c.Button(label="no labels on buttons")


def test_state_keeps_a_private_copy_and_passes_values_through():
    initial = {"items": [1]}
    state = c.State(initial)
    initial["items"].append(2)
    assert state.value == {"items": [1]}
    obj = object()
    assert state.preprocess(obj) is obj and state.postprocess(obj) is obj
    config = c.State(object()).get_config()
    assert "value" not in config and json.dumps(config)
    assert c.State.skip_api and c.State.stateful
    assert c.State(None, False)._id is None


# --- API schemas as gradio_client reads them ---------------------------------------------------


@pytest.mark.parametrize(
    "component",
    [
        c.Textbox(),
        c.Number(),
        c.Number(precision=0),
        c.Slider(),
        c.Checkbox(),
        c.Dropdown(["a", "b"]),
        c.Dropdown(["a", "b"], multiselect=True),
        c.Radio(["a", "b"]),
        c.Image(),
        c.Markdown(),
        c.JSON(),
        c.Label(),
        c.Button(),
        c.HTML(),
        c.State(),
    ],
    ids=lambda comp: type(comp).__name__,
)
def test_api_python_type_is_what_gradio_client_reads(component):
    utils = pytest.importorskip("gradio_client.utils")
    assert utils.json_schema_to_python_type(component.api_info()) == component.api_python_type()


def test_image_schema_is_a_file_for_gradio_client():
    utils = pytest.importorskip("gradio_client.utils")
    assert utils.value_is_file(c.Image().api_info())
    assert not utils.value_is_file(c.Textbox().api_info())


@pytest.mark.parametrize("cls", [cls for cls in COMPONENTS if cls is not c.Image])
def test_example_payload_goes_through_preprocess(cls):
    # (Image's example is a remote URL that clients upload before sending.)
    component = cls()
    component.preprocess(component.example_payload())
    json.dumps(component.example_payload())
    assert isinstance(component, Component)
