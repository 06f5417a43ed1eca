"""An SSE response that notices at once when its client goes away."""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import AsyncIterator, Callable
from typing import Any

HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache"),
    (b"x-accel-buffering", b"no"),
    (b"x-content-type-options", b"nosniff"),
]


def accepts_gzip(scope: dict[str, Any]) -> bool:
    for name, value in scope.get("headers", []):
        if name == b"accept-encoding":
            return b"gzip" in value
    return False


class Gzip:
    """One gzip stream, flushed after each frame so every frame arrives at once.

    The queue messages repeat their envelope (``"msg":"process_generating","event_id":...``)
    around a diff of a few bytes; deflate's window turns each repeat into a back-reference,
    so a streamed token costs tens of bytes on the wire instead of ~300."""

    def __init__(self) -> None:
        self._z = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)

    def frame(self, data: bytes) -> bytes:
        return self._z.compress(data) + self._z.flush(zlib.Z_SYNC_FLUSH)

    def end(self) -> bytes:
        return self._z.flush(zlib.Z_FINISH)


class EventStream:
    """ASGI response sending ``frames`` as they come; stops them when the client leaves.

    Starlette's ``StreamingResponse`` under ASGI spec 2.4 only learns of a disconnect at
    its next write, which for an idle stream is the next heartbeat; a stream that waits for
    a generator must know sooner, so this one listens for ``http.disconnect`` meanwhile.
    """

    def __init__(
        self, frames: AsyncIterator[bytes], on_close: Callable[[], None] | None = None
    ) -> None:
        self.frames = frames
        self.on_close = on_close

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        self.gzip = Gzip() if accepts_gzip(scope) else None
        headers = HEADERS + (
            [(b"content-encoding", b"gzip"), (b"vary", b"accept-encoding")] if self.gzip else []
        )
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        pump = asyncio.ensure_future(self._pump(send))
        watch = asyncio.ensure_future(self._watch(receive))
        try:
            await asyncio.wait({pump, watch}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (pump, watch):
                task.cancel()
            await asyncio.gather(pump, watch, return_exceptions=True)
            await _aclose(self.frames)
            if self.on_close is not None:
                self.on_close()
        if pump.done() and not pump.cancelled() and pump.exception() is None:
            tail = self.gzip.end() if self.gzip else b""
            await send({"type": "http.response.body", "body": tail, "more_body": False})

    async def _pump(self, send: Any) -> None:
        async for frame in self.frames:
            body = self.gzip.frame(frame) if self.gzip else frame
            await send({"type": "http.response.body", "body": body, "more_body": True})

    @staticmethod
    async def _watch(receive: Any) -> None:
        while (await receive())["type"] != "http.disconnect":
            pass


async def _aclose(frames: AsyncIterator[bytes]) -> None:
    aclose = getattr(frames, "aclose", None)
    if aclose is not None:
        await aclose()
