"""rillet: streaming web apps from Python functions, with Gradio's Python surface and API.

import rillet as gr

def count(n):
    for i in range(int(n)):
        yield str(i)

gr.Interface(count, gr.Slider(1, 10, 3, step=1), "text").launch()
"""

from __future__ import annotations

from typing import Any

from rillet.blocks import Blocks
from rillet.chat import ChatInterface
from rillet.components import *
from rillet.components import __all__ as _components
from rillet.core.errors import Error
from rillet.core.progress import Progress
from rillet.core.request import Request
from rillet.core.warm import Warm
from rillet.interface import Interface

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
    "Error",
    "Progress",
    "Request",
    "Warm",
    "update",
    "skip",
    "NO_RELOAD",
    *_components,
]
