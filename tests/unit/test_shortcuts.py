"""Gradio's string shortcuts (``gr.Interface(fn, "microphone", "files")``): every name Gradio
6.31 accepts either makes the component it makes there, with the template's arguments, or
says which component rillet lacks."""

from __future__ import annotations

from typing import Any

import pytest

import rillet as gr
from rillet import components as c
from rillet.components import shortcuts
from rillet.components.base import Component

#: Every shortcut Gradio 6.31 turns into a component (``gradio.utils.component_or_layout_class``
#: over its components, aliases and templates; layouts and base classes left out), with the
#: class it makes there.
GRADIO_SHORTCUTS = {
    "annotatedimage": "AnnotatedImage",
    "audio": "Audio",
    "barplot": "BarPlot",
    "browserstate": "BrowserState",
    "button": "Button",
    "chatbot": "Chatbot",
    "checkbox": "Checkbox",
    "checkboxgroup": "CheckboxGroup",
    "clearbutton": "ClearButton",
    "code": "Code",
    "colorpicker": "ColorPicker",
    "dataframe": "Dataframe",
    "dataset": "Dataset",
    "datetime": "DateTime",
    "deeplinkbutton": "DeepLinkButton",
    "dialogue": "Dialogue",
    "downloadbutton": "DownloadButton",
    "dropdown": "Dropdown",
    "duplicatebutton": "DuplicateButton",
    "fallback": "Fallback",
    "file": "File",
    "fileexplorer": "FileExplorer",
    "files": "File",
    "gallery": "Gallery",
    "highlight": "HighlightedText",
    "highlightedtext": "HighlightedText",
    "html": "HTML",
    "image": "Image",
    "imageeditor": "ImageEditor",
    "imagemask": "ImageEditor",
    "imageslider": "ImageSlider",
    "json": "JSON",
    "label": "Label",
    "lineplot": "LinePlot",
    "list": "Dataframe",
    "loginbutton": "LoginButton",
    "markdown": "Markdown",
    "matrix": "Dataframe",
    "microphone": "Audio",
    "model3d": "Model3D",
    "multimodaltextbox": "MultimodalTextbox",
    "nativeplot": "NativePlot",
    "navbar": "Navbar",
    "number": "Number",
    "numpy": "Dataframe",
    "paint": "ImageEditor",
    "paramviewer": "ParamViewer",
    "playablevideo": "Video",
    "plot": "Plot",
    "radio": "Radio",
    "scatterplot": "ScatterPlot",
    "simpledropdown": "SimpleDropdown",
    "simpleimage": "SimpleImage",
    "simpletextbox": "SimpleTextbox",
    "sketchpad": "ImageEditor",
    "slider": "Slider",
    "state": "State",
    "text": "Textbox",
    "textarea": "TextArea",
    "textbox": "Textbox",
    "timer": "Timer",
    "uploadbutton": "UploadButton",
    "video": "Video",
    "workflowcanvas": "WorkflowCanvas",
}
#: Gradio's layouts, which it also finds by name (and then refuses as components).
GRADIO_LAYOUTS = ["accordion", "column", "draggable", "form", "group", "row", "sidebar"]


def exported() -> dict[str, type[Component]]:
    return c._shortcuts()


@pytest.mark.parametrize("name, cls_name", sorted(GRADIO_SHORTCUTS.items()))
def test_every_gradio_shortcut_builds_or_names_the_missing_component(name, cls_name):
    base = "Textbox" if cls_name == "TextArea" else cls_name
    if base in c.__all__:
        cls, _ = shortcuts.resolve(name, exported())
        assert issubclass(cls, getattr(c, cls_name))
    else:
        with pytest.raises(shortcuts.MissingComponent, match=f"gr\\.{cls_name}\\b") as info:
            gr.components.get_component(name)
        assert isinstance(info.value, NotImplementedError)
        assert "textbox" in str(info.value)  # and what there is instead


