"""CheckboxGroup, ColorPicker, DateTime, Timer and the Button templates (ClearButton,
DuplicateButton, LoginButton): conversions, Gradio's defaults and schemas, the events they
make, warnings (no sockets)."""

from __future__ import annotations

import inspect
import json
import warnings
from datetime import datetime, timedelta, timezone

import pytest

import rillet as gr
from rillet.core.spec import AppSpec, building

NEW = [gr.CheckboxGroup, gr.ColorPicker, gr.DateTime, gr.Timer]
TEMPLATES = [gr.ClearButton, gr.DuplicateButton]


#: Each constructor's parameters as Gradio 6.31 declares them, in order.
GRADIO_PARAMETERS = {
    gr.CheckboxGroup: [
        "choices",
        "value",
        "type",
        "label",
        "info",
        "every",
        "inputs",
        "show_label",
        "show_select_all",
        "container",
        "scale",
        "min_width",
        "interactive",
        "visible",
        "elem_id",
        "elem_classes",
        "render",
        "key",
        "preserved_by_key",
        "buttons",
    ],
    gr.ColorPicker: [
        "value",
        "label",
        "info",
        "every",
        "inputs",
        "show_label",
        "container",
        "scale",
        "min_width",
        "interactive",
        "visible",
        "elem_id",
        "elem_classes",
        "render",
        "key",
        "preserved_by_key",
    ],
    gr.DateTime: [
        "value",
        "include_time",
        "type",
        "timezone",
        "label",
        "show_label",
        "info",
        "every",
        "scale",
        "min_width",
        "visible",
        "interactive",
        "elem_id",
        "elem_classes",
        "render",
        "key",
        "preserved_by_key",
        "buttons",
    ],
    gr.Timer: ["value", "active", "render"],
    gr.ClearButton: [
        "components",
        "value",
        "every",
        "inputs",
        "variant",
        "size",
        "icon",
        "link",
        "link_target",
        "visible",
        "interactive",
        "elem_id",
        "elem_classes",
        "render",
        "key",
        "preserved_by_key",
        "scale",
        "min_width",
        "api_name",
        "api_visibility",
    ],
    gr.DuplicateButton: [
        "value",
        "every",
        "inputs",
        "variant",
        "size",
        "icon",
        "link",
        "link_target",
        "visible",
        "interactive",
        "elem_id",
        "elem_classes",
        "render",
        "key",
        "preserved_by_key",
        "scale",
        "min_width",
        "_activate",
    ],
    gr.LoginButton: [
        "value",
        "logout_value",
        "every",
        "inputs",
        "variant",
        "size",
        "icon",
        "link",
        "link_target",
        "visible",
        "interactive",
        "elem_id",
        "elem_classes",
        "render",
        "key",
        "preserved_by_key",
        "scale",
        "min_width",
    ],
}


@pytest.fixture
def spec():
    app = AppSpec()
    with building(app, None):
        yield app


def defaults(cls):
    return {
        name: p.default
        for name, p in inspect.signature(cls.__init__).parameters.items()
        if p.default is not inspect.Parameter.empty
    }


# --- shape: names, defaults, config ------------------------------------------------------------


@pytest.mark.parametrize(
    ("cls", "name"),
    [
        (gr.CheckboxGroup, "checkboxgroup"),
        (gr.ColorPicker, "colorpicker"),
        (gr.DateTime, "datetime"),
        (gr.Timer, "timer"),
        (gr.ClearButton, "button"),
        (gr.DuplicateButton, "button"),
    ],
)
def test_block_names_are_gradios(cls, name):
    assert cls().get_block_name() == name


def test_login_button_is_drawn_as_a_button():
    with pytest.warns(UserWarning, match="LoginButton"):
        assert gr.LoginButton().get_block_name() == "button"


@pytest.mark.parametrize("cls", NEW + TEMPLATES)
def test_config_is_plain_json(cls):
    config = cls().get_config()
    assert json.loads(json.dumps(config)) == config


