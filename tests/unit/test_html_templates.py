"""gr.HTML as Gradio 6's template component: arguments, props, events, children, the script
of the app's own code (template expressions, js_on_load) and its name."""

from __future__ import annotations

import inspect
import warnings

import pytest

import rillet as gr
from rillet.components.html import DEFAULT_JS, HTML, nest_props, template_expressions
from rillet.server import html_js

#: Gradio 6.31's gr.HTML.__init__, written down (the Gradio venv is not in CI).
GRADIO_SIGNATURE = [
    ("value", None),
    ("label", None),
    ("html_template", "${value}"),
    ("css_template", ""),
    ("js_on_load", DEFAULT_JS),
    ("apply_default_css", True),
    ("every", None),
    ("inputs", None),
    ("show_label", False),
    ("scale", None),
    ("min_width", None),
    ("visible", True),
    ("elem_id", None),
    ("elem_classes", None),
    ("render", True),
    ("key", None),
    ("preserved_by_key", "value"),
    ("min_height", None),
    ("max_height", None),
    ("container", False),
    ("padding", False),
    ("autoscroll", False),
    ("buttons", None),
    ("head", None),
    ("server_functions", None),
]
#: Gradio's config keys for gr.HTML (its framework-internal ones left out).
GRADIO_KEYS = {
    "apply_default_css", "autoscroll", "buttons", "component_class_name", "container",
    "css_template", "elem_classes", "elem_id", "head", "html_template", "js_on_load", "key",
    "label", "max_height", "min_height", "min_width", "padding", "preserved_by_key", "props",
    "scale", "show_label", "value", "visible",
}  # fmt: skip
STAR_TEMPLATE = (
    "<h2>${label}</h2>\n${Array.from({length: 5}, (_, i) => "
    "`<img class='${i < value ? '' : 'faded'}' src='star.svg'>`).join('')}"
)


class StarRating(HTML):
    def __init__(self, label: str, value: int = 0, **kwargs: object) -> None:
        super().__init__(value=value, label=label, html_template=STAR_TEMPLATE, **kwargs)

    def api_info(self) -> dict[str, object]:
        return {"type": "integer", "minimum": 0, "maximum": 5}


def test_signature_is_gradios():
    params = list(inspect.signature(HTML.__init__).parameters.values())[1:]
    assert [(p.name, p.default) for p in params[:-1]] == GRADIO_SIGNATURE
    assert params[-1].kind is inspect.Parameter.VAR_KEYWORD


def test_config_has_gradios_props_with_extra_props_nested():
    config = HTML("<b>x</b>", html_template="<p>${value}</p>", count=3).get_config()
    assert set(config) >= GRADIO_KEYS
    assert config["props"] == {"count": 3} and "count" not in config
    assert config["value"] == "<b>x</b>" and config["html_template"] == "<p>${value}</p>"
    assert config["component_class_name"] == "HTML" and config["buttons"] == []
    assert config["preserved_by_key"] == ["value"] and config["container"] is False


def test_values_pass_through_as_gradio_does():
    html = HTML()
    assert html.postprocess(5) == 5 and html.postprocess([1, "a"]) == [1, "a"]
    assert html.postprocess(None) is None and html.preprocess("<i>") == "<i>"
    assert html.api_info() == {"type": "string"} and html.skip_api is False
    assert html.example_payload() == "<p>Hello</p>"


def test_a_subclass_is_drawn_by_the_html_module_and_keeps_its_schema():
    star = StarRating("Food", 3)
    assert star.get_block_name() == "html"
    assert star.get_config()["component_class_name"] == "StarRating"
    assert star.api_info()["type"] == "integer" and star.postprocess(4) == 4


def test_every_gradio_event_is_a_listener_and_quoted_names_are_custom_events():
    with gr.Blocks():
        keys = HTML(js_on_load="document.addEventListener('keydown', () => trigger('keypress'))")
        out = gr.Textbox()
        keys.keypress(lambda: "k", None, out)
        keys.submit(lambda: "s", None, out)
        keys.click(lambda: "c", None, out)
    with pytest.raises(AttributeError, match="in quotes in js_on_load"):
        HTML(render=False).keypress  # noqa: B018
    with pytest.raises(AttributeError):
        keys.nokey  # noqa: B018


def test_events_reach_the_app_spec():
    with gr.Blocks() as demo:
        keys = HTML(js_on_load='trigger("keypress", {key: "a"})')
        out = gr.Textbox()
        keys.keypress(lambda: "k", None, out)
    targets = [t for dep in demo.spec.dependencies for t in dep.targets]
    assert (keys._id, "keypress") in targets


