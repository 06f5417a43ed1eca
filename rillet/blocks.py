"""``Blocks``: build an app from components, layouts and event listeners, then launch it.

with gr.Blocks() as demo:
    name = gr.Textbox(label="Name")
    greet = gr.Button("Greet")
    out = gr.Textbox()
    greet.click(lambda n: f"Hello {n}", name, out)
demo.launch()
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from rillet import notebook
from rillet.core import settings as settings_mod
from rillet.core.backends import check_backend
from rillet.core.spec import AppSpec, Dependency, building

_QUEUE_DEFAULT = "not_set"


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
        self.page_options = page_options  # theme, css, js, head: accepted, not used yet
        self._building: Any = None
        self.server: Any = None
        self.local_url: str | None = None
        #: Where ``launch()`` asked to serve (host, port), recorded in reload mode.
        self.launch_address: tuple[str, int | None] | None = None

    def __enter__(self) -> Blocks:
        self._building = building(self.spec, None)
        self._building.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._building.__exit__(*exc)
        self._building = None

    @property
    def dependencies(self) -> list[Dependency]:
        return self.spec.dependencies

    @property
    def blocks(self) -> dict[int, Any]:
        return self.spec.blocks

    def load(
        self,
        fn: Callable[..., Any] | None = None,
        inputs: Any = None,
        outputs: Any = None,
        **options: Any,
    ) -> Dependency:
        """Run ``fn`` each time the page loads."""
        return self.spec.listen([(self.spec.root_id, "load")], fn, inputs, outputs, **options)

    def queue(
        self,
        status_update_rate: float | str = "auto",
        api_open: bool | None = None,
        max_size: int | None = None,
        *,
        default_concurrency_limit: Any = _QUEUE_DEFAULT,
        backend: str | None = None,
        ray_address: str | None = None,
        **_: Any,
    ) -> Blocks:
        """Set the queue's limits: ``max_size`` waiting events (503 past it) and the
        ``default_concurrency_limit`` of events that do not set their own (1; None is
        unlimited); and where the queued functions run: ``backend="local"`` (this
        process, the default) or ``"ray"`` (the Ray cluster at ``ray_address``; see
        docs/scale-out.md)."""
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
        ``frame_ancestors`` limits which sites may embed the page (docs/security.md)."""
        if share:
            print(
                "* share=True: share links are not available in rillet, so the app is served "
                "locally only; to reach it from a public URL, see docs/develop.md#a-public-url"
            )
        if auth is not None:
            from rillet.server.auth import make_check

            make_check(auth)  # a clear TypeError now rather than when the server starts
        self.settings.auth, self.settings.auth_message = auth, auth_message
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
        host, port = settings_mod.server_address(server_name, server_port)
        self._set_guard(host, strict_cors, allowed_origins, frame_ancestors)
        if settings_mod.reload_mode.get():  # run by `rillet app.py`: its server serves this app
            self.launch_address = (host, port)
            return None, "", None
        from rillet.server import launch as server_launch

        self.close()
        ipython = notebook.replace_previous(self, port)
        self.server = server_launch.start(self.spec, s, host, port)
        self.local_url = self.server.url + "/"
        if not quiet:
            print(f"* rillet is serving this app at {self.local_url}")
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
