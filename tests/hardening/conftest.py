"""Helpers for tests that try to break a running rillet server."""

from __future__ import annotations

import json
import os
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

#: Examples per property-based test; raise it for a long fuzzing run:
#: ``RILLET_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest tests/hardening``.
FUZZ_EXAMPLES = int(os.environ.get("RILLET_FUZZ_EXAMPLES", "100"))
#: The per-test timeout of a property-based test: the default 300 s, and a second more per
#: example (100 take about 7 s) for a long run.
FUZZ_TIMEOUT = 300 + FUZZ_EXAMPLES


@dataclass
class Raw:
    """An HTTP response read off a bare socket."""

    status: int
    headers: str
    body: bytes


def raw_request(
    url: str, method: str, target: str, body: bytes = b"", headers: dict[str, str] | None = None
) -> Raw:
    """Send ``method target`` exactly as given (no client normalises ``..`` or
    percent-escapes on the way) and read the whole response."""
    host, port = url.split("//", 1)[1].split(":")
    headers = {"content-length": str(len(body)), **(headers or {})}
    extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    head = f"{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n{extra}\r\n"
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(head.encode("latin-1") + body)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head_bytes, _, payload = data.partition(b"\r\n\r\n")
    status_line, _, header_text = head_bytes.decode("latin-1").partition("\r\n")
    if "transfer-encoding: chunked" in header_text.lower():
        payload = dechunk(payload)
    return Raw(int(status_line.split()[1]), header_text.lower(), payload)


def dechunk(data: bytes) -> bytes:
    out = b""
    while data:
        size_line, _, data = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out, data = out + data[:size], data[size + 2 :]
    return out


def join(url: str, session: str, fn_index: int, data: list) -> httpx.Response:
    return httpx.post(
        f"{url}/gradio_api/queue/join",
        timeout=30,
        json={"data": data, "fn_index": fn_index, "session_hash": session},
    )


def messages(
    url: str, session: str, last_seq: int | None = None, timeout: float = 30
) -> Iterator[dict]:
    """A session's queue messages (heartbeats left out) until close_stream."""
    params = {"session_hash": session}
    if last_seq is not None:
        params["last_seq"] = str(last_seq)
    with httpx.stream(
        "GET", f"{url}/gradio_api/queue/data", params=params, timeout=timeout
    ) as response:
        buffer = ""
        for chunk in response.iter_text():
            buffer += chunk
            *blocks, buffer = buffer.split("\n\n")
            for block in blocks:
                msg = json.loads(block[len("data: ") :])
                if msg["msg"] == "heartbeat":
                    continue
                yield msg
                if msg["msg"] in ("close_stream", "unexpected_error"):
                    return


def run(url: str, session: str, fn_index: int, data: list) -> list[dict]:
    """Join and read the session's stream to its end."""
    r = join(url, session, fn_index, data)
    assert r.status_code == 200, r.text
    return list(messages(url, session))


def completed(msgs: list[dict]) -> dict:
    return next(m for m in msgs if m["msg"] == "process_completed")


def file_data(path: str | Path) -> dict:
    return {"path": str(path), "meta": {"_type": "gradio.FileData"}}


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def thread_names() -> list[str]:
    return sorted(t.name for t in threading.enumerate())
