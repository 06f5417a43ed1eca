"""Run an app's server with uvicorn in a background thread."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any

import uvicorn

from rillet.core.settings import DEFAULT_PORT, PORT_TRIES, Settings
from rillet.core.spec import AppSpec
from rillet.server import connections, tls
from rillet.server.app import build_app

START_TIMEOUT = 30.0
#: The longest WebSocket message uvicorn reads (its default is 16 MiB): the WebSocket audio
#: transport refuses messages past 256 KiB with a readable error; past this, uvicorn closes
#: the socket itself (1009) before holding the message.
WS_MAX_SIZE = 1024 * 1024
STOP_TIMEOUT = 10.0
log = logging.getLogger("rillet")


@dataclass
class RunningServer:
    """A started server: its app, URL and the thread serving it."""

    app: Any
    server: uvicorn.Server
    thread: threading.Thread
    url: str

    def stop(self) -> None:
        """End every stream with a clear message, cancel the running events, then ask
        uvicorn to exit and wait for it."""
        runtime = self.app.state.runtime
        if runtime.loop is not None and runtime.loop.is_running():
            done = asyncio.run_coroutine_threadsafe(runtime.wind_down(), runtime.loop)
            try:
                done.result(timeout=STOP_TIMEOUT)
            except Exception:
                log.exception("error while winding down the app")
        self.server.should_exit = True
        self.thread.join(timeout=STOP_TIMEOUT)


def _bind(host: str, port: int | None) -> socket.socket:
    """A listening socket on ``port``, or on the first free port from 7860 when None."""
    candidates = [port] if port is not None else range(DEFAULT_PORT, DEFAULT_PORT + PORT_TRIES)
    last_error: OSError | None = None
    for candidate in candidates:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only on sockets that say so,
        # and without it small SSE writes wait ~40 ms for delayed ACKs (Nagle).
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, candidate))
        except OSError as error:
            sock.close()
            last_error = error
            continue
        sock.listen(2048)
        return sock
    raise OSError(f"cannot find a free port on {host} (tried {candidates}): {last_error}")


def start(spec: AppSpec, settings: Settings, host: str, port: int | None) -> RunningServer:
    """Serve ``spec`` on ``host:port`` from a daemon thread; returns once it accepts."""
    tls.check(settings)  # a clear error before anything starts
    return run(build_app(spec, settings), host, port)


def run(app: Any, host: str, port: int | None) -> RunningServer:
    """Serve the ASGI ``app`` (whose ``state.runtime`` is the app's runtime) on
    ``host:port`` from a daemon thread; returns once it accepts."""
    sock = _bind(host, port)
    settings = app.state.runtime.settings
    guard = connections.ConnectionGuard(
        settings.header_timeout, settings.max_connections or connections.default_max_connections()
    )
    config = uvicorn.Config(
        app,
        log_level="warning",
        lifespan="on",
        timeout_keep_alive=settings.keep_alive_timeout,
        timeout_graceful_shutdown=2,
        ws_max_size=WS_MAX_SIZE,
        # uvicorn calls what it is given; its annotation asks for a class
        http=connections.protocol_factory(guard, settings.http_parser),  # type: ignore[arg-type]
        **tls.options(settings),
    )
    server = connections.Server(config, guard)
    started = threading.Event()

    def serve() -> None:
        server.run(sockets=[sock])

    thread = threading.Thread(target=serve, name="rillet-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError("the server failed to start; see the log above")
        started.wait(0.01)
    bound = sock.getsockname()
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    return RunningServer(app, server, thread, f"{tls.scheme(settings)}://{shown}:{bound[1]}")
