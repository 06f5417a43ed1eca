"""``gr.mount_gradio_app``: serve an app under a path of an existing Starlette or FastAPI
application, as Gradio does.

The app is rillet's own Starlette app (the page, ``/config``, the queue, uploads, files,
the REST API), mounted at ``path``. Its runtime (sessions, queue, file store, worker
threads) starts and stops with the host application: its lifespan runs inside the host's.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

#: Gradio's ``mount_gradio_app`` arguments rillet takes and does not act on, with what
#: rillet does instead.
MOUNT_UNHONOURED = {
    "run_history": "no run history is kept",
    "app_kwargs": "the mounted app is rillet's own Starlette app",
    "auth_dependency": "use auth= (docs/security.md)",
    "favicon_path": "the page keeps rillet's icon",
    "ssr_mode": "there is no server-side rendering",
    "node_server_name": "there is no server-side rendering",
    "node_port": "there is no server-side rendering",
    "enable_monitoring": "use launch(metrics=True) (docs/security.md)",
    "pwa": "the page is not a progressive web app",
    "i18n": "the page is not translated",
}


def mount_gradio_app(
    app: Any,
    blocks: Any,
    path: str,
    server_name: str = "0.0.0.0",
    server_port: int = 7860,
    footer_links: list[Any] | None = None,
    run_history: bool | None = None,
    app_kwargs: dict[str, Any] | None = None,
    *,
    auth: Any = None,
    auth_message: str | None = None,
    auth_dependency: Callable[..., Any] | None = None,
    root_path: str | None = None,
    allowed_paths: list[str] | None = None,
    blocked_paths: list[str] | None = None,
    favicon_path: str | None = None,
    show_error: bool = True,
    max_file_size: str | int | None = None,
    ssr_mode: bool | None = None,
    node_server_name: str | None = None,
    node_port: int | None = None,
    enable_monitoring: bool | None = None,
    pwa: bool | None = None,
    i18n: Any = None,
    mcp_server: bool | None = None,
    theme: Any = None,
    css: str | None = None,
    css_paths: str | Sequence[str] | None = None,
    js: str | None = None,
    head: str | None = None,
    head_paths: str | Sequence[str] | None = None,
) -> Any:
    """Mount ``blocks`` at ``path`` (``"/demo"``) of the Starlette or FastAPI ``app`` and
    return ``app``: the page is at ``<path>/``, the API at ``<path>/gradio_api/...``, so
    ``gradio_client.Client(url + path)`` works.

    The host application's own routes stay as they are; run it with any ASGI server
    (``uvicorn main:app``). The app's runtime starts in the host's lifespan (startup) and
    stops in its shutdown. ``server_name`` is where the host listens: on a loopback address
    (127.0.0.1, localhost) the request guard checks the Host and Origin headers
    (docs/security.md); ``server_port`` goes into ``blocks.local_url``. ``root_path`` is the
    app's public path when a proxy adds a prefix (default: the host's root path and
    ``path``). ``mcp_server=True`` (or ``GRADIO_MCP_SERVER=True``) also serves the MCP
    server at ``<path>/gradio_api/mcp/`` (docs/api-clients.md). The other arguments are
    ``launch()``'s. Arguments in :data:`MOUNT_UNHONOURED` warn when given."""
    path = _checked_path(path)
    _warn_unhonoured(
        {
            "run_history": run_history,
            "app_kwargs": app_kwargs,
            "auth_dependency": auth_dependency,
            "favicon_path": favicon_path,
            "ssr_mode": ssr_mode,
            "node_server_name": node_server_name,
            "node_port": node_port,
            "enable_monitoring": enable_monitoring,
            "pwa": pwa,
            "i18n": i18n,
        }
    )
    _apply_settings(
        blocks,
        server_name=server_name,
        footer_links=footer_links,
        auth=auth,
        auth_message=auth_message,
        root_path=root_path,
        allowed_paths=allowed_paths,
        blocked_paths=blocked_paths,
        show_error=show_error,
        max_file_size=max_file_size,
    )
    blocks._set_page_style(
        {"theme": theme, "css": css, "css_paths": css_paths, "js": js, "head": head}
        | {"head_paths": head_paths}
    )
    sub = _build(blocks, mcp_server)
    app.mount(path, sub)
    _join_lifespan(app, sub)
    shown = "127.0.0.1" if server_name in ("0.0.0.0", "") else server_name
    blocks.server_name, blocks.server_port = server_name, server_port
    blocks.local_url = f"http://{shown}:{server_port}{path}/"
    return app


def _checked_path(path: str) -> str:
    """``path`` as Starlette mounts it: starting with ``/``, no trailing ``/``."""
    if not isinstance(path, str) or not path.startswith("/"):
        raise ValueError(f"path must start with '/', like '/demo'; got {path!r}")
    return path.rstrip("/")


def _warn_unhonoured(given: dict[str, Any]) -> None:
    for name, value in given.items():
        if value is not None:
            warnings.warn(
                f"mount_gradio_app({name}=...) has no effect in rillet: {MOUNT_UNHONOURED[name]}",
                UserWarning,
                stacklevel=3,
            )


def _apply_settings(
    blocks: Any,
    *,
    server_name: str,
    footer_links: list[Any] | None,
    auth: Any,
    auth_message: str | None,
    root_path: str | None,
    allowed_paths: list[str] | None,
    blocked_paths: list[str] | None,
    show_error: bool,
    max_file_size: str | int | None,
) -> None:
    """What ``launch()`` would set from the same arguments."""
    from rillet.core import settings as settings_mod

    if auth is not None:
        from rillet.server.auth import make_check

        make_check(auth)  # a clear TypeError now rather than on the first request
    s = blocks.settings
    s.auth, s.auth_message = auth, auth_message
    s.footer_links = list(footer_links) if footer_links is not None else None
    s.server_name, s.show_error = server_name, show_error
    s.allowed_paths, s.blocked_paths = list(allowed_paths or []), list(blocked_paths or [])
    s.root_path = settings_mod.resolve_root_path(root_path)
    if max_file_size is not None:
        s.max_file_size = settings_mod.parse_size(max_file_size)


def _build(blocks: Any, mcp_server: bool | None) -> Any:
    """The Starlette app serving ``blocks``, with the MCP server when asked."""
    from rillet.server.app import build_app
    from rillet.server.mcp import install, wanted

    sub = build_app(blocks.spec, blocks.settings)
    if wanted(mcp_server):
        install(sub)
    return sub


def _join_lifespan(host: Any, sub: Any) -> None:
    """Run ``sub``'s lifespan (the runtime's start and stop) inside ``host``'s: Starlette
    runs only the outermost application's lifespan, not a mounted one's."""
    router = host.router
    outer = router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[Any]:
        async with sub.router.lifespan_context(sub):
            try:
                async with outer(app) as state:
                    yield state
            finally:
                await sub.state.runtime.wind_down()

    router.lifespan_context = lifespan
