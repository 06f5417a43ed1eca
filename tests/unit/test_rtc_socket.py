"""The WebSocket transport's parts without a socket: G.711 µ-law against ITU-T's reference
coder, the start and media messages read (ours and Twilio's) and refused, the audio buffer,
and no aiortc on the way."""

from __future__ import annotations

import asyncio
import base64
import json
import subprocess
import sys

import numpy as np
import pytest

from rillet.rtc import g711
from rillet.rtc.playout import BUFFER_SECONDS, AudioBuffer
from rillet.rtc.websocket import MAX_MESSAGE, TOO_BIG, MediaFormat, Refused, Start, parse

# ---- G.711 µ-law ------------------------------------------------------------------------


def g191_compress(x: int) -> int:
    """ITU-T G.191's ``ulaw_compress`` (its software tools' reference coder), for one 16-bit
    sample: the 14 high bits, biased by 33, in segments of powers of two."""
    absno = ((~x) >> 2) + 33 if x < 0 else (x >> 2) + 33
    absno = min(absno, 0x1FFF)
    segno, i = 1, absno >> 6
    while i:
        segno, i = segno + 1, i >> 1
    out = ((8 - segno) << 4) | (0x0F - ((absno >> segno) & 0x0F))
    return out | 0x80 if x >= 0 else out


def g191_expand(code: int) -> int:
    """ITU-T G.191's ``ulaw_expand``: the middle of the code's step, in 16 bits."""
    negative = code < 0x80
    inverted = ~code
    exponent = (inverted >> 4) & 0x07
    step = 4 << (exponent + 1)
    value = (0x80 << exponent) + step * (inverted & 0x0F) + step // 2 - 4 * 33
    return -value if negative else value


def test_mulaw_codes_every_sample_as_the_reference_coder_does():
    samples = np.arange(-32768, 32768, dtype=np.int16)
    expected = np.array([g191_compress(int(x)) for x in samples], dtype=np.uint8)
    assert np.array_equal(g711.encode(samples), expected)
    codes = np.arange(256, dtype=np.uint8)
    assert g711.decode(codes).tolist() == [g191_expand(int(c)) for c in codes]
    assert g711.decode(codes.tobytes()).dtype == np.int16


def test_mulaw_known_values():
    # G.711's table: 0xFF and 0x7F are +0 and -0, 0x80 and 0x00 the loudest steps (8031
    # and 8159 in 14 bits: decoded to the step's middle, 32124), 0xF0 the top of the first
    assert g711.decode(bytes([0xFF, 0x7F, 0x80, 0x00, 0xFE, 0x7E, 0xF0])).tolist() == [
        0,
        0,
        32124,
        -32124,
        8,
        -8,
        120,
    ]
    # (the reference coder counts a negative sample's magnitude from -1: -100 is 0x73)
    samples = np.array([0, -1, 32767, -32768, 100, -100], dtype=np.int16)
    assert g711.encode(samples).tolist() == [0xFF, 0x7F, 0x80, 0x00, 0xF2, 0x73]
    # a round trip keeps each sample within half a step: 8 at the quietest, 3 % at the loudest
    samples = np.arange(-32768, 32768, 7, dtype=np.int16)
    error = np.abs(g711.decode(g711.encode(samples)).astype(int) - samples)
    assert np.all(error <= np.maximum(8, np.abs(samples.astype(int)) // 16))


def test_mulaw_decodes_as_pythons_audioop_did():
    audioop = pytest.importorskip("audioop", reason="audioop is gone from Python 3.13")
    codes = bytes(range(256))
    assert g711.decode(codes).tobytes() == audioop.ulaw2lin(codes, 2)


# ---- messages --------------------------------------------------------------------------


def test_a_start_is_read_ours_and_twilios():
    ours = Start.of({"event": "start", "component_id": 3})
    assert ours == Start(3, MediaFormat("mulaw", 8000))  # Twilio's format by default
    given = Start.of(
        {
            "event": "start",
            "component_id": 4,
            "websocket_id": "call-1",
            "session_hash": "abc",
            "media_format": {"encoding": "pcm16", "sample_rate": 16000, "channels": 1},
        }
    )
    assert given == Start(4, MediaFormat("pcm16", 16000), "call-1", "abc")
    twilio = Start.of(
        {
            "event": "start",
            "sequenceNumber": "1",
            "start": {
                "streamSid": "MZ1",
                "customParameters": {"component_id": "7", "session_hash": "s"},
                "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1},
            },
            "streamSid": "MZ1",
        }
    )
    assert twilio == Start(7, MediaFormat("mulaw", 8000), None, "s", "MZ1")


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ({"event": "media"}, "first message"),
        ({"event": "start"}, "component_id"),
        ({"event": "start", "component_id": True}, "component_id"),
        ({"event": "start", "component_id": "x"}, "component_id"),
        ({"event": "start", "component_id": 1, "media_format": "mulaw"}, "an object"),
        ({"event": "start", "component_id": 1, "media_format": {"encoding": "opus"}}, "opus"),
        ({"event": "start", "component_id": 1, "media_format": {"sample_rate": 7999}}, "8000"),
        ({"event": "start", "component_id": 1, "media_format": {"sample_rate": 48001}}, "48000"),
        ({"event": "start", "component_id": 1, "media_format": {"sample_rate": 8e3}}, "8000"),
        ({"event": "start", "component_id": 1, "media_format": {"channels": 2}}, "one channel"),
        ({"event": "start", "component_id": 1, "websocket_id": ""}, "websocket_id"),
        ({"event": "start", "component_id": 1, "session_hash": 5}, "session_hash"),
        ({"event": "start", "component_id": 1, "streamSid": "x" * 129}, "streamSid"),
    ],
)
def test_a_bad_start_is_refused_saying_why(message, expected):
    with pytest.raises(Refused, match=expected):
        Start.of(message)


