"""The components and layouts, and Gradio's string shortcuts for them (``outputs="image"``)."""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names for type checkers and editors; at run time, __getattr__ below
    from rillet.components._common import WebcamOptions
    from rillet.components.annotatedimage import AnnotatedImage
    from rillet.components.audio import Audio, WaveformOptions
    from rillet.components.barplot import BarPlot
    from rillet.components.base import Component
    from rillet.components.browserstate import BrowserState
    from rillet.components.button import Button
    from rillet.components.chatbot import (
        Chatbot,
        ChatMessage,
        MessageDict,
        MetadataDict,
        OptionDict,
    )
    from rillet.components.checkbox import Checkbox
    from rillet.components.checkboxgroup import CheckboxGroup
    from rillet.components.clearbutton import ClearButton
    from rillet.components.code import Code
    from rillet.components.colorpicker import ColorPicker
    from rillet.components.dataframe import Dataframe
    from rillet.components.dataset import Dataset
    from rillet.components.datetime import DateTime
    from rillet.components.deeplinkbutton import DeepLinkButton
    from rillet.components.dialogue import Dialogue
    from rillet.components.downloadbutton import DownloadButton
    from rillet.components.dropdown import Dropdown
    from rillet.components.duplicatebutton import DuplicateButton
    from rillet.components.editortemplates import ImageMask, Paint, Sketchpad
    from rillet.components.file import File
    from rillet.components.fileexplorer import FileExplorer
    from rillet.components.gallery import Gallery
    from rillet.components.highlightedtext import HighlightedText
    from rillet.components.html import HTML
    from rillet.components.image import Image
    from rillet.components.imageeditor import (
        Brush,
        Eraser,
        ImageEditor,
        LayerOptions,
        WatermarkOptions,
    )
    from rillet.components.imageslider import ImageSlider
    from rillet.components.json import JSON
    from rillet.components.label import Label
    from rillet.components.layout import (
        Accordion,
        Column,
        Draggable,
        Form,
        Group,
        Row,
        Sidebar,
        Step,
        Tab,
        TabItem,
        Tabs,
        Walkthrough,
    )
    from rillet.components.lineplot import LinePlot
    from rillet.components.loginbutton import LoginButton
    from rillet.components.markdown import Markdown
    from rillet.components.model3d import Model3D
    from rillet.components.multimodaltextbox import MultimodalTextbox
    from rillet.components.navbar import Navbar
    from rillet.components.number import Number
    from rillet.components.paramviewer import ParamViewer
    from rillet.components.plot import Plot
    from rillet.components.radio import Radio
    from rillet.components.scatterplot import ScatterPlot
    from rillet.components.slider import Slider
    from rillet.components.state import State
    from rillet.components.templates import Files, Mic, Microphone, PlayableVideo
    from rillet.components.textbox import Text, TextArea, Textbox
    from rillet.components.timer import Timer
    from rillet.components.uploadbutton import UploadButton
    from rillet.components.video import Video
    from rillet.components.webrtc import WebRTC

#: Where each exported name is defined: ``rillet.components.<module>``. ``import rillet`` loads
#: no component module; a name's module is imported the first time the name is looked up.
_MODULES: dict[str, str] = {
    "WebcamOptions": "_common",
    "AnnotatedImage": "annotatedimage",
    "Audio": "audio",
    "WaveformOptions": "audio",
    "BarPlot": "barplot",
    "Component": "base",
    "BrowserState": "browserstate",
    "Button": "button",
    "Chatbot": "chatbot",
    "ChatMessage": "chatbot",
    "MessageDict": "chatbot",
    "MetadataDict": "chatbot",
    "OptionDict": "chatbot",
    "Checkbox": "checkbox",
    "CheckboxGroup": "checkboxgroup",
    "ClearButton": "clearbutton",
    "Code": "code",
    "ColorPicker": "colorpicker",
    "Dataframe": "dataframe",
    "Dataset": "dataset",
    "DateTime": "datetime",
    "DeepLinkButton": "deeplinkbutton",
    "Dialogue": "dialogue",
    "DownloadButton": "downloadbutton",
    "Dropdown": "dropdown",
    "DuplicateButton": "duplicatebutton",
    "ImageMask": "editortemplates",
    "Paint": "editortemplates",
    "Sketchpad": "editortemplates",
    "File": "file",
    "FileExplorer": "fileexplorer",
    "Gallery": "gallery",
    "HighlightedText": "highlightedtext",
    "HTML": "html",
    "Image": "image",
    "Brush": "imageeditor",
    "Eraser": "imageeditor",
    "ImageEditor": "imageeditor",
    "LayerOptions": "imageeditor",
    "WatermarkOptions": "imageeditor",
    "ImageSlider": "imageslider",
    "JSON": "json",
    "Label": "label",
    "Accordion": "layout",
    "Column": "layout",
    "Draggable": "layout",
    "Form": "layout",
    "Group": "layout",
    "Row": "layout",
    "Sidebar": "layout",
    "Step": "layout",
    "Tab": "layout",
    "TabItem": "layout",
    "Tabs": "layout",
    "Walkthrough": "layout",
    "LinePlot": "lineplot",
    "LoginButton": "loginbutton",
    "Markdown": "markdown",
    "Model3D": "model3d",
    "MultimodalTextbox": "multimodaltextbox",
    "Navbar": "navbar",
    "Number": "number",
    "ParamViewer": "paramviewer",
    "Plot": "plot",
    "Radio": "radio",
    "ScatterPlot": "scatterplot",
    "Slider": "slider",
    "State": "state",
    "Files": "templates",
    "Mic": "templates",
    "Microphone": "templates",
    "PlayableVideo": "templates",
    "Text": "textbox",
    "TextArea": "textbox",
    "Textbox": "textbox",
    "Timer": "timer",
    "UploadButton": "uploadbutton",
    "Video": "video",
    "WebRTC": "webrtc",
}
#: Gradio's aliases: ``Json`` of ``JSON``, ``DataFrame`` of ``Dataframe``, and its lower-case
#: spellings of class names.
_ALIASES: dict[str, str] = {
    "Json": "JSON",
    "DataFrame": "Dataframe",
    "Annotatedimage": "AnnotatedImage",
    "Checkboxgroup": "CheckboxGroup",
    "Highlightedtext": "HighlightedText",
    "Highlight": "HighlightedText",
}

