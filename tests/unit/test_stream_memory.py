"""An idle event stream holds no compressor; every frame of a gzip stream can be read the
moment it arrives; a session's wakeup waits without a task (issue #22)."""

from __future__ import annotations

import asyncio
import gzip
import random
import zlib

import pytest

from rillet.core.session import Wakeup
from rillet.server.sse import SMALL, Gzip, stored

HEARTBEAT = b'data: {"msg":"heartbeat"}\n\n'


def message(i: int) -> bytes:
    return (
        b'data: {"msg":"process_generating","event_id":"e","output":{"data":[[["append",[],"'
        + f" t{i}".encode()
        + b'"]]]}}\n\n'
    )


def frames(seed: int) -> list[bytes]:
    rng = random.Random(seed)
    out = []
    for i in range(rng.randint(1, 60)):
        kind = rng.random()
        if kind < 0.3:
            out.append(HEARTBEAT)
        elif kind < 0.33:
            out.append(rng.randbytes(rng.randint(70_000, 140_000)))  # incompressible, > 64 KB
        elif kind < 0.36:
            out.append(b"")
        else:
            out.append(message(i) * rng.randint(1, 30))
    return out


@pytest.mark.parametrize("seed", range(40))
def test_every_prefix_of_the_stream_decodes_to_the_frames_so_far(seed):
    g, wire, sent = Gzip(), b"", b""
    reader = zlib.decompressobj(16 + zlib.MAX_WBITS)
    for data in frames(seed):
        sent += data
        piece = g.frame(data)
        wire += piece
        assert reader.decompress(piece) == data  # nothing held back
    wire += g.end()
    assert gzip.decompress(wire) == sent  # a whole gzip member: CRC and length right


def test_an_idle_stream_holds_no_compressor():
    g = Gzip()
    for _ in range(3):
        g.frame(HEARTBEAT)
    assert g._z is None  # heartbeats alone: stored blocks
    g.frame(message(1) * 5)
    assert g._z is not None  # messages flow: compressed
    g.frame(HEARTBEAT)
    assert g._z is None  # a heartbeat means it went idle: the compressor is let go


def test_messages_are_compressed_and_heartbeats_stay_small():
    g = Gzip()
    first = g.frame(message(0) * 4)
    later = [len(g.frame(message(i))) for i in range(1, 50)]
    assert max(later) < len(message(1)) / 3  # the envelope repeats: back-references
    assert len(first) < len(message(0) * 4)
    assert len(g.frame(HEARTBEAT)) <= len(HEARTBEAT) + 16
    assert len(HEARTBEAT) <= SMALL


def test_stored_blocks_split_at_64_kb():
    data = bytes(200_000)
    blocks = stored(data)
    assert zlib.decompress(blocks + b"\x01\x00\x00\xff\xff", -15) == data


def test_wakeup_wait_times_out_then_wakes():
    async def main() -> None:
        w = Wakeup()
        assert await w.wait(0.01) is False
        waiter = asyncio.ensure_future(w.wait(30))
        other = asyncio.ensure_future(w.wait(30))
        await asyncio.sleep(0)
        w.set()
        assert await asyncio.wait_for(asyncio.gather(waiter, other), 5) == [True, True]
        assert await w.wait(30) is True  # still set
        w.clear()
        cancelled = asyncio.ensure_future(w.wait(30))
        await asyncio.sleep(0)
        cancelled.cancel()
        with pytest.raises(asyncio.CancelledError):
            await cancelled
        assert w._waiters == []  # neither timed-out nor cancelled waits are kept

    asyncio.run(main())