def test_messages_that_are_not_json_objects_with_an_event_are_refused():
    assert parse('{"event": "stop"}') == {"event": "stop"}
    for text, expected in [
        ("{nope", "not JSON"),
        ("[]", '"event"'),
        ('{"event": 3}', '"event"'),
        (b"{}", "binary"),
    ]:
        with pytest.raises(Refused, match=expected):
            parse(text)
    with pytest.raises(Refused) as too_big:
        parse(json.dumps({"event": "media", "pad": "x" * MAX_MESSAGE}))
    assert too_big.value.code == TOO_BIG


def test_media_payloads_are_decoded_and_encoded_in_the_clients_format():
    samples = np.array([0, 1000, -1000, 32767, -32768], dtype=np.int16)
    pcm = MediaFormat("pcm16", 16000)
    payload = pcm.encode(samples)
    assert base64.b64decode(payload) == samples.astype("<i2").tobytes()
    assert pcm.decode(payload).tolist() == samples.tolist()
    mulaw = MediaFormat()
    assert len(base64.b64decode(mulaw.encode(samples))) == len(samples)  # a byte a sample
    assert np.allclose(mulaw.decode(mulaw.encode(samples)), samples, atol=1100)
    assert (mulaw.frame, pcm.frame, MediaFormat("pcm16", 11025).frame) == (160, 320, 220)
    for bad, expected in [(None, "payload"), ("@@@", "base64"), ("AAA", "base64")]:
        with pytest.raises(Refused, match=expected):
            mulaw.decode(bad)
    with pytest.raises(Refused, match="even"):
        pcm.decode(base64.b64encode(b"abc").decode())


# ---- the buffer --------------------------------------------------------------------------


def test_the_audio_buffer_gives_what_was_pushed_in_order_and_clears_at_once():
    async def go() -> None:
        buffer = AudioBuffer(8000)
        buffer.push(np.arange(100, dtype=np.int16))
        buffer.push(np.arange(100, 250, dtype=np.int16))
        buffer.push(np.zeros(0, dtype=np.int16))
        taken, filled = buffer.take(160)
        assert filled == 160 and taken.tolist() == list(range(160))
        taken, filled = buffer.take(160)
        assert filled == 90 and taken[:90].tolist() == list(range(160, 250))
        assert not taken[90:].any() and buffer.samples == 0
        buffer.push(np.ones(int(BUFFER_SECONDS * 8000) + 1, dtype=np.int16))
        waiting = asyncio.ensure_future(buffer.wait_room())
        await asyncio.sleep(0)  # one turn of the loop: the producer is held
        assert not waiting.done() and buffer.buffered > BUFFER_SECONDS
        buffer.clear()  # barge-in: everything goes, and the producer may go on
        await asyncio.wait_for(waiting, 5)
        assert buffer.take(10)[1] == 0

    asyncio.run(go())


def test_a_held_buffer_gives_silence_keeps_its_samples_and_a_clear_ends_the_hold():
    buffer = AudioBuffer(8000)
    buffer.push(np.arange(1, 201, dtype=np.int16))
    buffer.hold(True)
    taken, filled = buffer.take(160)
    assert filled == 0 and not taken.any() and buffer.samples == 200  # paused, nothing lost
    buffer.hold(False)
    taken, filled = buffer.take(160)
    assert filled == 160 and taken.tolist() == list(range(1, 161))  # resumed where it paused
    buffer.hold(True)
    buffer.clear()
    buffer.push(np.full(10, 5, dtype=np.int16))
    assert not buffer.held and buffer.take(10)[1] == 10  # the next reply plays


def test_a_websocket_connection_loads_no_aiortc():
    code = (
        "import sys; import rillet.server.app, rillet.server.rtc_socket, rillet.rtc.websocket; "
        "import rillet.rtc.stream, rillet.rtc.connection; print('aiortc' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