def test_what_rillet_lacks_today_is_refused_by_name():
    lacking = {name for name, cls in GRADIO_SHORTCUTS.items() if cls not in c.__all__}
    assert {"workflowcanvas", "fallback"} <= lacking
    with pytest.raises(NotImplementedError, match=r"no WorkflowCanvas component"):
        c.get_component({"name": "workflowcanvas", "label": "Flow"})
    sketch = c.get_component({"name": "sketchpad", "label": "Draw"})
    assert type(sketch) is c.Sketchpad and sketch.label == "Draw"


@pytest.mark.parametrize(
    "name, cls, arguments",
    [
        ("microphone", c.Microphone, {}),  # Gradio's template classes, exported too
        ("playable_video", c.PlayableVideo, {}),
        ("PlayableVideo", c.PlayableVideo, {}),
        ("files", c.Files, {}),
        ("highlight", c.HighlightedText, {}),
        ("textarea", c.TextArea, {}),  # rillet's TextArea is the template itself
        ("text", c.Textbox, {}),
        ("file", c.File, {}),
        ("gallery", c.Gallery, {}),
        ("checkboxgroup", c.CheckboxGroup, {}),
        ("colorpicker", c.ColorPicker, {}),
        ("highlightedtext", c.HighlightedText, {}),
        ("annotatedimage", c.AnnotatedImage, {}),
        ("code", c.Code, {}),
    ],
)
def test_the_class_and_template_arguments_of_a_shortcut(name, cls, arguments):
    assert shortcuts.resolve(name, exported()) == (cls, arguments)


def test_templates_made_here_have_gradios_props():
    mic = c.get_component("microphone")
    assert type(mic) is c.Microphone and mic.get_block_name() == "audio"
    config = mic.get_config()
    assert (config["sources"], config["format"]) == (["microphone"], "wav")
    video = c.get_component("playable_video").get_config()
    assert (video["sources"], video["format"]) == (["upload"], "mp4")
    area = c.get_component("textarea")
    assert (area.lines, area.max_lines, area.get_block_name()) == (7, 20, "textbox")


def test_a_dict_spec_overrides_the_templates_arguments():
    mic = c.get_component({"name": "microphone", "label": "Say it", "format": "mp3"})
    assert (mic.label, mic.sources, mic.format) == ("Say it", ["microphone"], "mp3")


def test_each_use_gets_its_own_lists():
    first = c.get_component("microphone")
    first.sources.append("upload")
    assert c.get_component("microphone").sources == ["microphone"]
    assert shortcuts.TEMPLATES["microphone"].defaults["sources"] == ("microphone",)


def test_templates_resolve_once_their_component_exists():
    made: dict[str, Any] = {}

    class Dataframe(Component):
        def __init__(self, **options: Any) -> None:
            made.update(options)
            super().__init__(**options)

    without = {k: v for k, v in exported().items() if k != "dataframe"}
    with_dataframe = {**without, "dataframe": Dataframe}
    cls, arguments = shortcuts.resolve("numpy", with_dataframe)
    assert cls is Dataframe
    assert arguments == {"row_count": (1, "dynamic"), "type": "numpy"}
    assert shortcuts.resolve("list", with_dataframe)[1]["col_count"] == 1
    assert "numpy" in shortcuts.available(with_dataframe)
    assert "numpy" not in shortcuts.available(without)


@pytest.mark.parametrize("name", GRADIO_LAYOUTS)
def test_a_layout_is_not_a_component(name):
    with pytest.raises(ValueError, match="is a layout"):
        c.get_component(name)


@pytest.mark.parametrize("name", ["webcam", "videoo", "component", "formcomponent", ""])
def test_names_gradio_refuses_too(name):
    # "webcam" was a template in Gradio 3; Gradio 6.31 has no such shortcut.
    with pytest.raises(ValueError, match="No such component") as info:
        c.get_component(name)
    assert not isinstance(info.value, NotImplementedError)
    assert "microphone" in str(info.value) and "playablevideo" in str(info.value)


def test_interface_takes_template_shortcuts():
    demo = gr.Interface(lambda audio, files: None, ["microphone", "files"], "playable_video")
    mic, files = demo.input_components
    (video,) = demo.output_components
    assert (type(mic), mic.sources, mic.format) == (c.Microphone, ["microphone"], "wav")
    assert type(files) is c.Files and files.file_count == "multiple"
    assert type(video) is c.PlayableVideo and video.format == "mp4"