@pytest.mark.parametrize("cls", list(GRADIO_PARAMETERS))
def test_parameters_are_gradios_in_order(cls):
    assert list(inspect.signature(cls.__init__).parameters)[1:] == GRADIO_PARAMETERS[cls]


def test_argument_order_and_defaults_are_gradios():
    # As Gradio 6.31 declares them (inspect.signature(gr.X.__init__) there).
    assert list(inspect.signature(gr.CheckboxGroup.__init__).parameters)[:12] == [
        "self", "choices", "value", "type", "label", "info", "every", "inputs",
        "show_label", "show_select_all", "container", "scale",
    ]  # fmt: skip
    assert defaults(gr.CheckboxGroup)["show_select_all"] is False
    assert (
        defaults(gr.DateTime).items()
        >= {
            "include_time": True,
            "type": "timestamp",
            "timezone": None,
            "min_width": 160,
        }.items()
    )
    assert list(inspect.signature(gr.DateTime.__init__).parameters)[1:5] == [
        "value", "include_time", "type", "timezone",
    ]  # fmt: skip
    assert defaults(gr.Timer) == {"value": 1, "active": True, "render": True}
    assert defaults(gr.ClearButton)["value"] == "Clear"
    assert defaults(gr.ClearButton)["api_visibility"] == "undocumented"
    assert list(inspect.signature(gr.ClearButton.__init__).parameters)[1] == "components"
    dup = defaults(gr.DuplicateButton)
    assert (dup["value"], dup["variant"], dup["size"], dup["scale"]) == (
        "Duplicate Space", "huggingface", "sm", 0,
    )  # fmt: skip
    login = defaults(gr.LoginButton)
    assert (login["value"], login["logout_value"], login["variant"]) == (
        "Sign in with Hugging Face", "Logout ({})", "huggingface",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("cls", "events"),
    [
        (gr.CheckboxGroup, ("change", "input", "select")),
        (gr.ColorPicker, ("change", "input", "release", "submit", "focus", "blur")),
        (gr.DateTime, ("change", "submit")),
        (gr.Timer, ("change", "tick")),
    ],
)
def test_events_are_gradios(cls, events):
    assert events == cls.EVENTS
    for event in events:
        assert callable(getattr(cls, event))


def test_shortcuts_name_the_new_components():
    assert isinstance(gr.components.get_component("checkboxgroup"), gr.CheckboxGroup)
    assert isinstance(gr.components.get_component("colorpicker"), gr.ColorPicker)
    assert isinstance(gr.components.get_component("datetime"), gr.DateTime)


# --- CheckboxGroup -----------------------------------------------------------------------------


def test_checkbox_group_choices_values_and_pairs():
    group = gr.CheckboxGroup(["a", ("B", "b"), 3], value=["a"], label="cg")
    assert group.get_config()["choices"] == [["a", "a"], ["B", "b"], ["3", 3]]
    assert group.get_config()["value"] == ["a"]
    assert group.preprocess(["b", 3]) == ["b", 3]
    assert group.preprocess([]) == []


def test_checkbox_group_index_type():
    group = gr.CheckboxGroup(["x", "y", "z"], type="index")
    assert group.preprocess(["z", "x"]) == [2, 0]


def test_checkbox_group_refuses_a_value_that_is_not_a_choice():
    with pytest.raises(ValueError, match="not in the list of choices"):
        gr.CheckboxGroup(["x"]).preprocess(["nope"])
    with pytest.raises(ValueError, match="Invalid value for parameter `type`"):
        gr.CheckboxGroup(["x"], type="label")  # type: ignore[arg-type]


def test_checkbox_group_postprocess_is_always_a_list():
    group = gr.CheckboxGroup(["x", "y"])
    assert group.postprocess(None) == []
    assert group.postprocess("x") == ["x"]
    assert group.postprocess(["x", "y"]) == ["x", "y"]
    assert gr.CheckboxGroup(["x"]).get_config()["value"] == []
    assert gr.CheckboxGroup(["x"], value="x").get_config()["value"] == ["x"]


