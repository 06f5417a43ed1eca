"""The backends an app's functions can run on, and the functions that stay in the web process.

Kept apart from the executors so that building an app (``Blocks``, ``ChatInterface``)
imports nothing of them (no asyncio, no Ray).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: The backends ``queue(backend=...)`` / ``launch(backend=...)`` accept.
BACKENDS = ("local", "ray")


def in_process(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Mark ``fn`` to run in the web process whatever the backend: for rillet's own small
    event functions (a chat's "add the user's message"), which hold no user code and are
    not worth a trip to a cluster."""
    fn.__rillet_in_process__ = True  # type: ignore[attr-defined]
    return fn


def runs_in_process(fn: Callable[..., Any]) -> bool:
    """True for functions marked with :func:`in_process`."""
    return getattr(fn, "__rillet_in_process__", False) is True


def check_backend(backend: str) -> str:
    """``backend`` if rillet knows it, else a ValueError saying which ones it knows."""
    if backend not in BACKENDS:
        raise ValueError(
            f"unknown backend {backend!r}: use one of {', '.join(map(repr, BACKENDS))}"
        )
    return backend
