"""Helpers shared by several components (not a component: no ``.js`` beside it)."""

from __future__ import annotations

import math
import mimetypes
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from rillet.components.base import Component
from rillet.core.errors import InvalidValue
from rillet.core.files import FILE_META, FileOut, check_readable

#: A choice as Gradio normalises it: ``(label, value)``.
Choice = tuple[Any, Any]


@dataclass
class WebcamOptions:
    """Gradio's ``gr.WebcamOptions`` for an image or video webcam: ``mirror`` the preview
    (and an image snapshot, so it is what the user saw), and ``constraints``, the whole
    argument of the browser's ``getUserMedia``, e.g. ``{"video": {"width": 640,
    "height": 480}}`` (None: the browser's default camera size)."""

    mirror: bool = True
    constraints: dict[str, Any] | None = None


class FormComponent(Component):
    """A component Gradio groups with its neighbours into a ``Form`` (compact layout)."""

    def get_expected_parent(self) -> type | None:
        """The layout Gradio wraps this component in when it sits directly in a container."""
        if self.container is False:
            return None
        from rillet.components.layout import Form

        return Form


def warn_unhonoured(block: object, **arguments: Any) -> None:
    """Warn, naming each, about Gradio arguments that ``block`` accepts but rillet does not
    act on, when they were given: not None (and ``preserved_by_key`` not its default,
    ``"value"``). The warning points at the line that made the block.

    ``every`` and ``inputs`` are not warned about: they are kept on the block, which
    recomputes a callable ``value`` with them once it is placed (``Component.render``), and
    do nothing for any other value, as in Gradio."""
    if "every" in arguments or "inputs" in arguments:
        block.__dict__["_value_every"] = arguments.pop("every", None)
        block.__dict__["_value_inputs"] = arguments.pop("inputs", None)
    for name, value in arguments.items():
        if value is None or (name == "preserved_by_key" and value in ("value", ["value"])):
            continue
        warnings.warn(
            f"gr.{type(block).__name__}: `{name}` has no effect in rillet (accepted "
            "for compatibility with Gradio)",
            UserWarning,
            stacklevel=3,
        )


def plain_number(value: Any) -> Any:
    """``value`` as a Python int/float (numpy scalars have ``.item()``); strings are parsed."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            return float(text)
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"expected a number, got {type(value).__name__}")


def round_to_precision(num: float, precision: int | None) -> float:
    """Gradio's rounding: None keeps ``num``; 0 gives an int; n rounds to n decimals."""
    if precision is None:
        return num
    if precision == 0:
        return round(num)
    return round(num, precision)


def check_bounds(num: float, minimum: float | None, maximum: float | None) -> None:
    """Raise ``gr.Error`` when ``num`` lies outside ``[minimum, maximum]``: the message
    reaches the client as it is, worded as Gradio's."""
    if isinstance(num, float) and math.isnan(num):
        raise ValueError("Value is not a number (NaN).")
    if minimum is not None and num < minimum:
        raise InvalidValue(f"Value {num} is less than minimum value {minimum}.")
    if maximum is not None and num > maximum:
        raise InvalidValue(f"Value {num} is greater than maximum value {maximum}.")


def not_a_choice(value: Any, choices: list[Any], typed: bool = True) -> InvalidValue:
    """The error for an input value outside a component's choices; the client sees it as
    it is, worded as Gradio's (``typed``: with the value's repr and type)."""
    shown = f"{value!r} (type: {type(value)})" if typed else str(value)
    return InvalidValue(f"Value: {shown} is not in the list of choices: {choices}")


def wrong_file_type(file_types: Sequence[str] | None) -> InvalidValue:
    """The error for an upload of a type the component does not accept, worded as
    Gradio's."""
    return InvalidValue(
        "Invalid file type. Please upload a file that is one of these formats: "
        f"{list(file_types or [])}"
    )


def normalize_choices(choices: Iterable[Any] | None) -> list[Choice]:
    """Gradio's choices: ``"a"`` -> ``("a", "a")``; ``(label, value)`` pairs (or lists) kept."""
    out: list[Choice] = []
    for choice in choices or []:
        if isinstance(choice, (tuple, list)):
            if len(choice) != 2:
                raise ValueError(f"a choice must be a value or a (label, value) pair: {choice!r}")
            out.append((choice[0], choice[1]))
        else:
            out.append((str(choice), choice))
    return out