def test_checkbox_group_schema_is_gradios():
    group = gr.CheckboxGroup(["a", ("B", "b"), 3])
    assert group.api_info() == {
        "items": {"enum": ["a", "b", 3], "type": "string"},
        "title": "Checkbox Group",
        "type": "array",
    }
    assert group.api_python_type() == "list[Literal['a', 'b', '3']]"
    assert group.example_payload() == ["a"]
    assert gr.CheckboxGroup().example_payload() is None


def test_checkbox_group_props():
    props = gr.CheckboxGroup(["a"], show_select_all=True).get_config()
    assert props["show_select_all"] is True
    assert props["type"] == "value"
    assert props["buttons"] == []


# --- ColorPicker -------------------------------------------------------------------------------


def test_color_picker_passes_hex_strings():
    picker = gr.ColorPicker("#ff8800")
    assert picker.get_config()["value"] == "#ff8800"
    assert picker.preprocess("#00ff00") == "#00ff00"
    assert picker.preprocess(None) is None
    assert picker.postprocess(None) is None
    assert picker.api_info() == {"type": "string"}
    assert picker.api_python_type() == "str"
    assert picker.example_payload() == "#000000"


# --- DateTime ----------------------------------------------------------------------------------


def test_datetime_timestamp_type():
    box = gr.DateTime()
    expected = datetime(2024, 5, 6, 7, 8, 9).timestamp()
    assert box.preprocess("2024-05-06 07:08:09") == expected
    assert box.preprocess("") is None
    assert box.preprocess(None) is None


def test_datetime_datetime_and_string_types():
    assert gr.DateTime(type="datetime").preprocess("2024-05-06 07:08:09") == datetime(
        2024, 5, 6, 7, 8, 9
    )
    as_text = gr.DateTime(type="string")
    assert as_text.preprocess("2024-05-06 07:08:09") == "2024-05-06 07:08:09"
    day = gr.DateTime(type="datetime", include_time=False)
    assert day.preprocess("2024-05-06") == datetime(2024, 5, 6)


def test_datetime_timezone_places_typed_times_and_shows_timestamps():
    paris = gr.DateTime(type="datetime", timezone="Europe/Paris")
    moment = paris.preprocess("2024-01-02 12:00:00")
    assert moment.utcoffset() == timedelta(hours=1)
    stamp = datetime(2024, 1, 2, 11, 0, tzinfo=timezone.utc).timestamp()
    assert paris.postprocess(stamp) == "2024-01-02 12:00:00"
    assert gr.DateTime(timezone="UTC").postprocess(stamp) == "2024-01-02 11:00:00"
    with pytest.raises(ValueError, match="unknown timezone"):
        gr.DateTime(timezone="Mars/Olympus")


@pytest.mark.parametrize(
    ("text", "delta"),
    [
        ("now", timedelta(0)),
        ("now - 2h", timedelta(hours=2)),
        ("  now-30m ", timedelta(minutes=30)),
        ("now - 3d", timedelta(days=3)),
        ("now - 15s", timedelta(seconds=15)),
    ],
)
def test_datetime_now_strings(text, delta):
    box = gr.DateTime(type="datetime")
    before = datetime.now() - delta
    got = box.preprocess(text)
    after = datetime.now() - delta
    assert before <= got <= after
    stamped = gr.DateTime().preprocess(text)
    assert (before - timedelta(seconds=1)).timestamp() <= stamped <= after.timestamp() + 1
    # type="string" resolves "now" to the formatted time too, as in Gradio
    formatted = gr.DateTime(type="string").preprocess(text)
    assert datetime.strptime(formatted, "%Y-%m-%d %H:%M:%S") <= after


