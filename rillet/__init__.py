"""rillet: streaming web apps from Python functions, with Gradio's Python surface and API.

import rillet as gr

def count(n):
    for i in range(int(n)):
        yield str(i)

gr.Interface(count, gr.Slider(1, 10, 3, step=1), "text").launch()
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from rillet.components import __all__ as _components

if TYPE_CHECKING:  # the names for type checkers and editors; at run time, __getattr__ below
    from rillet import mcp, themes
    from rillet.api_only import api
    from rillet.blocks import Blocks
    from rillet.caching import Cache, cache
    from rillet.chat import ChatInterface
    from rillet.components import *
    from rillet.core.errors import Error
    from rillet.core.eventdata import (
        CopyData,
        DeletedFileData,
        DownloadData,
        EditData,
        EventData,
        KeyUpData,
        LikeData,
        RetryData,
        SelectData,
        UndoData,
    )
    from rillet.core.notices import Info, Success, Warning
    from rillet.core.progress import Progress
    from rillet.core.request import Request
    from rillet.core.validation import validate
    from rillet.core.warm import Warm
    from rillet.examples import Examples
    from rillet.flagging import CSVLogger, FlaggingCallback, SimpleCSVLogger
    from rillet.i18n import I18n
    from rillet.interface import Interface
    from rillet.loading import load
    from rillet.media import get_audio, get_file, get_image, get_model3d, get_video
    from rillet.mount import mount_gradio_app
    from rillet.rendering import render
    from rillet.static_paths import set_static_paths
    from rillet.stopping import StopEvent, stop_on_close
    from rillet.tabbed_interface import TabbedInterface
    from rillet.themes import Base as Theme
    from rillet.triggers import on

#: Where each exported name lives: ``(module, attribute)``, or ``(module, None)`` for the
#: module itself. ``import rillet`` imports none of them (it stays fast, and loads no
#: component module); a name's module is imported the first time the name is looked up.
#: The components come from :mod:`rillet.components`, which loads its modules the same way.
_WHERE: dict[str, tuple[str, str | None]] = {
    "themes": ("rillet.themes", None),
    "mcp": ("rillet.mcp", None),
    "cache": ("rillet.caching", "cache"),
    "Cache": ("rillet.caching", "Cache"),
    "CSVLogger": ("rillet.flagging", "CSVLogger"),
    "FlaggingCallback": ("rillet.flagging", "FlaggingCallback"),
    "SimpleCSVLogger": ("rillet.flagging", "SimpleCSVLogger"),
    "I18n": ("rillet.i18n", "I18n"),
    "api": ("rillet.api_only", "api"),
    "Blocks": ("rillet.blocks", "Blocks"),
    "ChatInterface": ("rillet.chat", "ChatInterface"),
    "Error": ("rillet.core.errors", "Error"),
    "CopyData": ("rillet.core.eventdata", "CopyData"),
    "DeletedFileData": ("rillet.core.eventdata", "DeletedFileData"),
    "DownloadData": ("rillet.core.eventdata", "DownloadData"),
    "EditData": ("rillet.core.eventdata", "EditData"),
    "EventData": ("rillet.core.eventdata", "EventData"),
    "KeyUpData": ("rillet.core.eventdata", "KeyUpData"),
    "LikeData": ("rillet.core.eventdata", "LikeData"),
    "RetryData": ("rillet.core.eventdata", "RetryData"),
    "SelectData": ("rillet.core.eventdata", "SelectData"),
    "UndoData": ("rillet.core.eventdata", "UndoData"),
    "Info": ("rillet.core.notices", "Info"),
    "Success": ("rillet.core.notices", "Success"),
    "Warning": ("rillet.core.notices", "Warning"),
    "Progress": ("rillet.core.progress", "Progress"),
    "Request": ("rillet.core.request", "Request"),
    "validate": ("rillet.core.validation", "validate"),
    "Warm": ("rillet.core.warm", "Warm"),
    "Examples": ("rillet.examples", "Examples"),
    "Interface": ("rillet.interface", "Interface"),
    "load": ("rillet.loading", "load"),
    "get_audio": ("rillet.media", "get_audio"),
    "get_file": ("rillet.media", "get_file"),
    "get_image": ("rillet.media", "get_image"),
    "get_model3d": ("rillet.media", "get_model3d"),
    "get_video": ("rillet.media", "get_video"),
    "mount_gradio_app": ("rillet.mount", "mount_gradio_app"),
    "render": ("rillet.rendering", "render"),
    "set_static_paths": ("rillet.static_paths", "set_static_paths"),
    "StopEvent": ("rillet.stopping", "StopEvent"),
    "stop_on_close": ("rillet.stopping", "stop_on_close"),
    "TabbedInterface": ("rillet.tabbed_interface", "TabbedInterface"),
    "Theme": ("rillet.themes", "Base"),
    "on": ("rillet.triggers", "on"),
    **{name: ("rillet.components", name) for name in _components},
}

__version__ = "0.1.0"

#: True, except when ``rillet app.py`` reloads the file: code under ``if gr.NO_RELOAD:``
#: (loading a model, say) runs on the first load only.
NO_RELOAD = True


def update(**props: Any) -> dict[str, Any]:
    """Change an output's props (and/or ``value``) instead of only its value."""
    return {"__type__": "update", **props}


def skip() -> dict[str, Any]:
    """Leave an output as it is."""
    return {"__type__": "update"}


__all__ = [
    "Blocks",
    "ChatInterface",
    "Interface",
    "Examples",
    "TabbedInterface",
    "Error",
    "Info",
    "StopEvent",
    "Warning",
    "Success",
    "EventData",
    "SelectData",
    "KeyUpData",
    "LikeData",
    "RetryData",
    "UndoData",
    "EditData",
    "CopyData",
    "DeletedFileData",
    "DownloadData",
    "Progress",
    "Request",
    "Warm",
    "on",
    "render",
    "themes",
    "mcp",
    "cache",
    "Cache",
    "CSVLogger",
    "FlaggingCallback",
    "SimpleCSVLogger",
    "I18n",
    "Theme",
    "get_audio",
    "get_file",
    "get_image",
    "get_model3d",
    "get_video",
    "update",
    "set_static_paths",
    "skip",
    "api",
    "load",
    "mount_gradio_app",
    "stop_on_close",
    "validate",
    "NO_RELOAD",
    *_components,
]


def __getattr__(name: str) -> Any:
    """Import an exported name's module the first time the name is looked up (PEP 562), and
    keep the value in this module, so that later look-ups are plain attribute reads."""
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(where[0])
    value = module if where[1] is None else getattr(module, where[1])
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The module's names, the exports not looked up yet included (for editors and ``dir``)."""
    return sorted({*globals(), *__all__})