if TYPE_CHECKING:
    Json = JSON
    DataFrame = Dataframe
    Annotatedimage = AnnotatedImage
    Checkboxgroup = CheckboxGroup
    Highlightedtext = HighlightedText
    Highlight = HighlightedText

#: What ``import rillet as gr`` exports: every block class and Gradio alias imported above
#: (not the base classes), and ``WebcamOptions``. A literal list, so that type checkers see
#: ``gr.Textbox``; tests/unit/test_components.py checks it against the imports.
__all__ = [
    "HTML",
    "JSON",
    "Accordion",
    "AnnotatedImage",
    "Annotatedimage",
    "Audio",
    "BarPlot",
    "BrowserState",
    "Brush",
    "Button",
    "ChatMessage",
    "Chatbot",
    "Checkbox",
    "CheckboxGroup",
    "Checkboxgroup",
    "ClearButton",
    "Code",
    "ColorPicker",
    "Column",
    "DataFrame",
    "Dataframe",
    "Dataset",
    "DateTime",
    "DeepLinkButton",
    "Dialogue",
    "DownloadButton",
    "Draggable",
    "Dropdown",
    "DuplicateButton",
    "Eraser",
    "File",
    "FileExplorer",
    "Files",
    "Form",
    "Gallery",
    "Group",
    "Highlight",
    "HighlightedText",
    "Highlightedtext",
    "Image",
    "ImageEditor",
    "ImageMask",
    "ImageSlider",
    "Json",
    "Label",
    "LayerOptions",
    "LinePlot",
    "LoginButton",
    "Markdown",
    "MessageDict",
    "MetadataDict",
    "Mic",
    "Microphone",
    "Model3D",
    "MultimodalTextbox",
    "Navbar",
    "Number",
    "OptionDict",
    "Paint",
    "ParamViewer",
    "PlayableVideo",
    "Plot",
    "Radio",
    "Row",
    "ScatterPlot",
    "Sidebar",
    "Sketchpad",
    "Slider",
    "State",
    "Step",
    "Tab",
    "TabItem",
    "Tabs",
    "Text",
    "TextArea",
    "Textbox",
    "Timer",
    "UploadButton",
    "Video",
    "Walkthrough",
    "WatermarkOptions",
    "WaveformOptions",
    "WebRTC",
    "WebcamOptions",
]


def __getattr__(name: str) -> Any:
    """Import an exported name's module the first time the name is looked up (PEP 562), and
    keep the value in this module, so that later look-ups are plain attribute reads."""
    target = _ALIASES.get(name, name)
    module = _MODULES.get(target)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), target)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The module's names, the exports not looked up yet included (for editors and ``dir``)."""
    return sorted({*globals(), *__all__, "Component"})


def _shortcuts() -> dict[str, type[Component]]:
    """The exported component classes by lower-case name (``"textbox"``, ``"text"`` for
    ``gr.Text``, Gradio's alias of ``Textbox``, ``"textarea"``...): the shortcuts besides
    Gradio's templates (``rillet/components/shortcuts.py``). Imports every component module."""
    from rillet.components.base import Component

    this = sys.modules[__name__]
    named = ((name, getattr(this, name)) for name in __all__)
    return {
        name.lower(): cls
        for name, cls in named
        if isinstance(cls, type) and issubclass(cls, Component)
    }


def get_component(
    spec: str | dict[str, Any] | type[Component] | Component, *, render: bool = True
) -> Component:
    """A component instance from a Gradio-style spec.

    A shortcut string (``"text"``, ``"image"``, a template such as ``"microphone"`` or
    ``"files"``; ``_`` and case ignored) or a dict naming one (``{"name": "slider",
    "maximum": 10}``: its other keys are arguments, over the template's) make a new
    instance; a component class is instantiated with its defaults; an instance is returned
    unchanged. A shortcut of a Gradio component rillet lacks raises
    ``shortcuts.MissingComponent`` (a ``NotImplementedError``), any other unknown name
    ``ValueError``; both list the known shortcuts.
    """
    from rillet.components import shortcuts
    from rillet.components.base import Component

    if isinstance(spec, Component):
        return spec
    if isinstance(spec, type) and issubclass(spec, Component):
        return spec(render=render)
    options: dict[str, Any] = {}
    if isinstance(spec, dict):
        options = dict(spec)
        spec = options.pop("name", None)
    if not isinstance(spec, str):
        raise TypeError(
            f"expected a component, a component class or a shortcut string, "
            f"got {type(spec).__name__}"
        )
    cls, defaults = shortcuts.resolve(spec, _shortcuts())
    return cls(**{**defaults, **options, "render": render})
