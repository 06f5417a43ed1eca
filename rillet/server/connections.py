"""Connection limits of the HTTP server, so that slow or idle clients cannot hold its sockets.

- **Header timeout**: a connection must send complete request headers within
  ``header_timeout`` seconds of opening (on a kept-alive connection: of the first byte of
  its next request), or it is closed. Slowloris clients that trickle a request line and
  never finish it are dropped.
- **Keep-alive timeout**: a connection idle between requests is closed after
  ``keep_alive_timeout`` seconds (uvicorn's ``timeout_keep_alive``).
- **A cap on open connections** (``max_connections``, by default three quarters of the
  process's open-file limit, so that accepting never runs out of file descriptors): at the
  cap, a new connection displaces the connection that has been waiting longest without a
  request in progress (a slow client's, or an idle keep-alive one). When none is waiting,
  because every connection is busy with a request or a stream, the new one is answered
  503 and closed. uvicorn's own ``limit_concurrency`` is not used: it answers 503 to real
  requests as soon as idle connections fill the count, which turns slow clients into a
  denial of service by design. A connection upgraded to a WebSocket stays counted, as busy,
  until the WebSocket closes.
- **Quiet logs**: what happens in bursts (accept errors such as "Too many open files",
  connections closed by these limits) is logged once when it starts, then at most once a
  minute with a count.

:func:`protocol_factory` gives uvicorn's ``Config(http=...)`` the protocol class;
:class:`Server` installs the quiet handler of accept errors.
"""

from __future__ import annotations

import asyncio
import errno
import functools
import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

try:
    import resource
except ImportError:  # Windows: no open-file limit to read
    resource = None  # type: ignore[assignment]

log = logging.getLogger("rillet")
#: Seconds between two lines about the same kind of burst.
BURST_EVERY = 60.0
#: Errors of ``accept()`` that mean the process or the system is out of a resource.
RESOURCE_ERRNOS = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM})
#: What a connection refused at the cap is told before it is closed.
BUSY_BODY = b'{"detail": "too many connections; retry later"}'
BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n"
    b"content-length: %d\r\nconnection: close\r\n\r\n%s" % (len(BUSY_BODY), BUSY_BODY)
)


