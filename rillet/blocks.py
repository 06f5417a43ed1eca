"""``Blocks``: build an app from components, layouts and event listeners, then launch it.

with gr.Blocks() as demo:
    name = gr.Textbox(label="Name")
    greet = gr.Button("Greet")
    out = gr.Textbox()
    greet.click(lambda n: f"Hello {n}", name, out)
demo.launch()
"""

from __future__ import annotations

import html
import threading
import warnings
from collections.abc import Callable
from typing import Any, Literal
from urllib.parse import urlsplit

from rillet import nesting, notebook
from rillet.core import settings as settings_mod
from rillet.core import spec as specs
from rillet.core.backends import check_backend
from rillet.core.spec import AppSpec, Dependency, building

_QUEUE_DEFAULT = "not_set"

#: Gradio's ``launch()`` arguments that rillet takes and does not act on: each warns when
#: given, saying what rillet does instead.
LAUNCH_UNHONOURED = {
    "favicon_path": "the page keeps rillet's icon",
    "run_history": "no run history is kept",
    "app_kwargs": "the server is rillet's own Starlette app",
    "state_session_capacity": "sessions are dropped when their page leaves",
    "share_server_address": "there are no share links",
    "share_server_protocol": "there are no share links",
    "share_server_tls_certificate": "there are no share links",
    "auth_dependency": "use auth= (docs/security.md)",
    "enable_monitoring": "use metrics=True (docs/security.md)",
    "node_server_name": "there is no server-side rendering",
    "node_port": "there is no server-side rendering",
    "ssr_mode": "there is no server-side rendering",
    "pwa": "the page is not a progressive web app",
    "num_workers": "one server process serves the app",
    "_app": "the server is rillet's own Starlette app",
    "_frontend": "the page is rillet's own",
}
#: The same for ``queue()``.
QUEUE_UNHONOURED = {
    "status_update_rate": "queue positions are sent at most every 0.2 s",
    "api_open": "the API is open as the app's events are",
}


def _warn_leftovers(method: str, given: dict[str, Any], known: dict[str, str]) -> None:
    """Warn once about each of Gradio's ``method()`` arguments in ``given`` that rillet does
    not act on; an argument Gradio does not have either is a TypeError, as in Gradio."""
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise TypeError(f"{method}() got unexpected keyword argument(s): {', '.join(unknown)}")
    for name in given:
        warnings.warn(
            f"{method}({name}=...) has no effect in rillet: {known[name]}",
            UserWarning,
            stacklevel=3,
        )


def _moved_page_arguments(options: dict[str, Any]) -> dict[str, Any]:
    """Take ``theme``, ``css``, ``css_paths``, ``js``, ``head``, ``head_paths`` out of
    ``Blocks(**options)``: Gradio 6 moved them to ``launch()`` and warns, naming them, but
    still uses them (when launch() does not give them)."""
    from rillet.themes.page import PAGE_ARGUMENTS

    moved = {name: options.pop(name) for name in PAGE_ARGUMENTS if name in options}
    if moved:
        warnings.warn(
            f"Blocks({', '.join(f'{n}=' for n in moved)}): since Gradio 6.0 these are "
            "arguments of launch(); they are used, but pass them to launch() instead",
            UserWarning,
            stacklevel=3,
        )
    return moved


#: What Gradio's ``Blocks(**kwargs)`` passes on to its block base: accepted, not used here.
_BLOCK_OPTIONS = ("elem_id", "elem_classes", "visible", "render", "key", "preserved_by_key")


def _check_block_options(options: dict[str, Any]) -> None:
    """Gradio's Blocks refuses an unknown keyword (TypeError), and takes the block options
    above, which do nothing on a whole app: warn about those, naming them."""
    unknown = sorted(set(options) - set(_BLOCK_OPTIONS))
    if unknown:
        raise TypeError(f"Blocks got unexpected keyword argument(s): {', '.join(unknown)}")
    for name in options:
        warnings.warn(
            f"gr.Blocks: `{name}` has no effect in rillet (accepted for compatibility with Gradio)",
            UserWarning,
            stacklevel=4,
        )


