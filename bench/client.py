"""One client for both frameworks: Gradio's HTTP + SSE queue protocol, counting wire bytes."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
import zlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx


def apply_edits(value: Any, edits: list[Any]) -> Any:
    """Apply Gradio diff edits (only what the workloads produce: root append/replace)."""
    for op, path, item in edits:
        if path:
            raise ValueError(f"unexpected nested edit {op} {path}")
        value = value + item if op == "append" else item
    return value


@dataclass
class Received:
    """What one event's stream delivered."""

    messages: list[tuple[float, dict[str, Any]]] = field(default_factory=list)
    wire_bytes: int = 0
    joined_at: float = 0.0

    def values(self) -> list[tuple[float, list[Any]]]:
        """(arrival time, full output values) after each generating/completed message."""
        out: list[tuple[float, list[Any]]] = []
        current: list[Any] | None = None
        for t, msg in self.messages:
            if msg["msg"] == "process_generating":
                data = msg["output"]["data"]
                if current is None:
                    current = list(data)
                else:
                    current = [apply_edits(c, d) for c, d in zip(current, data, strict=True)]
                out.append((t, list(current)))
            elif msg["msg"] == "process_completed" and msg.get("success"):
                out.append((t, list(msg["output"]["data"])))
        return out

    def completed_at(self) -> float:
        return next(t for t, m in self.messages if m["msg"] == "process_completed")


class Session:
    """One session_hash on one server, over bare HTTP/1.1 connections of its own."""

    def __init__(self, base: str, fn_index: dict[str, int], keep: bool = False) -> None:
        #: Keep the joins' connection open between calls (``close()`` it after).
        self.keep = keep
        self.base = base
        url = httpx.URL(base)
        self.host, self.port = url.host, url.port
        self.fn_index = fn_index
        self.hash = uuid.uuid4().hex
        #: Called with each message as it arrives (for workloads that react to them).
        self.on_message: Callable[[dict[str, Any]], None] | None = None
        #: The kept-alive connection the joins go over (opened by the first).
        self._join: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def call(self, api_name: str, data: list[Any]) -> Received:
        got = Received(joined_at=time.perf_counter())
        body = {
            "data": data,
            "fn_index": self.fn_index[api_name],
            "session_hash": self.hash,
            "event_data": None,
            "trigger_id": None,
        }
        status = await self._post("/gradio_api/queue/join", json.dumps(body).encode())
        if status != 200:
            raise RuntimeError(f"queue/join answered {status}")
        await self._read_stream(got)
        return got

    async def _post(self, path: str, body: bytes) -> int:
        """POST ``body`` (JSON) over the session's kept-alive connection; the status.

        Like the stream's reader below, a bare HTTP/1.1 client: with 64 clients calling at
        once, httpx's pool and layers took a whole core of the client process, which then
        bounded the request rate it measured (the servers were a quarter busy)."""
        if self._join is None or self._join[1].is_closing():
            self._join = await asyncio.open_connection(self.host, self.port)
        reader, writer = self._join
        close = "" if self.keep else "Connection: close\r\n"
        writer.write(
            f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            f"{close}\r\n".encode()
            + body
        )
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").lower()
        status = int(head.split(None, 2)[1])
        got = Received()
        if "transfer-encoding: chunked" in head:
            async for _ in _body(reader, True, got):
                pass
        else:
            length = next(
                (
                    int(line.split(":", 1)[1])
                    for line in head.split("\r\n")
                    if line.startswith("content-length:")
                ),
                0,
            )
            await reader.readexactly(length)
        if "connection: close" in head or not self.keep:
            writer.close()
            self._join = None
        return status

    async def close(self) -> None:
        """Close the kept-alive connection of the joins."""
        if self._join is not None:
            self._join[1].close()
            self._join = None

    async def _read_stream(self, got: Received) -> None:
        """GET the session's stream over a bare asyncio connection.

        With hundreds of streams at once, httpx's per-chunk layers cost the client as much
        CPU as the server spends; a plain HTTP/1.1 reader keeps the client's share small,
        so what is measured is the servers."""
        reader, writer = await asyncio.open_connection(self.host, self.port)
        path = f"/gradio_api/queue/data?session_hash={self.hash}"
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            "Accept: text/event-stream\r\nAccept-Encoding: gzip\r\n"
            "Connection: close\r\n\r\n".encode()
        )
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            got.wire_bytes += len(head)
            headers = head.decode("latin-1").lower()
            inflate = (
                zlib.decompressobj(16 + zlib.MAX_WBITS)
                if "content-encoding: gzip" in headers
                else None
            )
            chunked = "transfer-encoding: chunked" in headers
            buffer = ""
            async for raw in _body(reader, chunked, got):
                buffer += (inflate.decompress(raw) if inflate else raw).decode()
                blocks = buffer.split("\n\n")
                buffer = blocks.pop()
                if self._take(blocks, got, time.perf_counter()):
                    return
        finally:
            writer.close()

    def _take(self, blocks: list[str], got: Received, now: float) -> bool:
        """Record the messages in ``blocks``; True once the stream says it is closing."""
        for block in blocks:
            if not block.startswith("data:"):
                continue
            msg = json.loads(block[5:])
            if msg["msg"] == "heartbeat":
                continue
            got.messages.append((now, msg))
            if self.on_message is not None:
                self.on_message(msg)
            if msg["msg"] == "close_stream":
                return True
        return False


async def _body(reader: asyncio.StreamReader, chunked: bool, got: Received) -> AsyncIterator[bytes]:
    """The response body as it arrives, de-chunked; counts the bytes read."""
    if not chunked:
        while data := await reader.read(65536):
            got.wire_bytes += len(data)
            yield data
        return
    while True:
        size_line = await reader.readuntil(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        data = await reader.readexactly(size + 2)
        got.wire_bytes += len(size_line) + len(data)
        if size == 0:
            return
        yield data[:-2]


async def connect(base: str, http: httpx.AsyncClient) -> dict[str, int]:
    """api_name → fn_index, from the app's /config."""
    config = (await http.get(f"{base}/config")).json()
    return {
        d["api_name"]: d.get("id", i)
        for i, d in enumerate(config["dependencies"])
        if d.get("api_name")
    }


def stamps_latency(received: Received) -> list[float]:
    """For each timestamped token: arrival (wall clock) minus its yield time, in ms."""
    return [latency for _, latency in stamps(received)]


def stamps(received: Received) -> list[tuple[float, float]]:
    """For each timestamped token: its yield time (wall clock, s) and its arrival minus
    that yield time, in ms.

    Each message's arrival is converted from perf_counter to wall clock by the offset
    between the two clocks measured now (both are this machine's clocks). Only the text a
    message adds is read: the first message whole, then the appended pieces."""
    offset = time.time() - time.perf_counter()
    out: list[tuple[float, float]] = []
    for t, msg in received.messages:
        if msg["msg"] != "process_generating":
            continue
        data = msg["output"]["data"][0]
        added = (
            data
            if isinstance(data, str)
            else "".join(item for op, _, item in data if op == "append")
        )
        for token in added.split():
            made = float(token)
            out.append((made, (t + offset - made) * 1000))
    return out
