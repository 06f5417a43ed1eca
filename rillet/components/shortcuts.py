"""Gradio's string shortcuts for components: ``gr.Interface(fn, "microphone", "files")``.

A shortcut is a component's class name in lower case (``"textbox"``, ``"image"``, also an
alias: ``"text"``, ``"json"``), or one of Gradio's *templates*: a component with other
defaults (``"microphone"`` is ``Audio(sources=["microphone"], format="wav")``). Gradio
(6.31) accepts ``_`` anywhere in the name (``"text_area"``); rillet also ignores case.

A name Gradio knows but rillet has no component for (``"sketchpad"``, ``"plot"``...)
raises :class:`MissingComponent`, naming the component it would need.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from rillet.components.base import Component


class Template(NamedTuple):
    """One of Gradio's templates: ``component`` (a class name) made with ``defaults``."""

    gradio_name: str
    component: str
    defaults: Mapping[str, Any]


def _template(gradio_name: str, component: str, **defaults: Any) -> Template:
    return Template(gradio_name, component, MappingProxyType(defaults))


#: Gradio 6.31's templates (``gradio.templates``) and its one extra alias, by shortcut, with
#: the arguments each one changes from its component's defaults (values immutable: tuples).
TEMPLATES: Mapping[str, Template] = MappingProxyType(
    {
        "textarea": _template("TextArea", "Textbox", lines=7, max_lines=20),
        "files": _template("Files", "File", file_count="multiple"),
        "microphone": _template("Microphone", "Audio", sources=("microphone",), format="wav"),
        "playablevideo": _template("PlayableVideo", "Video", sources=("upload",), format="mp4"),
        "highlight": _template("HighlightedText", "HighlightedText"),
        "numpy": _template("Numpy", "Dataframe", row_count=(1, "dynamic"), type="numpy"),
        "matrix": _template("Matrix", "Dataframe", row_count=(1, "dynamic"), type="array"),
        "list": _template("List", "Dataframe", row_count=(1, "dynamic"), col_count=1, type="array"),
        "sketchpad": _template("Sketchpad", "ImageEditor", sources=(), transforms=("crop",)),
        "paint": _template("Paint", "ImageEditor", sources=(), transforms=("crop",)),
        "imagemask": _template("ImageMask", "ImageEditor", transforms=("crop",)),
    }
)

#: Gradio 6.31's other components, by shortcut (its class names): rillet has no such class
#: yet. A class that rillet exports later is found before this list is consulted.
GRADIO_ONLY: Mapping[str, str] = MappingProxyType(
    {
        name.lower(): name
        for name in (
            "BarPlot",
            "DeepLinkButton",
            "Dialogue",
            "Fallback",
            "LinePlot",
            "MultimodalTextbox",
            "NativePlot",
            "Navbar",
            "ParamViewer",
            "Plot",
            "ScatterPlot",
            "SimpleDropdown",
            "SimpleImage",
            "SimpleTextbox",
            "WorkflowCanvas",
        )
    }
)

#: Gradio's layouts: shortcuts name components, not these.
LAYOUTS = frozenset(
    {"accordion", "column", "draggable", "form", "group", "row", "sidebar", "step", "tab"}
    | {"tabitem", "tabs", "walkthrough"}
)


class MissingComponent(NotImplementedError):
    """A shortcut Gradio accepts for a component rillet does not have (yet)."""


def normalise(name: str) -> str:
    """A shortcut as it is looked up: lower case, without ``_``."""
    return name.lower().replace("_", "")


def resolve(
    name: str, exported: Mapping[str, type[Component]]
) -> tuple[type[Component], dict[str, Any]]:
    """The class and the template arguments a shortcut stands for.

    ``exported`` maps each component class rillet exports, by lower-case name; a name found
    there wins over a template of the same name (``"files"`` is the template class
    ``gr.Files``, which makes the same ``gr.File(file_count="multiple")``). Raises
    :class:`MissingComponent` for a component Gradio has and rillet lacks, and
    ``ValueError`` for any other unknown name.
    """
    key = normalise(name)
    if key in exported:
        return exported[key], {}
    template = TEMPLATES.get(key)
    if template is not None:
        cls = exported.get(template.component.lower())
        if cls is None:
            raise MissingComponent(
                f"No such component: {name!r}. It is Gradio's {template.gradio_name} "
                f"template, a gr.{template.component}, and rillet has no "
                f"{template.component} component yet. Known shortcuts: {known(exported)}"
            )
        return cls, {k: _mutable(v) for k, v in template.defaults.items()}
    if key in GRADIO_ONLY:
        raise MissingComponent(
            f"No such component: {name!r}. It is Gradio's gr.{GRADIO_ONLY[key]}, and rillet "
            f"has no {GRADIO_ONLY[key]} component yet. Known shortcuts: {known(exported)}"
        )
    if key in LAYOUTS:
        raise ValueError(
            f"{name!r} is a layout, not a component: layouts hold components, in a `with` "
            f"block (`with gr.Row():`). Known shortcuts: {known(exported)}"
        )
    raise ValueError(f"No such component: {name!r}. Known shortcuts: {known(exported)}")


def available(exported: Mapping[str, type[Component]]) -> list[str]:
    """Every shortcut that makes a component here, sorted."""
    templates = [k for k, t in TEMPLATES.items() if t.component.lower() in exported]
    return sorted({*exported, *templates})


def known(exported: Mapping[str, type[Component]]) -> str:
    """:func:`available`, as one line for an error message."""
    return ", ".join(available(exported))


def _mutable(value: Any) -> Any:
    """A template default as a component takes it (``sources`` and the like as lists)."""
    return list(value) if isinstance(value, tuple) and not _is_count(value) else value


def _is_count(value: tuple[Any, ...]) -> bool:
    """Gradio's ``row_count=(1, "dynamic")``: a pair it keeps as a tuple."""
    return len(value) == 2 and isinstance(value[1], str)