class Blocks:
    """A container of blocks and events that runs as one web app."""

    def __init__(
        self,
        *,
        analytics_enabled: bool | None = None,
        mode: str = "blocks",
        title: str = "Gradio",
        fill_height: bool = False,
        fill_width: bool = False,
        delete_cache: tuple[int, int] | None = None,
        **page_options: Any,
    ) -> None:
        self.spec = AppSpec()
        self.settings = settings_mod.Settings(title=title, mode=mode)
        self.settings.default_concurrency_limit = settings_mod.env_concurrency_limit()
        if delete_cache is not None:  # (every, age): sweep every N s; idle sessions and
            # uploads and outputs no event uses go after age s (docs/security.md#disk)
            self.settings.sweep_every, self.settings.session_ttl = map(float, delete_cache)
        self.fill_height = fill_height
        self.fill_width = fill_width
        self.settings.fill_height, self.settings.fill_width = fill_height, fill_width
        self.spec.fill_height = fill_height
        # theme=, css=, js=, head=...: launch()'s since Gradio 6; taken here with a warning
        self._page_args = _moved_page_arguments(page_options)
        _check_block_options(page_options)
        self.page_options = page_options
        self.theme: Any = None
        self.css: str | None = None
        self.js: str | None = None
        self.head: str | None = None
        self._building: Any = None
        self._outer: AppSpec | None = None
        self._rendered = False
        self.server: Any = None
        self.local_url: str | None = None
        #: Where the server listens once launched (Gradio's attributes); no share links.
        self.server_name: str | None = None
        self.server_port: int | None = None
        self.share_url: str | None = None
        #: Where ``launch()`` asked to serve (host, port), recorded in reload mode.
        self.launch_address: tuple[str, int | None] | None = None

    def __enter__(self) -> Blocks:
        # made inside another ``with gr.Blocks():``, this app is drawn there on exit
        self._outer = specs.current_spec()
        self._building = building(self.spec, None)
        self._building.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._building.__exit__(*exc)
        self._building = None
        if exc[0] is None and self._outer is not None and self._outer is not self.spec:
            self.render()

    def render(self) -> Blocks:
        """Draw this app inside the ``with gr.Blocks():`` being built, where it is called
        (``interface.render()`` in a ``gr.Tab``), with its events; as in Gradio, an app
        made inside another is drawn there already. Drawn once: later calls do nothing."""
        outer = specs.current_spec()
        if outer is None or outer is self.spec or self._rendered:
            return self
        self._rendered = True
        nesting.render_into(self.spec, outer, self._heading())
        return self

    def _heading(self) -> list[Any]:
        """Blocks drawn above this app inside another: an Interface's title and
        description (the page draws them for a top-level app)."""
        if self.settings.mode not in ("interface", "chat_interface"):
            return []
        from rillet.components import HTML, Markdown

        blocks: list[Any] = []
        title = self.settings.title
        if title and title != "Gradio":
            heading = f"<h1 style='text-align: center'>{html.escape(title)}</h1>"
            blocks.append(HTML(heading, render=False))
        if self.settings.description:
            blocks.append(Markdown(self.settings.description, render=False))
        return blocks

    @property
    def dependencies(self) -> list[Dependency]:
        return self.spec.dependencies

    @property
    def blocks(self) -> dict[int, Any]:
        return self.spec.blocks

    def load(
        self,
        fn: Callable[..., Any] | Literal["decorator"] | None = "decorator",
        inputs: Any = None,
        outputs: Any = None,
        **options: Any,
    ) -> Any:
        """Run ``fn`` each time the page loads; without ``fn``, a decorator
        (``@demo.load(inputs=..., outputs=...)``), as in Gradio."""
        targets = [(self.spec.root_id, "load")]
        if fn == "decorator":

            def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
                self.spec.listen(targets, func, inputs, outputs, **options)
                return func

            return decorate
        return self.spec.listen(targets, fn, inputs, outputs, **options)

    def clear(self) -> Blocks:
        """Remove every block and event, to build this app again (``with demo.clear():``),
        as in Gradio."""
        self.spec.blocks.clear()
        self.spec.children.clear()
        self.spec.dependencies.clear()
        return self

    def unload(self, fn: Callable[..., Any]) -> Dependency:
        """Run ``fn`` (no inputs, no outputs) when a user's page closes: free what their
        session held, as Gradio's ``demo.unload``."""
        return self.spec.listen(
            [(self.spec.root_id, "unload")], fn, None, None, api_visibility="private"
        )

    def route(self, name: str, path: str | None = None, show_in_navbar: bool = True) -> Blocks:
        """Add a page (served at ``/<path>``; ``path`` made from ``name`` when None) that
        blocks and events made from now on belong to: ``with demo.route("Up"):``, as in
        Gradio. rillet/pages.py."""
        from rillet import pages

        pages.add_route(self.spec, name, path, show_in_navbar)
        return self

    def queue(
        self,
        status_update_rate: float | str = "auto",
        api_open: bool | None = None,
        max_size: int | None = None,
        *,
        default_concurrency_limit: Any = _QUEUE_DEFAULT,
        backend: str | None = None,
        ray_address: str | None = None,
        **options: Any,
    ) -> Blocks:
        """Set the queue's limits: ``max_size`` waiting events (503 past it) and the
        ``default_concurrency_limit`` of events that do not set their own (1; None is
        unlimited); and where the queued functions run: ``backend="local"`` (this
        process, the default) or ``"ray"`` (the Ray cluster at ``ray_address``; see
        docs/scale-out.md)."""
        unhonoured = {"status_update_rate": status_update_rate, "api_open": api_open, **options}
        if status_update_rate == "auto":
            del unhonoured["status_update_rate"]
        if api_open is None:
            del unhonoured["api_open"]
        _warn_leftovers("queue", unhonoured, QUEUE_UNHONOURED)
        self.settings.max_size = max_size
        if default_concurrency_limit != _QUEUE_DEFAULT:
            self.settings.default_concurrency_limit = default_concurrency_limit
        self._set_backend(backend, ray_address)
        return self

    def _set_backend(self, backend: str | None, ray_address: str | None) -> None:
        if backend is not None:
            self.settings.backend = check_backend(backend)
        if ray_address is not None:
            self.settings.ray_address = ray_address

    def _set_guard(
        self,
        host: str,
        strict_cors: bool,
        allowed_origins: list[str] | None,
        frame_ancestors: str | list[str] | None,
    ) -> None:
        s = self.settings
        s.server_name, s.strict_cors = host, strict_cors
        if allowed_origins is not None:
            s.allowed_origins = list(allowed_origins)
        if frame_ancestors is not None:
            s.frame_ancestors = frame_ancestors

    def _set_footer(self, footer_links: list[Any] | None, show_api: Any) -> None:
        """``launch(footer_links=...)`` for /config; ``show_api=False`` (Gradio 4/5) drops
        the API link."""
        links = list(footer_links) if footer_links is not None else None
        if show_api is False:
            links = [x for x in (links or ["api", "gradio", "settings", "runs"]) if x != "api"]
        self.settings.footer_links = links

    def _set_page_style(self, given: dict[str, Any]) -> None:
        """``launch(theme=, css=, ...)``, else what ``Blocks(...)`` was given, resolved for
        the server (``/config`` and the page's CSP; rillet/themes/page.py)."""
        from rillet.themes import page

        merged = {k: v if v is not None else self._page_args.get(k) for k, v in given.items()}
        style = page.build_page_style(**merged)
        page.record_page_style(self.settings, style)
        self.theme, self.css, self.js, self.head = style.theme, style.css, style.js, style.head

    def _set_tls_and_metrics(
        self, keyfile: str | None, certfile: str | None, password: str | None, metrics: bool | None
    ) -> None:
        s = self.settings
        s.ssl_keyfile, s.ssl_certfile, s.ssl_keyfile_password = keyfile, certfile, password
        s.metrics = settings_mod.env_metrics() if metrics is None else bool(metrics)

    def launch(
        self,
        inline: bool | None = None,
        inbrowser: bool = False,
        share: bool | None = None,
        debug: bool = False,
        max_threads: int = 40,
        auth: Any = None,
        auth_message: str | None = None,
        prevent_thread_lock: bool = False,
        show_error: bool = False,
        server_name: str | None = None,
        server_port: int | None = None,
        *,
        height: int = 500,
        width: int | str = "100%",
        quiet: bool = False,
        allowed_paths: list[str] | None = None,
        blocked_paths: list[str] | None = None,
        root_path: str | None = None,
        max_file_size: str | int | None = None,
        max_store_size: str | int | None = None,
        i18n: Any = None,
        ssl_keyfile: str | None = None,
        ssl_certfile: str | None = None,
        ssl_keyfile_password: str | None = None,
        ssl_verify: bool = True,
        metrics: bool | None = None,
        backend: str | None = None,
        ray_address: str | None = None,
        strict_cors: bool = True,
        allowed_origins: list[str] | None = None,
        frame_ancestors: str | list[str] | None = None,
        footer_links: list[Any] | None = None,
        theme: Any = None,
        css: str | None = None,
        css_paths: Any = None,
        js: str | None = None,
        head: str | None = None,
        head_paths: Any = None,
        mcp_server: bool | None = None,
        **options: Any,
    ) -> tuple[Any, str, None]:
        """Start the web server on ``server_name:server_port`` (default 127.0.0.1:7860, or
        ``GRADIO_SERVER_NAME``/``GRADIO_SERVER_PORT``). Blocks the calling thread unless
        ``prevent_thread_lock``. Returns (app, local URL, share URL=None) like Gradio.
        In Jupyter/IPython it returns at once (unless ``debug``), shows the app in a
        ``height`` x ``width`` iframe (``inline``, default: in a notebook) and closes the
        app an earlier run of the same cell launched (docs/notebooks.md).

        ``share=True`` prints that share links are not available and serves locally.
        Under ``rillet app.py`` (reload mode) the settings are kept and nothing starts:
        the reloading server serves the app.

        ``ssl_certfile`` and ``ssl_keyfile`` (and ``ssl_keyfile_password``) serve HTTPS;
        ``ssl_verify`` is accepted as in Gradio, where it lets launch() reach its own
        self-signed URL: rillet makes no such request, so any certificate works.
        ``metrics=True`` (or ``RILLET_METRICS=1``) serves Prometheus metrics at
        ``/metrics`` (docs/security.md).

        ``backend="ray"`` runs the event functions on a Ray cluster (``ray_address``:
        None for a local one, "auto", "head:6379"), as ``queue(backend=...)``.

        On localhost, requests from other sites' pages are refused unless their origin is in
        ``allowed_origins`` (``strict_cors=False`` also allows the ``null`` origin);
        ``frame_ancestors`` limits which sites may embed the page (docs/security.md).

        ``footer_links``: what the page's footer shows, as in Gradio: "api" (the "Use via
        API" panel), "gradio" ("Built with rillet"); "settings" and "runs" have no page in
        rillet; ``[]`` shows no footer, None all of them. Gradio 4/5's ``show_api=False``
        also hides the API link.

        ``theme`` (a ``gr.themes`` theme or a built-in theme's name), ``css``/``css_paths``
        (custom CSS), ``js`` (JavaScript run when the page loads) and ``head``/
        ``head_paths`` (HTML added to the page's head) style the page (docs/theming.md);
        those given to ``Blocks(...)`` are used when these are None.

        ``mcp_server=True`` (or ``GRADIO_MCP_SERVER=True``) also serves each named public
        endpoint as an MCP tool at ``/gradio_api/mcp/`` (needs ``rillet[mcp]``;
        docs/api-clients.md)."""
        if share:
            print(
                "* share=True: share links are not available in rillet, so the app is served "
                "locally only; to reach it from a public URL, see docs/develop.md#a-public-url"
            )
        if auth is not None:
            from rillet.server.auth import make_check

            make_check(auth)  # a clear TypeError now rather than when the server starts
        self.settings.auth, self.settings.auth_message = auth, auth_message
        self._set_footer(footer_links, options.pop("show_api", None))
        _warn_leftovers("launch", options, LAUNCH_UNHONOURED)
        self._set_backend(backend, ray_address)
        s = self.settings
        s.show_error, s.max_threads = show_error, max_threads
        s.allowed_paths, s.blocked_paths = list(allowed_paths or []), list(blocked_paths or [])
        s.root_path = settings_mod.resolve_root_path(root_path)
        self._set_tls_and_metrics(ssl_keyfile, ssl_certfile, ssl_keyfile_password, metrics)
        if max_file_size is not None:
            s.max_file_size = settings_mod.parse_size(max_file_size)
        if max_store_size is not None:  # bytes the file store may hold (docs/security.md)
            s.max_store_size = settings_mod.parse_size(max_store_size)
        if i18n is not None:  # gr.I18n: the page translates labels (docs/caching-flagging-i18n.md)
            s.i18n_translations = i18n.translations_dict
        host, port = settings_mod.server_address(server_name, server_port)
        self._set_guard(host, strict_cors, allowed_origins, frame_ancestors)
        self._set_page_style(
            {"theme": theme, "css": css, "css_paths": css_paths, "js": js, "head": head}
            | {"head_paths": head_paths}
        )
        if settings_mod.reload_mode.get():  # run by `rillet app.py`: its server serves this app
            self.launch_address = (host, port)
            return None, "", None
        from rillet.server import launch as server_launch

        self.close()
        ipython = notebook.replace_previous(self, port)
        from rillet.server import mcp

        serve_mcp = mcp.wanted(mcp_server)
        self.server = (mcp.start if serve_mcp else server_launch.start)(self.spec, s, host, port)
        self.local_url = self.server.url + "/"
        self.server_name, self.server_port = host, urlsplit(self.server.url).port
        if not quiet:
            print(f"* rillet is serving this app at {self.local_url}")
        if serve_mcp and not quiet:
            print(f"* MCP server (Streamable HTTP) at {self.server.url}{mcp.PATH}/")
        if inbrowser:
            import webbrowser

            webbrowser.open(self.local_url)
        app = self.server.app
        notebook.show(self.local_url, ipython, inline, height, width)
        if not prevent_thread_lock and (ipython is None or debug):
            self.block_thread()  # until Ctrl+C, which closes the server
        return notebook.Launched((app, self.local_url, None))

    def block_thread(self) -> None:
        """Wait while the server runs. Ctrl+C or SIGTERM (docker stop, systemd, Kubernetes)
        closes the app (streams told, events' ``finally`` run, store deleted) and returns."""
        from rillet.stopping import Terminated, sigterm_raises

        try:
            with sigterm_raises():
                threading.Event().wait()
        except KeyboardInterrupt:
            print("Keyboard interruption in main thread... closing server.")
        except Terminated:
            print("SIGTERM received... closing server.", flush=True)
        finally:
            self.close()

    def close(self, verbose: bool = True) -> None:
        """Stop the server and delete the files it stored."""
        if self.server is not None:
            self.server.stop()
            self.server = None

    def get_config(self) -> dict[str, Any]:
        """The ``/config`` document (without a running server's file URLs)."""
        from rillet.server.config import build_config

        return build_config(self.spec, self.settings, None, "")