def test_datetime_refuses_text_that_is_not_a_date():
    with pytest.raises(ValueError):
        gr.DateTime().preprocess("tomorrow")
    with pytest.raises(ValueError, match="'now'"):
        gr.DateTime().preprocess("now + 2h")
    with pytest.raises(ValueError):
        gr.DateTime(include_time=False).preprocess("2024-05-06 07:08:09")
    # Gradio passes other text through untouched with type="string"
    assert gr.DateTime(type="string").preprocess("whenever") == "whenever"


def test_datetime_postprocess():
    box = gr.DateTime()
    assert box.postprocess(None) is None
    assert box.postprocess("now - 2h") == "now - 2h"
    assert box.postprocess(datetime(2024, 5, 6, 7, 8, 9)) == "2024-05-06 07:08:09"
    stamp = datetime(2024, 5, 6, 7, 8, 9).timestamp()
    assert box.postprocess(stamp) == "2024-05-06 07:08:09"
    assert gr.DateTime(include_time=False).postprocess(stamp) == "2024-05-06"
    assert gr.DateTime("now").get_config()["value"] == "now"
    with pytest.raises(TypeError):
        box.postprocess(object())


def test_datetime_schema_is_gradios():
    assert gr.DateTime().api_info() == {
        "type": "string",
        "description": "Formatted as YYYY-MM-DD HH:MM:SS",
    }
    assert gr.DateTime(include_time=False).api_info() == {
        "type": "string",
        "description": "Formatted as YYYY-MM-DD",
    }
    assert gr.DateTime().example_payload() == "2020-10-01 05:20:15"
    assert gr.DateTime().api_python_type() == "str"
    props = gr.DateTime(include_time=False, timezone="UTC", type="string").get_config()
    assert (props["include_time"], props["timezone"], props["type"]) == (False, "UTC", "string")


# --- Timer -------------------------------------------------------------------------------------


def test_timer_config_and_schema():
    config = gr.Timer(2, active=False).get_config()
    assert (config["value"], config["active"]) == (2, False)
    assert gr.Timer().api_info() == {"type": "number"}
    assert gr.Timer().example_payload() == 1
    assert gr.Timer().preprocess(0.5) == 0.5


def test_timer_tick_hides_progress_by_default(spec):
    timer = gr.Timer(0.5)
    out = gr.Number()
    dep = timer.tick(lambda: 1, None, out)
    assert dep.targets == [(timer._id, "tick")]
    assert dep.config()["show_progress"] == "hidden"
    assert timer.tick(lambda: 1, None, out, show_progress="full").show_progress == "full"


def test_a_returned_timer_updates_only_the_arguments_it_was_given():
    from rillet.core.outputs import split_outputs

    timer = gr.Timer(1)
    assert split_outputs(gr.Timer(active=True), [timer]) == [{"__type__": "update", "active": True}]
    assert gr.Timer(0.2).as_update() == {"__type__": "update", "value": 0.2}
    assert gr.Timer(value=2, active=False).as_update() == {
        "__type__": "update",
        "value": 2,
        "active": False,
    }
    stream = timer.output_stream(None)  # type: ignore[arg-type]
    assert stream.prepare(0.2) == 0.2
    assert stream.prepare(gr.update(active=False)) == {"__type__": "update", "active": False}


# --- ClearButton -------------------------------------------------------------------------------


def test_clear_button_makes_one_page_event_that_clears(spec):
    text = gr.Textbox("hello")
    group = gr.CheckboxGroup(["a"], value=["a"])
    clear = gr.ClearButton([text, group])
    (dep,) = spec.dependencies
    assert dep.targets == [(clear._id, "click")]
    assert dep.inputs == [] and dep.outputs == [text, group]
    assert dep.api_visibility == "private"
    config = dep.config()
    assert config["show_progress"] == "hidden"
    # as in Gradio, it runs in the page: no function, each component's empty payload
    assert dep.fn is None and config["backend_fn"] is False
    assert config["frontend"] == {"values": [[text._id, text.postprocess(None)], [group._id, []]]}


