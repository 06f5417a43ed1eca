"""rillet: streaming web apps from Python functions, with Gradio's Python surface and API.

import rillet as gr

def count(n):
    for i in range(int(n)):
        yield str(i)

gr.Interface(count, gr.Slider(1, 10, 3, step=1), "text").launch()
"""

from __future__ import annotations

from typing import Any

from rillet import themes
from rillet.api_only import api
from rillet.blocks import Blocks
from rillet.chat import ChatInterface
from rillet.components import *
from rillet.components import __all__ as _components
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
