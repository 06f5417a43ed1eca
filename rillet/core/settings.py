"""App-wide settings, from ``Blocks``, ``.queue()``, ``.launch()`` and the environment."""

from __future__ import annotations

import os
import secrets
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

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
    #: ``Blocks(fill_height=, fill_width=)``: the page fills the window's height / width.
    fill_height: bool = False
    fill_width: bool = False
    #: ``launch(footer_links=)``: what the page's footer shows; None: Gradio's default.
    footer_links: list[Any] | None = None
    #: ``launch(theme=, css=, js=, head=)``: a :class:`rillet.themes.page.PageStyle`.
    page_style: Any = None
    default_concurrency_limit: int | None = 1
    max_size: int | None = None
    max_threads: int = 40
    max_file_size: int | None = DEFAULT_MAX_FILE_SIZE
    #: ``launch(i18n=gr.I18n(...))``: locale -> key -> text, translated on the page.
    i18n_translations: dict[str, dict[str, str]] | None = None
    #: Bytes the file store (uploads and outputs) may hold: ``launch(max_store_size=)``
    #: or ``RILLET_MAX_STORE_SIZE``; None: half the disk space free when the server starts.
    max_store_size: int | None = field(
        default_factory=lambda: parse_size(os.environ.get("RILLET_MAX_STORE_SIZE") or None)
    )
    allowed_paths: list[str] = field(default_factory=list)
    blocked_paths: list[str] = field(default_factory=list)
    #: Where the app is served behind a proxy: "/myapp", or a full URL used as it is
    #: (``launch(root_path=...)``, else ``GRADIO_ROOT_PATH``; docs/deploy.md).
    root_path: str = field(default_factory=lambda: resolve_root_path(None))
    #: The address the server listens on; on a loopback one the request guard checks the
    #: Host and Origin headers (rillet/server/guard.py, docs/security.md).
    server_name: str = field(
        default_factory=lambda: os.environ.get("GRADIO_SERVER_NAME") or "127.0.0.1"
    )
    #: Origins (``https://host:port``) besides the app's own and localhost's that may make
    #: requests to an app on localhost (``launch(allowed_origins=)``, or comma-separated
    #: in ``RILLET_ALLOWED_ORIGINS``).
    allowed_origins: list[str] = field(
        default_factory=lambda: [
            o.strip() for o in os.environ.get("RILLET_ALLOWED_ORIGINS", "").split(",") if o.strip()
        ]
    )
    #: Gradio's ``strict_cors``: False also allows the ``null`` origin on localhost.
    strict_cors: bool = True
    #: CSP ``frame-ancestors`` of the page (``"'self'"``, a list of origins...); None lets
    #: any site embed the app, as Gradio does (``RILLET_FRAME_ANCESTORS``).
    frame_ancestors: str | list[str] | None = field(
        default_factory=lambda: os.environ.get("RILLET_FRAME_ANCESTORS") or None
    )
    heartbeat: float = field(
        default_factory=lambda: float(os.environ.get("GRADIO_HEARTBEAT_INTERVAL") or 15.0)
    )
    #: Seconds a session's events keep running after its last stream went away.
    disconnect_grace: float = field(
        default_factory=lambda: float(os.environ.get("RILLET_DISCONNECT_GRACE") or 10.0)
    )
    #: Seconds sent messages stay available for a reconnect.
    retention: float = 60.0
    #: Seconds an idle session, and the files made for it, are kept; also the age past
    #: which uploads and outputs no event uses are deleted (``delete_cache``'s age).
    session_ttl: float = 3600.0
    #: Seconds a connection has to send complete request headers (docs/security.md).
    header_timeout: float = field(
        default_factory=lambda: float(os.environ.get("RILLET_HEADER_TIMEOUT") or 10.0)
    )
    #: Seconds an idle kept-alive connection stays open.
    keep_alive_timeout: float = field(
        default_factory=lambda: float(os.environ.get("RILLET_KEEP_ALIVE_TIMEOUT") or 30.0)
    )
    #: Open connections at most; None: three quarters of the open-file limit.
    max_connections: int | None = field(
        default_factory=lambda: (
            int(os.environ["RILLET_MAX_CONNECTIONS"])
            if os.environ.get("RILLET_MAX_CONNECTIONS")
            else None
        )
    )
    #: The HTTP/1.1 parser: "httptools" (C, the default when installed) or "h11" (pure
    #: Python, slower); "auto" picks httptools when it can be imported.
    http_parser: str = field(default_factory=lambda: os.environ.get("RILLET_HTTP_PARSER") or "auto")
    #: Where event functions run: "local" (this process) or "ray" (a Ray cluster).
    backend: str = field(default_factory=lambda: os.environ.get("RILLET_BACKEND") or "local")
    #: The Ray cluster to connect to with ``backend="ray"``: None starts a local one (or
    #: uses the one ``ray.init()`` already connected to), "auto", "head:6379"...
    ray_address: str | None = field(
        default_factory=lambda: os.environ.get("RILLET_RAY_ADDRESS") or None
    )
    #: Seconds between sweeps that forget idle sessions and prune sent messages.
    sweep_every: float = 30.0
    #: ``launch(auth=...)``: a (user, password) pair, a list of them or a function; None: open.
    auth: Any = None
    auth_message: str | None = None
    #: HTTPS without a proxy (``launch(ssl_keyfile=, ssl_certfile=, ssl_keyfile_password=)``).
    ssl_keyfile: str | None = None
    ssl_certfile: str | None = None
    ssl_keyfile_password: str | None = None
    #: Prometheus metrics at ``/metrics`` (``launch(metrics=True)`` or ``RILLET_METRICS=1``).
    metrics: bool = field(default_factory=lambda: env_metrics())
    #: Served by ``rillet app.py``: the page listens for reloads (Gradio's ``dev_mode``).
    dev_mode: bool = False
    #: Tells one build of the app from the next (a page of an older build reloads).
    app_id: int = field(default_factory=lambda: secrets.randbits(52))


def env_metrics() -> bool:
    """``RILLET_METRICS``: "1", "true", "yes" or "on" turn the metrics on; off unset."""
    return os.environ.get("RILLET_METRICS", "").strip().lower() in ("1", "true", "yes", "on")


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


def resolve_root_path(value: str | None) -> str:
    """``root_path`` as used (``GRADIO_ROOT_PATH`` when ``value`` is None): "" for none, a
    full URL without its trailing slash, or a path with one leading slash and none at the
    end ("myapp/" is "/myapp")."""
    text = (os.environ.get("GRADIO_ROOT_PATH", "") if value is None else value).strip()
    if text.startswith(("http://", "https://")):
        return text.rstrip("/")
    text = text.strip("/")
    return f"/{text}" if text else ""


def server_address(name: str | None, port: int | None) -> tuple[str, int | None]:
    """Host and port from the arguments, else ``GRADIO_SERVER_NAME``/``_PORT``."""
    host = name or os.environ.get("GRADIO_SERVER_NAME") or "127.0.0.1"
    if port is None and os.environ.get("GRADIO_SERVER_PORT"):
        port = int(os.environ["GRADIO_SERVER_PORT"])
    return host, port