def default_max_connections() -> int | None:
    """Three quarters of the open-file limit (the rest is left for files, pipes and the
    like); None when the limit is unlimited or unknown."""
    if resource is None:
        return None
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return None
    return max(16, soft * 3 // 4)


class BurstLog:
    """A warning logged when something starts happening, then at most once every
    ``every`` seconds with the count of the times it happened meanwhile. Used on the
    server's event loop only."""

    def __init__(self, message: str, every: float = BURST_EVERY) -> None:
        self.message = message
        self.every = every
        self.more = 0
        self._timer: asyncio.TimerHandle | None = None

    def note(self) -> None:
        """It happened once more."""
        if self._timer is None:
            log.warning(self.message)
            self._timer = asyncio.get_running_loop().call_later(self.every, self._flush)
        else:
            self.more += 1

    def _flush(self) -> None:
        if not self.more:
            self._timer = None
            return
        log.warning("%s (%d more times in the last %.0f s)", self.message, self.more, self.every)
        self.more = 0
        self._timer = asyncio.get_running_loop().call_later(self.every, self._flush)


@dataclass
class ConnectionGuard:
    """The limits of one server and its open connections, oldest-waiting first among
    those without a request in progress."""

    header_timeout: float
    max_connections: int | None
    _open: set[Guarded] = field(default_factory=set)
    #: Open connections without a request in progress, in the order they began waiting.
    _waiting: OrderedDict[Guarded, None] = field(default_factory=OrderedDict)
    _logs: dict[str, BurstLog] = field(default_factory=dict)

    def burst(self, kind: str) -> None:
        """Note one event of ``kind`` ("timeout", "displaced", "refused", "accept")."""
        if kind not in self._logs:
            self._logs[kind] = BurstLog(self._message(kind))
        self._logs[kind].note()

    def _message(self, kind: str) -> str:
        return {
            "timeout": f"closed connections that sent no complete request headers within "
            f"{self.header_timeout:g} s (slow clients; RILLET_HEADER_TIMEOUT)",
            "displaced": f"{self.max_connections} connections open (RILLET_MAX_CONNECTIONS): "
            "closing the ones waiting longest without a request",
            "refused": f"{self.max_connections} connections open, all busy "
            "(RILLET_MAX_CONNECTIONS): new connections are answered 503",
            "accept": "cannot accept connections: out of file descriptors or memory "
            "(too many open files); retrying",
        }[kind]

    def opened(self, conn: Guarded) -> None:
        """A new connection: it waits for its first request. At the cap, the connection
        waiting longest is closed (this one, when no other is waiting)."""
        self._open.add(conn)
        self._waiting[conn] = None
        limit = self.max_connections
        while limit is not None and len(self._open) > limit and self._waiting:
            oldest = next(iter(self._waiting))
            self.forget(oldest)
            if oldest is conn:
                self.burst("refused")
                conn.transport.write(BUSY)
            else:
                self.burst("displaced")
            oldest.transport.close()

    def waiting(self, conn: Guarded) -> None:
        """``conn`` has no request in progress (kept alive after a response)."""
        if conn in self._open and conn not in self._waiting:
            self._waiting[conn] = None

    def busy(self, conn: Guarded) -> None:
        """``conn`` sent a request's headers: it is not displaced while it is served."""
        self._waiting.pop(conn, None)

    def forget(self, conn: Guarded) -> None:
        """``conn`` is closed or closing."""
        self._open.discard(conn)
        self._waiting.pop(conn, None)


class Guarded(asyncio.Protocol):
    """What a guarded connection adds to uvicorn's HTTP protocol (h11's or httptools',
    which come after it in the class's bases): a header timeout and a place in a
    :class:`ConnectionGuard`. The protocol class says when its connection is between
    requests."""

    transport: asyncio.Transport
    loop: asyncio.AbstractEventLoop

    def __init__(self, *args: Any, guard: ConnectionGuard, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # the protocol's own
        self.guard = guard
        self.header_timer: asyncio.TimerHandle | None = None

    def _between_requests(self) -> bool:
        raise NotImplementedError

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.guard.opened(self)
        if not transport.is_closing():
            self._arm()

    def data_received(self, data: bytes) -> None:
        if self.header_timer is None and self._between_requests():
            self._arm()  # the first bytes of a later request on a kept-alive connection
        super().data_received(data)
        self._update()

    def on_response_complete(self) -> None:
        super().on_response_complete()  # type: ignore[misc]  # the protocol's own
        self._update()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        self.guard.forget(self)
        super().connection_lost(exc)

    def handle_websocket_upgrade(self, *args: Any) -> None:
        """The request upgrades to a WebSocket: uvicorn hands the transport to its WebSocket
        protocol, which hears of the connection's end instead of this one. The connection
        stays counted (busy: never displaced) until then, and no longer after."""
        super().handle_websocket_upgrade(*args)  # type: ignore[misc]  # the protocol's own
        self._disarm()
        self.guard.busy(self)
        upgraded = self.transport.get_protocol()
        if upgraded is self:
            return
        lost = upgraded.connection_lost

        def connection_lost(exc: Exception | None) -> None:
            self.guard.forget(self)
            lost(exc)

        upgraded.connection_lost = connection_lost  # type: ignore[method-assign]

    def _update(self) -> None:
        """Headers complete: disarm the timer, not displaceable; between requests: may
        be displaced again."""
        if self.transport.is_closing():
            return
        if self._between_requests():
            self.guard.waiting(self)
        else:
            self._disarm()
            self.guard.busy(self)

    def _arm(self) -> None:
        self.header_timer = self.loop.call_later(self.guard.header_timeout, self._timed_out)

    def _disarm(self) -> None:
        if self.header_timer is not None:
            self.header_timer.cancel()
            self.header_timer = None

    def _timed_out(self) -> None:
        self.header_timer = None
        if not self.transport.is_closing():
            self.guard.forget(self)
            self.guard.burst("timeout")
            self.transport.close()


class GuardedH11Protocol(Guarded, H11Protocol):
    """uvicorn's h11 protocol, guarded (used when httptools is not installed)."""

    def _between_requests(self) -> bool:
        return self.conn.their_state is h11.IDLE


def _httptools_protocol() -> type[Guarded] | None:
    """uvicorn's httptools protocol, guarded, when httptools is installed (a C parser:
    less of the event loop's time per request than h11's pure Python)."""
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
    except ImportError:
        return None

    class GuardedHttpToolsProtocol(Guarded, HttpToolsProtocol):
        """uvicorn's httptools protocol, guarded: between requests from a response's end
        until the next request's headers are complete."""

        #: Requests whose headers came and whose response has not ended.
        unanswered = 0

        def on_headers_complete(self) -> None:
            self.unanswered += 1
            super().on_headers_complete()

        def on_response_complete(self) -> None:
            self.unanswered = max(0, self.unanswered - 1)
            super().on_response_complete()

        def _between_requests(self) -> bool:
            return self.unanswered == 0

    return GuardedHttpToolsProtocol


def protocol_factory(guard: ConnectionGuard, parser: str = "auto") -> Callable[..., Guarded]:
    """The ``http=`` of ``uvicorn.Config``: connections held to ``guard``'s limits, parsed
    by ``parser``: "httptools", "h11", or "auto" (httptools when it is installed, as
    uvicorn's own ``http="auto"``)."""
    if parser not in ("auto", "httptools", "h11"):
        raise ValueError(f"http_parser must be 'auto', 'httptools' or 'h11', not {parser!r}")
    cls = None if parser == "h11" else _httptools_protocol()
    if cls is None and parser == "httptools":
        raise RuntimeError("http_parser='httptools' needs httptools: pip install httptools")
    return functools.partial(cls or GuardedH11Protocol, guard=guard)


class Server(uvicorn.Server):
    """uvicorn's server, whose event loop logs running out of file descriptors on
    ``accept()`` once per burst instead of once per attempt (asyncio retries thousands
    of times a second, each with a traceback)."""

    def __init__(self, config: uvicorn.Config, guard: ConnectionGuard) -> None:
        super().__init__(config)
        self.guard = guard

    async def serve(self, sockets: Any = None) -> None:
        asyncio.get_running_loop().set_exception_handler(self._loop_error)
        await super().serve(sockets)

    def _loop_error(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        error = context.get("exception")
        if (
            isinstance(error, OSError)
            and error.errno in RESOURCE_ERRNOS
            and str(context.get("message", "")).startswith("socket.accept()")
        ):
            self.guard.burst("accept")
            return
        loop.default_exception_handler(context)