def buttons_list(
    buttons: Sequence[Any] | None, default: Sequence[str], **legacy: bool | None
) -> list[str]:
    """Gradio 6's ``buttons=[...]``, or the defaults adjusted by Gradio 5's ``show_x_button``.

    Only the built-in button names (strings) are kept; custom ``gr.Button`` entries are not
    supported yet.
    """
    if buttons is not None:
        return [b for b in buttons if isinstance(b, str)]
    names = list(default)
    for name, flag in legacy.items():
        if flag and name not in names:
            names.append(name)
        elif flag is False and name in names:
            names.remove(name)
    return names


def readable_file(value: str | Path, kind: str) -> Path:
    """An output file the app may read (the rule for returned files), or ValueError
    (:class:`~rillet.core.files.FileRefused`, shown to the user, when it may not)."""
    path = Path(value)
    if not path.is_file():
        raise ValueError(f"Cannot find the {kind} file {value}")
    check_readable(path)
    return path


def file_out(path: Path, mime_type: str | None = None) -> FileOut:
    """A produced file, named after itself."""
    return FileOut(
        path=path, orig_name=path.name, mime_type=mime_type or mimetypes.guess_type(path.name)[0]
    )


def url_file_data(url: str, default_name: str = "file") -> dict[str, Any]:
    """``FileData`` for a remote file, passed on as a link."""
    name = Path(url.split("?", 1)[0]).name or default_name
    return {
        "path": url,
        "url": url,
        "size": None,
        "orig_name": name,
        "mime_type": mimetypes.guess_type(name)[0],
        "is_stream": False,
        "meta": dict(FILE_META),
    }


def file_data_schema() -> dict[str, Any]:
    """Gradio's ``FileData`` JSON schema; its ``meta`` refers to ``#/$defs/FileDataMeta``
    (:func:`file_meta_schema`), which the schema that holds it defines."""

    def optional(kind: str, title: str) -> dict[str, Any]:
        return {"anyOf": [{"type": kind}, {"type": "null"}], "default": None, "title": title}

    return {
        "properties": {
            "path": {"title": "Path", "type": "string"},
            "url": optional("string", "Url"),
            "size": optional("integer", "Size"),
            "orig_name": optional("string", "Orig Name"),
            "mime_type": optional("string", "Mime Type"),
            "is_stream": {"default": False, "title": "Is Stream", "type": "boolean"},
            "meta": {"$ref": "#/$defs/FileDataMeta"},
        },
        "required": ["path"],
        "title": "FileData",
        "type": "object",
    }


def file_meta_schema() -> dict[str, Any]:
    """Gradio's ``FileDataMeta``: the ``meta`` that marks an object as a file."""
    return {
        "properties": {"_type": {"const": FILE_META["_type"], "title": "Type", "type": "string"}},
        "required": ["_type"],
        "title": "FileDataMeta",
        "type": "object",
    }


class FileValued(Component):
    """A component whose value is one file: its API description (``FileData``, a path)."""

    #: The example file named in the API docs.
    example_url: ClassVar[str] = ""

    def api_info(self) -> dict[str, Any]:
        from rillet.components.file import files_schema  # file.py builds on this module

        return files_schema("single")

    def example_payload(self) -> Any:
        url = self.example_url
        return {
            "path": url,
            "meta": dict(FILE_META),
            "orig_name": url.rsplit("/", 1)[-1],
            "url": url,
        }

    def example_value(self) -> Any:
        return self.example_url

    def api_python_type(self) -> str:
        return "filepath"


def require_av(component: str, work: str) -> None:
    """Raise a clear ImportError when PyAV, which ``component`` needs to ``work``, is missing."""
    try:
        import av  # noqa: F401
    except ImportError as error:
        raise ImportError(
            f"{component} needs PyAV to {work}, a dependency of rillet that is "
            "missing here: pip install av"
        ) from error
