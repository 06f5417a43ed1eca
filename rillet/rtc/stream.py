"""What ``WebRTC.stream(...)`` registers: the function or handler, its limits, and the live
connections to it.

The transport's HTTP side (``rillet/server/webrtc.py``) finds a component's ``rtc_stream``
and hands it offers, and WebSockets that start (``rillet/server/rtc_socket.py``); the
component's events (which run in a session) claim a connection by its id, whichever
carries it. A connection belongs to the session that offered it (when the offer or the
start names one) or to the first that claims it, and to no other: ``find`` answers None to
any other session.

aiortc is imported only when an offer comes (``rillet/rtc/peer.py``); a WebSocket
connection (``rillet/rtc/websocket.py``) does without it.
"""

from __future__ import annotations

import inspect
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from rillet.rtc.handlers import AsyncStreamHandler, StreamHandler

Mode = Literal["send-receive", "receive", "send"]
Modality = Literal["video", "audio", "audio-video"]
#: Longest SDP offer accepted (a browser's is a few kilobytes).
MAX_SDP = 64 * 1024
#: Seconds a connection may take to complete ICE before it is closed.
ICE_TIMEOUT = 15.0


class OfferRefused(Exception):
    """An offer the server will not answer: ``status`` and a message for the client."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def kind_of(fn: Any, modality: str, mode: str) -> str:
    """How the transport drives ``fn``: ``"handler"`` (a StreamHandler or
    AsyncStreamHandler), ``"frames"`` (a plain function, frame in and frame out: video) or
    ``"generator"`` (a generator function making audio or video for ``mode="receive"``).
    A TypeError names what is wrong."""
    if isinstance(fn, (StreamHandler, AsyncStreamHandler)):
        return "handler"
    if not callable(fn):
        raise TypeError(
            f"WebRTC.stream() takes a StreamHandler, an AsyncStreamHandler or a function; "
            f"got {type(fn).__name__}"
        )
    generator = inspect.isgeneratorfunction(fn) or inspect.isasyncgenfunction(fn)
    if generator and mode == "receive":
        return "generator"
    if generator:
        raise TypeError(
            "a generator function streams to the page only (mode='receive'); to answer "
            "what the page sends, wrap it in a handler, such as ReplyOnPause(fn) for voice"
        )
    if modality == "video" and mode == "send-receive":
        return "frames"
    raise TypeError(
        f"a plain function answers video frames (modality='video', mode='send-receive'); "
        f"for modality={modality!r}, mode={mode!r} give a StreamHandler"
    )


@dataclass
class RtcStream:
    """One ``.stream()`` registration and its live connections (``peers``, by id: WebRTC's
    and the WebSocket's, counted together against ``concurrency_limit``)."""

    fn: Any
    mode: str
    modality: str
    #: How many of the stream's inputs come after the WebRTC component itself.
    extra_inputs: int = 0
    #: Those inputs' initial values, as the function takes them: what a client without a
    #: page (the WebSocket's) starts with.
    initial_args: Callable[[], list[Any]] | None = None
    time_limit: float | None = None
    concurrency_limit: int | None = 1
    ice_timeout: float = ICE_TIMEOUT
    #: Values the server gives aiortc's own RTCPeerConnection (``iceServers``...).
    server_rtc_configuration: dict[str, Any] | None = None
    peers: dict[str, Any] = field(default_factory=dict)
    #: The ids of the last connections that ended (a page's close that comes after its
    #: event's cancellation closed the connection is not an error).
    ended: deque[str] = field(default_factory=lambda: deque(maxlen=256))

    def __post_init__(self) -> None:
        self.kind = kind_of(self.fn, self.modality, self.mode)

    def new_handler(self) -> Any:
        """A handler for one more connection (a handler's own ``copy()``), or the function."""
        return self.fn.copy() if self.kind == "handler" else self.fn

    def check_room(self) -> None:
        """Refuse a connection past ``concurrency_limit``."""
        live = sum(1 for peer in self.peers.values() if not peer.closed)
        if self.concurrency_limit is not None and live >= self.concurrency_limit:
            raise OfferRefused(
                429,
                f"This stream takes {self.concurrency_limit} connection(s) at once and all "
                "are in use; try again later.",
            )

    async def offer(
        self, body: dict[str, Any], workers: Any, session_hash: str | None = None
    ) -> dict[str, Any]:
        """Answer a client's offer (``{"sdp": ..., "type": "offer"}``): ``{"sdp", "type",
        "webrtc_id"}``. Raises OfferRefused for a malformed offer or a full stream."""
        sdp, kind = body.get("sdp"), body.get("type")
        if kind != "offer":
            raise OfferRefused(400, "the body must be an SDP offer: {'sdp': ..., 'type': 'offer'}")
        if not isinstance(sdp, str) or not sdp.startswith("v=0"):
            raise OfferRefused(400, "'sdp' must be a session description starting with 'v=0'")
        if len(sdp) > MAX_SDP:
            raise OfferRefused(413, f"the offer is longer than {MAX_SDP} characters")
        self.check_room()
        from rillet.rtc.peer import Peer

        peer = Peer(self, workers, session_hash)
        self.peers[peer.id] = peer
        try:
            answer = await peer.answer(sdp)
        except OfferRefused:
            await peer.close("refused")
            raise
        except Exception as bad:
            await peer.close("malformed offer")
            raise OfferRefused(400, f"the offer could not be used: {bad}") from bad
        return {"sdp": answer.sdp, "type": answer.type, "webrtc_id": peer.id}

    def connect_socket(self, start: Any, workers: Any, socket: Any) -> Any:
        """A WebSocket connection for a client's start (a
        :class:`~rillet.rtc.websocket.Start`) on ``socket``, registered. Raises
        OfferRefused for a stream that is not an audio handler's in ``send-receive``
        mode, an id in use, or a full stream."""
        if (self.kind, self.modality, self.mode) != ("handler", "audio", "send-receive"):
            raise OfferRefused(
                400,
                "the WebSocket carries audio both ways: this stream is not an audio "
                f"handler's in send-receive mode (modality={self.modality!r}, "
                f"mode={self.mode!r})",
            )
        if start.websocket_id is not None and start.websocket_id in self.peers:
            raise OfferRefused(409, "this websocket_id is in use by another connection")
        self.check_room()
        from rillet.rtc.websocket import SocketPeer

        peer = SocketPeer(self, workers, start, socket)
        self.peers[peer.id] = peer
        return peer

    def find(self, webrtc_id: Any, session_hash: str | None) -> Any:
        """The live connection ``webrtc_id`` of ``session_hash`` (claimed by it if no
        session has it yet), or None."""
        peer = self.peers.get(webrtc_id) if isinstance(webrtc_id, str) else None
        if peer is None or peer.closed:
            return None
        if peer.session_hash is None and session_hash is not None:
            peer.session_hash = session_hash
        return peer if peer.session_hash == session_hash else None

    def forget(self, peer: Any) -> None:
        """A closed connection leaves the registry."""
        key = peer.id
        if self.peers.get(key) is peer:
            del self.peers[key]
            self.ended.append(key)

    async def close_all(self) -> None:
        """Close every connection (the server stops)."""
        for peer in list(self.peers.values()):
            await peer.close("server stopped")
