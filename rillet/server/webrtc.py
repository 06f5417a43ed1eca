"""The WebRTC transport's routes: an offer gets an answer, a close ends a connection.

``POST /gradio_api/webrtc/offer``, body ``{"sdp", "type": "offer", "component_id",
"session_hash"?}``: the component (one with a ``.stream()`` registered, found by its id) makes
a peer connection and answers ``{"sdp", "type": "answer", "webrtc_id"}``. A malformed offer
is a 400 with a readable ``detail``; a stream at its ``concurrency_limit`` a 429. The id is
128 random bits: it is the connection's secret, and the connection belongs to the session
the offer names, or else to the first session whose event presents the id.

``GET /gradio_api/webrtc/config/<component_id>``: the browser's ICE servers, made now by
the app's ``rtc_configuration`` function (when it gave one rather than a dict).

``POST /gradio_api/webrtc/close``, body ``{"webrtc_id", "component_id", "session_hash"?}``:
ends that connection (the page's Stop, or the page leaving); a session other than the one
the connection belongs to gets a 404, as for an unknown id.

``/gradio_api/webrtc/websocket``: the same streams' audio over a WebSocket, for clients
without WebRTC (``rillet/server/rtc_socket.py``); ``close`` ends those connections too.

The server knows no component: any block with an ``rtc_stream`` attribute
(:class:`rillet.rtc.stream.RtcStream`) takes offers. aiortc is imported on the first offer.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route, WebSocketRoute

from rillet.rtc.stream import OfferRefused
from rillet.server import rtc_socket
from rillet.server.bodies import BadBody, json_object
from rillet.server.html_js import session_block

log = logging.getLogger("rillet")

#: An offer or a close carries at most this much JSON.
BODY_LIMIT = 256 * 1024


def _error(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status)


async def _body_and_stream(request: Request) -> tuple[dict[str, Any], Any] | Response:
    """The request's JSON body and the stream of the component it names, or the error."""
    try:
        body = await json_object(request, BODY_LIMIT)
    except BadBody as bad:
        return _error(bad.status, bad.detail)
    block_id = body.get("component_id")
    if not isinstance(block_id, int) or isinstance(block_id, bool):
        return _error(400, "component_id is required: the id of a WebRTC component")
    session_hash = body.get("session_hash")
    if session_hash is not None and not isinstance(session_hash, str):
        return _error(400, "session_hash must be a string")
    block = session_block(request.app.state.runtime, session_hash, block_id)
    stream = getattr(block, "rtc_stream", None)
    if stream is None:
        return _error(404, f"component {block_id} has no WebRTC stream (call .stream() on it)")
    return body, stream


async def offer(request: Request) -> Response:
    """Answer an SDP offer with a new peer connection."""
    found = await _body_and_stream(request)
    if isinstance(found, Response):
        return found
    body, stream = found
    try:
        import aiortc  # noqa: F401 - only to say clearly that the extra is missing
    except ImportError:
        return _error(501, "WebRTC needs aiortc on the server: pip install 'rillet[webrtc]'")
    runtime = request.app.state.runtime
    try:
        answer: dict[str, Any] = await stream.offer(body, runtime.workers, body.get("session_hash"))
    except OfferRefused as refused:
        return _error(refused.status, refused.message)
    return JSONResponse(answer)


async def close(request: Request) -> Response:
    """End one connection of the caller's."""
    found = await _body_and_stream(request)
    if isinstance(found, Response):
        return found
    body, stream = found
    peer = stream.find(body.get("webrtc_id"), body.get("session_hash"))
    if peer is None and body.get("session_hash") is None:
        peer = _unclaimed_or_owned(stream, body.get("webrtc_id"))
    if peer is None and body.get("webrtc_id") in stream.ended:
        return JSONResponse({"msg": "already closed"})  # by its event's end, just before
    if peer is None:
        return _error(404, "no open WebRTC connection with this id in this session")
    await peer.close("closed by the client")
    return JSONResponse({"msg": "closed"})


def _unclaimed_or_owned(stream: Any, webrtc_id: Any) -> Any:
    """A close that names no session (the page's component does not know its session
    hash): the id alone, a secret only its page holds, names the connection."""
    peer = stream.peers.get(webrtc_id) if isinstance(webrtc_id, str) else None
    return None if peer is None or peer.closed else peer


async def configuration(request: Request) -> Response:
    """``GET /gradio_api/webrtc/config/{component_id}``: the browser's ICE configuration
    for one more connection, when the app gave a function for it (TURN credentials that
    expire are made per connection)."""
    try:
        block_id = int(request.path_params["component_id"])
    except ValueError:
        return _error(400, "component_id must be an integer")
    block = request.app.state.runtime.spec.blocks.get(block_id)
    current = getattr(block, "current_rtc_configuration", None)
    if current is None:
        return _error(404, f"component {block_id} is not a WebRTC component")
    try:
        made = await run_in_threadpool(current)
    except Exception as failed:  # noqa: BLE001 - the app's own function
        log.warning("rtc_configuration of component %s failed: %r", block_id, failed)
        return _error(500, "the app's rtc_configuration function failed")
    return JSONResponse(made, headers={"cache-control": "no-store"})


async def close_all(runtime: Any) -> None:
    """Close every WebRTC connection of the app (for the server's shutdown: connections
    no session's event holds yet are not closed by the events' cancellation)."""
    for block in list(runtime.spec.blocks.values()):
        stream = getattr(block, "rtc_stream", None)
        if stream is not None:
            await stream.close_all()


def routes(prefix: str) -> list[BaseRoute]:
    """The transport's routes under the API ``prefix``."""
    return [
        Route(f"{prefix}/webrtc/offer", offer, methods=["POST"]),
        Route(f"{prefix}/webrtc/close", close, methods=["POST"]),
        Route(prefix + "/webrtc/config/{component_id}", configuration),
        WebSocketRoute(f"{prefix}/webrtc/websocket", rtc_socket.endpoint),
        Route(f"{prefix}/webrtc/websocket", rtc_socket.over_http, methods=["GET"]),
    ]