def test_clear_button_resets_state_to_its_initial_value(spec):
    state = gr.State({"n": [1]})
    clear = gr.ClearButton(state, api_name="reset", api_visibility="public")
    (dep,) = spec.dependencies
    first = dep.fn()
    assert first == {"n": [1]}
    first["n"].append(2)  # a session's changes never reach the initial value
    assert dep.fn() == {"n": [1]}
    assert dep.api_name == "reset" and dep.api_visibility == "public"
    assert clear.get_config()["api_visibility"] == "public"


def test_clear_button_add_and_nothing_to_clear(spec):
    clear = gr.ClearButton()
    assert spec.dependencies == []
    box = gr.Textbox()
    assert clear.add(box) is clear
    (dep,) = spec.dependencies
    assert dep.outputs == [box] and dep.frontend == {"values": [[box._id, box.postprocess(None)]]}
    assert clear.add(None) is clear and len(spec.dependencies) == 1


def test_clear_button_does_not_take_user_function_names(spec):
    gr.ClearButton(gr.Textbox())

    def clear():
        return "x"

    dep = gr.Button().click(clear, None, gr.Textbox())
    assert dep.api_name == "clear"


def test_clear_button_outside_blocks_makes_no_event():
    assert gr.ClearButton(gr.Textbox(render=False)).get_config()["value"] == "Clear"


# --- DuplicateButton, LoginButton --------------------------------------------------------------


def test_duplicate_button_does_nothing_outside_a_space(monkeypatch):
    monkeypatch.delenv("SYSTEM", raising=False)
    monkeypatch.setenv("SPACE_ID", "me/app")  # not a Space without SYSTEM=spaces (Gradio's rule)
    button = gr.DuplicateButton()
    config = button.get_config()
    assert config["link"] is None and config["visible"] is True
    assert (config["value"], config["variant"], config["size"], config["scale"]) == (
        "Duplicate Space", "huggingface", "sm", 0,
    )  # fmt: skip


def test_duplicate_button_opens_the_duplication_page_on_a_space(monkeypatch):
    monkeypatch.setenv("SYSTEM", "spaces")
    monkeypatch.setenv("SPACE_ID", "me/app")
    assert (
        gr.DuplicateButton().get_config()["link"]
        == "https://huggingface.co/spaces/me/app?duplicate=true"
    )
    assert gr.DuplicateButton(_activate=False).get_config()["link"] is None


def test_login_button_warns_that_sign_in_is_not_supported():
    with pytest.warns(UserWarning, match="not supported by rillet") as caught:
        button = gr.LoginButton()
    assert len([w for w in caught if "LoginButton" in str(w.message)]) == 1
    config = button.get_config()
    assert (config["value"], config["variant"]) == ("Sign in with Hugging Face", "huggingface")
    assert button.logout_value == "Logout ({})"


# --- arguments accepted but not acted on -------------------------------------------------------


@pytest.mark.parametrize(
    ("cls", "arguments"),
    [
        (gr.CheckboxGroup, {"every": 1.0}),
        (gr.CheckboxGroup, {"inputs": []}),
        (gr.CheckboxGroup, {"buttons": ["x"]}),
        (gr.ColorPicker, {"every": 1.0}),
        (gr.ColorPicker, {"preserved_by_key": ["label"]}),
        (gr.DateTime, {"every": 1.0}),
        (gr.DateTime, {"buttons": ["x"]}),
        (gr.ClearButton, {"every": 1.0}),
        (gr.DuplicateButton, {"inputs": []}),
    ],
)
def test_an_argument_that_is_not_honoured_warns_naming_itself(cls, arguments):
    (name,) = arguments
    with pytest.warns(UserWarning, match=f"gr.{cls.__name__}: `{name}` has no effect"):
        cls(**arguments)


@pytest.mark.parametrize("cls", [*NEW, *TEMPLATES])
def test_defaults_warn_nothing(cls):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cls()
