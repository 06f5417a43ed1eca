"""The components and layouts, and Gradio's string shortcuts for them (``outputs="image"``)."""

from __future__ import annotations

from typing import Any

from rillet.components._common import WebcamOptions
from rillet.components.annotatedimage import AnnotatedImage
from rillet.components.audio import Audio, WaveformOptions
from rillet.components.barplot import BarPlot
from rillet.components.base import Component
from rillet.components.browserstate import BrowserState
from rillet.components.button import Button
from rillet.components.chatbot import Chatbot, ChatMessage, MessageDict, MetadataDict, OptionDict
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

#: Gradio's alias of ``JSON``.
Json = JSON
#: Gradio's alias of ``Dataframe``.
DataFrame = Dataframe
#: Gradio's other aliases: its lower-case spellings of class names.
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
    "WebcamOptions",
]


def _shortcuts() -> dict[str, type[Component]]:
    """The exported component classes by lower-case name (``"textbox"``, ``"text"`` for
    ``gr.Text``, Gradio's alias of ``Textbox``, ``"textarea"``...): the shortcuts besides
    Gradio's templates (``rillet/components/shortcuts.py``)."""
    named = ((name, globals()[name]) for name in __all__)
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