def test_with_html_holds_children():
    with gr.Blocks() as demo:
        with HTML(
            html_template="<h2>${title}</h2>@children<button>Send</button>", title="T"
        ) as form:
            name = gr.Textbox(label="Name")
        after = gr.Textbox()
    layout = demo.spec.layout()
    node = next(n for n in layout["children"] if n["id"] == form._id)
    (form,) = node["children"]  # Gradio's Form around the field
    assert [c["id"] for c in form["children"]] == [name._id]
    assert [after._id] in [[c["id"] for c in n.get("children", [])] for n in layout["children"]]


def test_template_expressions_are_found_with_nested_template_strings():
    assert template_expressions("a ${value} b ${x.y}") == ["value", "x.y"]
    assert template_expressions(STAR_TEMPLATE) == [
        "label",
        "Array.from({length: 5}, (_, i) => "
        "`<img class='${i < value ? '' : 'faded'}' src='star.svg'>`).join('')",
    ]
    assert template_expressions("${'}'} and ${\"{\"}") == ["'}'", '"{"']
    assert template_expressions("no end ${value") == []


def test_a_plain_html_needs_no_script():
    assert HTML("<p>hi</p>").page_script() is None
    assert (
        HTML("x", html_template="<b>${value}</b> {{value}} ${a.b}", a={"b": 1}).script_id() is None
    )


def test_the_script_holds_js_on_load_and_the_expressions_the_page_cannot_read():
    html = HTML(3, html_template=STAR_TEMPLATE, js_on_load="props.value = 1;")
    script = html.page_script()
    assert script is not None
    assert "props.value = 1;" in script and "onLoad: function (element, trigger, props" in script
    assert '"label"' not in script  # a prop's name is read by the page itself
    assert "Array.from({length: 5}" in script and "with (props)" in script
    assert html.script_id() == html_js.script_name(script)
    assert len(html.script_id() or "") == 16


def test_css_template_expressions_are_in_the_script_too():
    html = HTML(html_template="<b>x</b>", css_template="b { color: ${bold ? 'red' : 'blue'}; }")
    assert "bold ? 'red' : 'blue'" in (html.page_script() or "")


def test_return_html_as_update_nests_extra_props():
    update = HTML(size=40, label="L").as_update()
    assert update == {"__type__": "update", "label": "L", "props": {"size": 40}}


def test_gr_update_of_template_props_is_nested_like_gradios():
    nested = nest_props({"__type__": "update", "color": "blue", "visible": True})
    assert nested == {"__type__": "update", "visible": True, "props": {"color": "blue"}}
    assert nest_props({"__type__": "update", "value": 1}) == {"__type__": "update", "value": 1}


def test_a_script_tag_warns_that_it_will_not_run():
    with pytest.warns(UserWarning, match="will not run"):
        HTML(html_template="<script>alert(1)</script>")
    with pytest.warns(UserWarning, match="will not run"):
        HTML().postprocess("<SCRIPT src='x.js'></SCRIPT>")


@pytest.mark.parametrize(
    "arguments, name",
    [
        ({"buttons": [object()]}, "buttons"),
        ({"preserved_by_key": ["label"]}, "preserved_by_key"),
    ],
)
def test_unhonoured_arguments_warn_naming_themselves(arguments, name):
    with pytest.warns(UserWarning, match=f"`{name}`"):
        HTML(**arguments)


def test_defaults_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        HTML()
        HTML(buttons=[], server_functions=[])


def test_server_functions_are_listed_and_only_they_can_be_called():
    def list_files(path: str) -> list[str]:
        return [path]

    html = HTML(server_functions=[list_files])
    assert html.get_config()["server_fns"] == ["list_files"]
    assert "server_fns" not in HTML().get_config()
    assert html.server_function("list_files") is list_files and html.list_files is list_files
    assert html.server_function("page_script") is None and HTML().server_function("x") is None


def test_the_route_finds_only_scripts_of_the_apps_blocks():
    with gr.Blocks() as demo:
        html = HTML(js_on_load="element.textContent = 'ran';")
        HTML("<p>plain</p>")

    class Runtime:
        spec = demo.spec
        queue = None

    name = html.script_id()
    assert name is not None
    assert html_js.find_script(Runtime, name) == html.page_script()
    assert html_js.find_script(Runtime, "0" * 16) is None
