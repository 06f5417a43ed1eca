"""The WebSocket transport's route: a stream's audio handler for clients without WebRTC
(a telephony bridge, a script). The messages are in ``rillet/rtc/websocket.py``.

``{prefix}/webrtc/websocket`` (a WebSocket): the client's first message is its start
(``{"event": "start", "component_id", ...}``, or Twilio's, after Twilio's ``connected``),
within :data:`START_TIMEOUT` seconds; the component's stream (an audio handler in
``send-receive`` mode) then gets a connection, counted with its WebRTC peers against its
``concurrency_limit``, which an event of a page can present by its id as it presents a
``webrtc_id``, and ``/webrtc/close`` ends. Anything refused gets ``{"type": "error",
"message"}`` and the close.

The request guard (``rillet/server/guard.py``) and the login gate see HTTP requests only,
so the handshake is checked here with the same policy: a foreign ``Host`` on an app served
on localhost is refused (DNS rebinding), and so is a foreign ``Origin`` on such an app, or
on an app with a login (a page on another site must not talk to the handler as the user);
a client without ``Origin`` (a bridge, a script) is not a page. An app with a login wants
its cookie.

A plain HTTP request on the route gets 426 (use a WebSocket), or 501 when the server
cannot speak WebSocket at all (no ``websockets`` package: ``pip install 'rillet[webrtc]'``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from rillet.rtc.stream import OfferRefused
from rillet.rtc.websocket import Refused, Start, parse
from rillet.server import auth
from rillet.server.guard import GuardPolicy, own_origins, parse_origin
from rillet.server.html_js import session_block

log = logging.getLogger("rillet")

#: Seconds a client has, once connected, to send its start.
START_TIMEOUT = 10.0
#: What a WebSocket's scheme is, as an origin's.
HTTP_SCHEMES = {"ws": "http", "wss": "https"}
MISSING = (
    "this server cannot speak WebSocket: it needs the websockets package "
    "(pip install 'rillet[webrtc]')"
)


class StarletteSocket:
    """A Starlette WebSocket as :class:`rillet.rtc.websocket.Socket`."""

    def __init__(self, websocket: WebSocket) -> None:
        self.websocket = websocket

    async def receive(self) -> str | bytes | None:
        if self.websocket.client_state != WebSocketState.CONNECTED:
            return None
        message = await self.websocket.receive()
        if message["type"] == "websocket.disconnect":
            return None
        text = message.get("text")
        if isinstance(text, str):
            return text
        data = message.get("bytes")
        return data if isinstance(data, bytes) else b""

    async def send(self, text: str) -> None:
        try:
            await self.websocket.send_text(text)
        except (WebSocketDisconnect, RuntimeError, OSError) as gone:
            raise ConnectionError("the client is gone") from gone

    async def close(self, code: int) -> None:
        if self.websocket.application_state != WebSocketState.CONNECTED:
            return
        with contextlib.suppress(WebSocketDisconnect, RuntimeError, OSError):
            await self.websocket.close(code)


def refusal(websocket: WebSocket) -> tuple[int, str] | None:
    """Why the handshake is refused (status, detail), or None: see the module's docstring."""
    app = websocket.app
    policy = GuardPolicy.from_settings(app.state.runtime.settings)
    headers = websocket.headers
    host = headers.get("host", "")
    if not policy.host_allowed(host):
        return 403, (
            f"This app is served on localhost only, not as {host[:100]!r} (a foreign Host "
            "header: DNS rebinding?). To serve it under another name, list that origin in "
            "allowed_origins."
        )
    sessions = getattr(app.state, "auth", None)
    origin = headers.get("origin")
    if origin is not None and (policy.local_only or sessions is not None):
        scope = {**websocket.scope, "scheme": HTTP_SCHEMES.get(websocket.url.scheme, "http")}
        own = own_origins(scope, headers)
        if parse_origin(origin) not in own and not policy.origin_trusted(origin, own):
            return 403, (
                f"Cross-origin WebSocket refused: {origin[:100]!r} is not one of this app's "
                "allowed origins (launch(allowed_origins=[...]) to allow it)."
            )
    if sessions is not None and sessions.user(websocket.cookies.get(auth.COOKIE)) is None:
        return 401, "Not authenticated: log in first (POST login with username and password)."
    return None


async def endpoint(websocket: WebSocket) -> None:
    """One WebSocket connection: its start, then the stream's handler until it ends."""
    refused = refusal(websocket)
    if refused is not None:
        await deny(websocket, *refused)
        return
    await websocket.accept()
    socket = StarletteSocket(websocket)
    runtime = websocket.app.state.runtime
    try:
        start = await asyncio.wait_for(read_start(socket), START_TIMEOUT)
        if start is None:
            return  # the client left first
        block = session_block(runtime, start.session_hash, start.component_id)
        stream = getattr(block, "rtc_stream", None)
        if stream is None:
            raise Refused(
                f"component {start.component_id} has no WebRTC stream (call .stream() on it)"
            )
        peer = stream.connect_socket(start, runtime.workers, socket)
    except asyncio.TimeoutError:
        await say_no(socket, Refused(f"no start message within {START_TIMEOUT:g} s"))
        return
    except OfferRefused as full:
        await say_no(socket, Refused(full.message))
        return
    except Refused as bad:
        await say_no(socket, bad)
        return
    try:
        await peer.run()
    finally:
        await peer.close("the server closed the socket")


async def read_start(socket: StarletteSocket) -> Start | None:
    """The client's start (after Twilio's ``connected``); None if it leaves first."""
    for _ in range(2):
        received = await socket.receive()
        if received is None:
            return None
        message = parse(received)
        if message["event"] != "connected":
            return Start.of(message)
    raise Refused('the first message must be {"event": "start", "component_id": ...}')


async def say_no(socket: StarletteSocket, refused: Refused) -> None:
    """A refusal before the connection exists: the error, then the close."""
    log.info("WebSocket refused: %s", refused.message)
    with contextlib.suppress(ConnectionError):
        await socket.send(json.dumps({"type": "error", "message": refused.message}))
    await socket.close(refused.code)


async def deny(websocket: WebSocket, status: int, detail: str) -> None:
    """Refuse the handshake with an HTTP answer (the close alone says 403, no detail, to a
    server without the denial-response extension)."""
    log.info("WebSocket handshake refused (%d): %s", status, detail)
    if "websocket.http.response" in websocket.scope.get("extensions", {}):
        await websocket.send_denial_response(JSONResponse({"detail": detail}, status))
    else:
        await websocket.close(1008)


def websockets_available() -> bool:
    """Whether uvicorn can speak WebSocket here (it needs websockets or wsproto)."""
    for name in ("websockets", "wsproto"):
        try:
            __import__(name)
        except ImportError:
            continue
        return True
    return False


async def over_http(request: Request) -> Response:
    """The route asked without a WebSocket upgrade: say how to use it."""
    if not websockets_available():
        return JSONResponse({"detail": MISSING}, 501)
    detail: dict[str, Any] = {
        "detail": "this is a WebSocket endpoint: connect to it with a WebSocket client"
    }
    return JSONResponse(detail, 426, headers={"upgrade": "websocket", "connection": "Upgrade"})
