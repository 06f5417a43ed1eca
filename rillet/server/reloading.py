"""The ASGI app of reload mode: serves the current app, swaps in a rebuilt one in the same
server (same port), and tells open pages when to reload or what went wrong.

Pages of an app served this way (``/config`` says ``dev_mode``) listen on
``/gradio_api/dev/reload``: each message is ``{"app_id": ..., "error": ...}``. A page whose
``app_id`` differs reloads itself; ``error`` is the last failed reload's message (None
once a reload succeeds), shown on the page while the last good app goes on serving.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette

from rillet import protocol
from rillet.server.sse import EventStream

RELOAD_ROUTE = f"{protocol.API_PREFIX}/dev/reload"
#: What the streams of the replaced app are told.
RELOADED = "The app was reloaded."
#: Seconds between keep-alive comments on an idle reload stream.
KEEPALIVE = 15.0


class Reloading:
    """An ASGI app that forwards to the current app and can replace it while serving."""

    def __init__(self, app: Starlette) -> None:
        self.app = app
        self.error: str | None = None
        self._listeners: set[asyncio.Queue[bytes]] = set()

    @property
    def state(self) -> Any:
        """The current app's state (its ``runtime``), as on a plain app."""
        return self.app.state

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http" and scope["path"] == RELOAD_ROUTE:
            await EventStream(self._events())(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _lifespan(self, receive: Any, send: Any) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.app.state.runtime.start()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                self.app.state.runtime.stop()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def swap(self, app: Starlette) -> None:
        """Serve ``app`` from now on; end the old app's streams and events, then tell the
        pages. Runs on the server's loop."""
        old, self.app, self.error = self.app, app, None
        app.state.runtime.start()
        await old.state.runtime.wind_down(RELOADED, wait=2.0)
        old.state.runtime.stop()
        self._tell()

    def failed(self, message: str) -> None:
        """A reload failed: the current app stays; pages show ``message``."""
        self.error = message
        self._tell()

    def _tell(self) -> None:
        frame = self._frame()
        for queue in self._listeners:
            queue.put_nowait(frame)

    def _frame(self) -> bytes:
        app_id = self.app.state.runtime.settings.app_id
        data = json.dumps({"app_id": app_id, "error": self.error})
        return f"data: {data}\n\n".encode()

    async def _events(self) -> AsyncIterator[bytes]:
        queue: asyncio.Queue[bytes] = asyncio.Queue()
        self._listeners.add(queue)
        try:
            yield self._frame()
            while True:
                try:
                    yield await asyncio.wait_for(queue.get(), KEEPALIVE)
                except asyncio.TimeoutError:
                    yield b": keep-alive\n\n"
        finally:
            self._listeners.discard(queue)
