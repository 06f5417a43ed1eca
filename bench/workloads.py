"""The protocol workloads: each drives one running app through the queue API."""

from __future__ import annotations

import asyncio
import copy
import time
from typing import Any

import httpx
from client import Session, stamps_latency


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))] if ordered else float("nan")


async def token_stream(
    http: httpx.AsyncClient, url: str, fns: dict[str, int], n: int
) -> dict[str, float]:
    got = await Session(url, fns).call("tokens", [n])
    final = got.values()[-1][1][0]
    assert final.count(" ") == n, "the stream lost tokens"
    return {
        "seconds": got.completed_at() - got.joined_at,
        "bytes": got.wire_bytes,
        "messages": sum(1 for _, m in got.messages if m["msg"] == "process_generating"),
    }


async def token_latency(
    http: httpx.AsyncClient, url: str, fns: dict[str, int], n: int
) -> dict[str, float]:
    lat = stamps_latency(await Session(url, fns).call("stamped", [n]))
    return {"p50_ms": pct(lat, 50), "p99_ms": pct(lat, 99)}


async def diffusion_live(
    http: httpx.AsyncClient, url: str, fns: dict[str, int]
) -> dict[str, float]:
    """Like :func:`diffusion`, but each image is fetched the moment its message arrives."""
    offset = time.time() - time.perf_counter()
    session = Session(url, fns)
    fetches: list[asyncio.Task[float]] = []
    seen: set[str] = set()
    current: list[Any] | None = None

    async def fetch(file_url: str, stamp: float) -> float:
        r = await http.get(file_url)
        r.raise_for_status()
        return (time.perf_counter() + offset - stamp) * 1000

    def on_message(msg: dict[str, Any]) -> None:
        nonlocal current
        if msg["msg"] == "process_generating":
            data = msg["output"]["data"]
            if current is None:
                current = list(data)
            else:
                current = [_apply_nested(c, d) for c, d in zip(current, data, strict=True)]
            image, stamp = current
            if image and image["url"] not in seen:
                seen.add(image["url"])
                fetches.append(asyncio.ensure_future(fetch(image["url"], float(stamp))))

    session.on_message = on_message
    await session.call("diffusion", [])
    lat = await asyncio.gather(*fetches)
    return {"p50_ms": pct(list(lat), 50), "images": len(lat)}


def _apply_nested(value: Any, edits: list[Any]) -> Any:
    value = copy.deepcopy(value)
    for op, path, item in edits:
        if not path:
            value = value + item if op == "append" else item
            continue
        target = value
        for key in path[:-1]:
            target = target[key]
        if op in ("replace", "add"):
            target[path[-1]] = item
        elif op == "append":
            target[path[-1]] += item
        elif op == "delete":
            del target[path[-1]]
    return value


async def echo_rate(
    http: httpx.AsyncClient, url: str, fns: dict[str, int], clients: int, seconds: float
) -> float:
    deadline = time.perf_counter() + seconds
    done = 0

    async def one_client() -> None:
        nonlocal done
        session = Session(url, fns, keep=True)
        try:
            while time.perf_counter() < deadline:
                got = await session.call("echo", ["hello"])
                assert got.values()[-1][1] == ["hello"]
                done += 1
        finally:
            await session.close()

    start = time.perf_counter()
    await asyncio.gather(*(one_client() for _ in range(clients)))
    return done / (time.perf_counter() - start)


async def many_streams(
    http: httpx.AsyncClient, url: str, fns: dict[str, int], clients: int, tokens: int
) -> dict[str, float]:
    start = time.perf_counter()
    results = await asyncio.gather(
        *(Session(url, fns).call("sleepy", [tokens]) for _ in range(clients)),
        return_exceptions=True,
    )
    total = time.perf_counter() - start
    ok = [r for r in results if not isinstance(r, BaseException)]
    lat = [x for r in ok for x in stamps_latency(r)]
    lost = clients * tokens - len(lat)
    if lost:
        print(f"  {clients} streams: {clients - len(ok)} failed, {lost} tokens lost", flush=True)
    return {
        "seconds": total,
        "p99_ms": pct(lat, 99),
        "p50_ms": pct(lat, 50),
        "failed_clients": clients - len(ok),
    }


def wire_history(turns: int) -> list[dict[str, Any]]:
    """``turns`` earlier turns as Gradio 6 sends a Chatbot value (content as text parts)."""
    out = []
    for i in range(turns):
        for role, text in (
            ("user", f"Question {i}: how does streaming work?"),
            (
                "assistant",
                f"Answer {i}: it **streams**, with `code` and a "
                "list:\n\n- one\n- two\n\nand a closing paragraph.",
            ),
        ):
            out.append(
                {
                    "role": role,
                    "content": [{"type": "text", "text": text}],
                    "metadata": None,
                    "options": None,
                }
            )
    return out


async def chat_stream(
    http: httpx.AsyncClient,
    url: str,
    fns: dict[str, int],
    tokens: int,
    turns: int,
    cpu_seconds: Any,
) -> dict[str, float]:
    """One chat reply of ``tokens`` tokens after ``turns`` earlier turns: bytes on the wire
    and server CPU, per token."""
    session = Session(url, fns)
    return await _reply_costs(session, "chat0", wire_history(turns), tokens, cpu_seconds)


def tool_history(turns: int) -> list[dict[str, Any]]:
    """``turns`` earlier agent turns: a question, a tool step (with ``metadata``), an answer."""
    out = []
    for i in range(turns):
        out.append(_message("user", f"Question {i}: what is the weather?"))
        step = _message("assistant", f"Called weather({i}): sunny, 21 degrees")
        step["metadata"] = {"title": "Used weather", "status": "done", "log": f"city {i}"}
        out.append(step)
        out.append(_message("assistant", f"Answer {i}: it is sunny."))
    return out


def _message(role: str, text: str) -> dict[str, Any]:
    return {
        "role": role,
        "content": [{"type": "text", "text": text}],
        "metadata": None,
        "options": None,
    }


async def agent_stream(
    http: httpx.AsyncClient,
    url: str,
    fns: dict[str, int],
    tokens: int,
    turns: int,
    cpu_seconds: Any,
) -> dict[str, float]:
    """An agent reply (a thought, a tool call, then the answer; ``tokens`` tokens in all)
    after ``turns`` earlier turns that each hold a tool step: bytes and server CPU per token."""
    session = Session(url, fns)
    return await _reply_costs(session, "agent", tool_history(turns), tokens, cpu_seconds)


async def _reply_costs(
    session: Session, fn: str, history: list[Any], tokens: int, cpu_seconds: Any
) -> dict[str, float]:
    """Call ``fn`` for one reply of ``tokens`` tokens after ``history``: bytes on the wire,
    server CPU per token and the time it took."""
    cpu = cpu_seconds()
    got = await session.call(fn, [history, tokens])
    cpu = cpu_seconds() - cpu
    assert any(m["msg"] == "process_completed" and m.get("success") for _, m in got.messages)
    return {
        "bytes_per_token": got.wire_bytes / tokens,
        "cpu_us_per_token": cpu / tokens * 1e6,
        "seconds": got.completed_at() - got.joined_at,
    }
