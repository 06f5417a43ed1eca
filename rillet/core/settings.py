"""App-wide settings, from ``Blocks``, ``.queue()``, ``.launch()`` and the environment."""

from __future__ import annotations

import os
import secrets
from contextvars import ContextVar
from dataclasses import dataclass, field

DEFAULT_PORT = 7860
PORT_TRIES = 100
#: Uploads larger than this are refused unless ``launch(max_file_size=...)`` says otherwise.
DEFAULT_MAX_FILE_SIZE = 200 * 1024 * 1024
#: True while ``rillet app.py`` runs the app file: ``launch()`` then starts no server.
reload_mode: ContextVar[bool] = ContextVar("rillet_reload_mode", default=False)


@dataclass
class Settings:
    """Everything the server needs to know besides the spec."""

    title: str = "rillet"
    mode: str = "blocks"
    description: str | None = None
    article: str | None = None
    show_error: bool = False
    default_concurrency_limit: int | None = 1
    max_size: int | None = None
    max_threads: int = 40
    max_file_size: int | None = DEFAULT_MAX_FILE_SIZE
    allowed_paths: list[str] = field(default_factory=list)
    blocked_paths: list[str] = field(default_factory=list)
    root_path: str = ""
    heartbeat: float = field(default_factory=lambda: float(
        os.environ.get("GRADIO_HEARTBEAT_INTERVAL") or 15.0))
    #: Seconds a session's events keep running after its last stream went away.
    disconnect_grace: float = field(default_factory=lambda: float(
        os.environ.get("RILLET_DISCONNECT_GRACE") or 10.0))
    #: Seconds sent messages stay available for a reconnect.
    retention: float = 60.0
    #: Seconds an idle session, and the files made for it, are kept.
    session_ttl: float = 3600.0
    #: Where event functions run: "local" (this process) or "ray" (a Ray cluster).
    backend: str = field(default_factory=lambda: os.environ.get("RILLET_BACKEND") or "local")
    #: The Ray cluster to connect to with ``backend="ray"``: None starts a local one (or
    #: uses the one ``ray.init()`` already connected to), "auto", "head:6379"...
    ray_address: str | None = field(
        default_factory=lambda: os.environ.get("RILLET_RAY_ADDRESS") or None)
    #: Seconds between sweeps that forget idle sessions and prune sent messages.
    sweep_every: float = 30.0
    #: Served by ``rillet app.py``: the page listens for reloads (Gradio's ``dev_mode``).
    dev_mode: bool = False
    #: Tells one build of the app from the next (a page of an older build reloads).
    app_id: int = field(default_factory=lambda: secrets.randbits(52))


def env_concurrency_limit() -> int | None:
    """``GRADIO_DEFAULT_CONCURRENCY_LIMIT``: a number, or "none" for unlimited; 1 unset."""
    raw = os.environ.get("GRADIO_DEFAULT_CONCURRENCY_LIMIT")
    if raw is None:
        return 1
    return None if raw.strip().lower() == "none" else int(raw)


def parse_size(value: int | str | None) -> int | None:
    """``max_file_size`` as bytes: an int, or a string such as "5mb" or "1 GB"."""
    if value is None or isinstance(value, int):
        return value
    text = value.strip().lower().replace(" ", "")
    units = {"tb": 1024**4, "gb": 1024**3, "mb": 1024**2, "kb": 1024, "b": 1}
    for unit, factor in units.items():
        if text.endswith(unit):
            return int(float(text[: -len(unit)]) * factor)
    return int(text)


def server_address(name: str | None, port: int | None) -> tuple[str, int | None]:
    """Host and port from the arguments, else ``GRADIO_SERVER_NAME``/``_PORT``."""
    host = name or os.environ.get("GRADIO_SERVER_NAME") or "127.0.0.1"
    if port is None and os.environ.get("GRADIO_SERVER_PORT"):
        port = int(os.environ["GRADIO_SERVER_PORT"])
    return host, port
