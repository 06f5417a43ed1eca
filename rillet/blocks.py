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

    def __init__(self, *, analytics_enabled: bool | None = None, mode: str = "blocks",
                 title: str = "Gradio", fill_height: bool = False, fill_width: bool = False,
                 delete_cache: tuple[int, int] | None = None, **page_options: Any) -> None:
        self.spec = AppSpec()
        self.settings = settings_mod.Settings(title=title, mode=mode)
        self.settings.default_concurrency_limit = settings_mod.env_concurrency_limit()
        if delete_cache is not None:  # (every, age): sweep every N s, files of sessions idle age s
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

    def load(self, fn: Callable[..., Any] | None = None, inputs: Any = None,
             outputs: Any = None, **options: Any) -> Dependency:
        """Run ``fn`` each time the page loads."""
        return self.spec.listen([(self.spec.root_id, "load")], fn, inputs, outputs, **options)

    def queue(self, status_update_rate: float | str = "auto", api_open: bool | None = None,
              max_size: int | None = None, *, default_concurrency_limit: Any = _QUEUE_DEFAULT,
              backend: str | None = None, ray_address: str | None = None,
              **_: Any) -> Blocks:
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

    def launch(self, inline: bool | None = None, inbrowser: bool = False, share: bool | None = None,
               debug: bool = False, max_threads: int = 40, auth: Any = None,
               auth_message: str | None = None, prevent_thread_lock: bool = False,
               show_error: bool = False, server_name: str | None = None,
               server_port: int | None = None, *, height: int = 500,
               width: int | str = "100%", quiet: bool = False,
               allowed_paths: list[str] | None = None, blocked_paths: list[str] | None = None,
               root_path: str | None = None, max_file_size: str | int | None = None,
               backend: str | None = None, ray_address: str | None = None,
               **options: Any) -> tuple[Any, str, None]:
        """Start the web server on ``server_name:server_port`` (default 127.0.0.1:7860, or
        ``GRADIO_SERVER_NAME``/``GRADIO_SERVER_PORT``). Blocks the calling thread unless
        ``prevent_thread_lock``. Returns (app, local URL, share URL=None) like Gradio.
        In Jupyter/IPython it returns at once (unless ``debug``), shows the app in a
        ``height`` x ``width`` iframe (``inline``, default: in a notebook) and closes the
        app an earlier run of the same cell launched (docs/notebooks.md).

        ``share=True`` prints that share links are not available and serves locally.
        Under ``rillet app.py`` (reload mode) the settings are kept and nothing starts:
        the reloading server serves the app.

        ``backend="ray"`` runs the event functions on a Ray cluster (``ray_address``:
        None for a local one, "auto", "head:6379"), as ``queue(backend=...)``."""
        if share:
            print("* share=True: share links are not available in rillet, so the app is served "
                  "locally only; to reach it from a public URL, see docs/develop.md#public-url")
        if auth is not None:
            raise ValueError("auth= is not supported by rillet yet.")
        self._set_backend(backend, ray_address)
        s = self.settings
        s.show_error, s.max_threads = show_error, max_threads
        s.allowed_paths, s.blocked_paths = list(allowed_paths or []), list(blocked_paths or [])
        s.root_path = (root_path or "").rstrip("/")
        if max_file_size is not None:
            s.max_file_size = settings_mod.parse_size(max_file_size)
        host, port = settings_mod.server_address(server_name, server_port)
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
        """Wait (Ctrl+C stops) while the server runs."""
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("Keyboard interruption in main thread... closing server.")
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
