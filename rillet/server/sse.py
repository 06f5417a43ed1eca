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


#: A gzip member's header: deflate, no name or flags, no time, unknown OS (RFC 1952).
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
#: The deflate window of a stream's compressor: 8 KB. The queue messages repeat their
#: envelope every few hundred bytes, so a larger window gains little; a compressor costs
#: (4 << WBITS) + (512 << MEM_LEVEL) bytes: 64 KB here, against zlib's default 256 KB.
WBITS = 13
MEM_LEVEL = 6
#: Frames this short (heartbeats) go out as stored blocks when no compressor is open, and
#: close an open one: an idle stream holds no compressor.
SMALL = 64


class Gzip:
    """One gzip stream, flushed after each frame so every frame arrives at once.

    The queue messages repeat their envelope (``"msg":"process_generating","event_id":...``)
    around a diff of a few bytes; deflate's window turns each repeat into a back-reference,
    so a streamed token costs tens of bytes on the wire instead of ~300.

    The gzip framing (header, CRC-32, length) is written here around raw deflate blocks,
    so that the compressor is opened only while messages flow: heartbeats of an idle
    stream are sent as stored (uncompressed) blocks, and a heartbeat closes the compressor
    of a stream that went idle (each of 10,000 idle pages would otherwise hold one). A new
    compressor starts with an empty history, which the decoder's longer one never harms.
    """

    def __init__(self) -> None:
        self._z: zlib._Compress | None = None
        self._crc = 0
        self._size = 0
        self._head = GZIP_HEADER

    def frame(self, data: bytes) -> bytes:
        head, self._head = self._head, b""
        self._crc = zlib.crc32(data, self._crc)
        self._size += len(data)
        if len(data) <= SMALL:
            if self._z is None:
                return head + stored(data)
            body = self._z.compress(data) + self._z.flush(zlib.Z_SYNC_FLUSH)
            self._z = None  # byte-aligned after the flush: later blocks may be anything
            return head + body
        if self._z is None:
            self._z = zlib.compressobj(6, zlib.DEFLATED, -WBITS, MEM_LEVEL)
        return head + self._z.compress(data) + self._z.flush(zlib.Z_SYNC_FLUSH)

    def end(self) -> bytes:
        """The stream's end: a last (empty) block, the CRC-32 and the length."""
        head, self._head = self._head, b""
        self._z = None
        trailer = (self._crc & 0xFFFFFFFF).to_bytes(4, "little") + (
            self._size & 0xFFFFFFFF
        ).to_bytes(4, "little")
        return head + b"\x01\x00\x00\xff\xff" + trailer


def stored(data: bytes) -> bytes:
    """``data`` as stored (uncompressed) deflate blocks, none of them the last."""
    out = bytearray()
    for start in range(0, len(data), 0xFFFF):
        chunk = data[start : start + 0xFFFF]
        n = len(chunk)
        out += b"\x00" + n.to_bytes(2, "little") + (n ^ 0xFFFF).to_bytes(2, "little") + chunk
    return bytes(out)


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
