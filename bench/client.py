"""One client for both frameworks: Gradio's HTTP + SSE queue protocol, counting wire bytes."""

from __future__ import annotations

import json
import time
import uuid
import zlib
from collections.abc import Callable
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
                    current = [apply_edits(c, d) for c, d in zip(current, data)]
                out.append((t, list(current)))
            elif msg["msg"] == "process_completed" and msg.get("success"):
                out.append((t, list(msg["output"]["data"])))
        return out

    def completed_at(self) -> float:
        return next(t for t, m in self.messages if m["msg"] == "process_completed")


class Session:
    """One session_hash on one server, over one async HTTP client."""

    def __init__(self, http: httpx.AsyncClient, base: str, fn_index: dict[str, int]) -> None:
        self.http = http
        self.base = base
        self.fn_index = fn_index
        self.hash = uuid.uuid4().hex
        #: Called with each message as it arrives (for workloads that react to them).
        self.on_message: Callable[[dict[str, Any]], None] | None = None

    async def call(self, api_name: str, data: list[Any]) -> Received:
        got = Received(joined_at=time.perf_counter())
        r = await self.http.post(f"{self.base}/gradio_api/queue/join", json={
            "data": data, "fn_index": self.fn_index[api_name], "session_hash": self.hash,
            "event_data": None, "trigger_id": None})
        r.raise_for_status()
        async with self.http.stream("GET", f"{self.base}/gradio_api/queue/data",
                                    params={"session_hash": self.hash}) as resp:
            gz = resp.headers.get("content-encoding") == "gzip"
            inflate = zlib.decompressobj(16 + zlib.MAX_WBITS) if gz else None
            buffer = ""
            async for raw in resp.aiter_raw():
                got.wire_bytes += len(raw)
                now = time.perf_counter()
                buffer += (inflate.decompress(raw) if inflate else raw).decode()
                while "\n\n" in buffer:
                    block, buffer = buffer.split("\n\n", 1)
                    if block.startswith("data:"):
                        msg = json.loads(block[5:])
                        if msg["msg"] == "heartbeat":
                            continue
                        got.messages.append((now, msg))
                        if self.on_message is not None:
                            self.on_message(msg)
                        if msg["msg"] == "close_stream":
                            return got
        return got


async def connect(base: str, http: httpx.AsyncClient) -> dict[str, int]:
    """api_name → fn_index, from the app's /config."""
    config = (await http.get(f"{base}/config")).json()
    return {d["api_name"]: d.get("id", i) for i, d in enumerate(config["dependencies"])
            if d.get("api_name")}


def stamps_latency(received: Received) -> list[float]:
    """For each timestamped token: arrival (wall clock) minus its yield time, in ms.

    Each message's arrival is converted from perf_counter to wall clock by the offset
    between the two clocks measured now (both are this machine's clocks)."""
    offset = time.time() - time.perf_counter()
    seen = 0
    lat: list[float] = []
    for t, values in received.values():
        tokens = values[0].split()
        for token in tokens[seen:]:
            lat.append((t + offset - float(token)) * 1000)
        seen = len(tokens)
    return lat
