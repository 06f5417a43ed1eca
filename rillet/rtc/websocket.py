"""Audio over a WebSocket, for clients without WebRTC (a telephony bridge such as Twilio's
Media Streams, a script): the same handler as a WebRTC connection's, driven the same way
(:class:`~rillet.rtc.connection.Connection`), with JSON messages for the media.

The client's messages (FastRTC's and Twilio's shape):

- ``{"event": "start", "component_id": 3, "websocket_id"?: str, "session_hash"?: str,
  "media_format"?: {"encoding": "mulaw" | "pcm16", "sample_rate": 8000, "channels": 1}}``
  first (the format defaults to Twilio's: µ-law at 8 kHz, mono). Twilio's own start is
  read too: ``start.mediaFormat``, ``start.customParameters`` (``component_id``,
  ``websocket_id``, ``session_hash``, set with ``<Parameter>`` in the TwiML) and
  ``start.streamSid``; the ``connected`` message before it is skipped;
- ``{"event": "media", "media": {"payload": <base64>}}``: audio in the start's format;
- ``{"event": "stop"}``: the end. (Twilio's ``mark`` and ``dtmf`` are skipped.)

The server's messages:

- ``{"type": "started", "websocket_id": ...}`` once the handler runs;
- ``{"event": "media", "media": {"payload": <base64>}}``: the handler's audio, in the
  client's format and rate, in 20 ms pieces sent at the pace they play (at most
  :data:`LEAD` seconds ahead), so that a reply the user interrupts stops at once;
- ``{"event": "clear"}`` when the handler drops what it had not played (barge-in): the
  client drops what it holds too;
- ``{"type": "output", "data": [...]}`` for each ``AdditionalOutputs`` whose values are
  JSON (a transcript);
- ``{"type": "error", "message": ...}`` then the close, for anything refused;
- ``{"type": "closed", "reason": ...}`` before the server closes the socket.

When the start names a ``streamSid`` (Twilio), ``media`` and ``clear`` carry it back, and
the server sends nothing but those and ``error``: Twilio knows no other message.

No aiortc here; the server's side of the socket is ``rillet/server/rtc_socket.py``.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import logging
from collections import deque
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from rillet.rtc import frames, g711
from rillet.rtc.connection import MAX_SIDE_OUTPUTS, Connection
from rillet.rtc.handlers import AdditionalOutputs
from rillet.rtc.playout import AudioBuffer

log = logging.getLogger("rillet")

#: The ``encoding`` names accepted (Twilio's own first), and the codec each means.
ENCODINGS = {"audio/x-mulaw": "mulaw", "mulaw": "mulaw", "pcm16": "pcm16"}
#: The sample rates accepted, in Hz.
MIN_RATE, MAX_RATE = 8000, 48000
#: The longest message accepted, in characters (1.3 s of 48 kHz pcm16 in base64).
MAX_MESSAGE = 256 * 1024
#: The longest ``websocket_id`` (or ``session_hash``, ``streamSid``) accepted.
MAX_ID = 128
#: Seconds of audio sent ahead of what the client has played: enough to ride out network
#: jitter, little enough that ``clear`` has little to drop.
LEAD = 0.2
#: Messages of Twilio's that need no answer.
SKIPPED = frozenset({"connected", "mark", "dtmf"})
#: The close codes: normal, a refusal, a message too large.
NORMAL, REFUSED, TOO_BIG = 1000, 1008, 1009


class Refused(Exception):
    """A message the server will not take: what the client is told, and the close code."""

    def __init__(self, message: str, code: int = REFUSED) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class Socket(Protocol):
    """The server's side of one WebSocket, as the connection uses it."""

    async def receive(self) -> str | bytes | None:
        """The next message (None once the client is gone)."""

    async def send(self, text: str) -> None:
        """Send a text message; ConnectionError once the client is gone."""

    async def close(self, code: int) -> None:
        """Close the socket (nothing if it is closed)."""


def parse(text: str | bytes) -> dict[str, Any]:
    """A client's message as a dict with an ``event``; Refused for anything else."""
    if isinstance(text, bytes):
        raise Refused("messages are JSON text, not binary")
    if len(text) > MAX_MESSAGE:
        raise Refused(f"a message is longer than {MAX_MESSAGE} characters", TOO_BIG)
    try:
        message = json.loads(text)
    except ValueError as bad:
        raise Refused(f"a message is not JSON: {bad}") from bad
    if not isinstance(message, dict) or not isinstance(message.get("event"), str):
        raise Refused('a message must be a JSON object with an "event"')
    return message


@dataclass(frozen=True)
class MediaFormat:
    """How the client's audio is coded, both ways: ``mulaw`` (G.711 µ-law) or ``pcm16``
    (16-bit little-endian), at ``sample_rate``, one channel."""

    encoding: str = "mulaw"
    sample_rate: int = 8000

    @classmethod
    def of(cls, given: Any) -> MediaFormat:
        """The format a start gave (``media_format``, or Twilio's ``mediaFormat`` with
        ``sampleRate``); the default when None. Refused for one not supported."""
        if given is None:
            return cls()
        if not isinstance(given, dict):
            raise Refused("media_format must be an object: {encoding, sample_rate, channels}")
        encoding = given.get("encoding", "mulaw")
        rate = given.get("sample_rate", given.get("sampleRate", 8000))
        channels = given.get("channels", 1)
        if encoding not in ENCODINGS:
            raise Refused(f"encoding {str(encoding)[:40]!r} is not supported: mulaw or pcm16")
        if not isinstance(rate, int) or isinstance(rate, bool) or not MIN_RATE <= rate <= MAX_RATE:
            raise Refused(
                f"sample_rate {str(rate)[:20]} is not supported: {MIN_RATE} to {MAX_RATE} Hz"
            )
        if channels != 1:
            raise Refused("only one channel is supported (channels: 1)")
        return cls(ENCODINGS[encoding], rate)

    @property
    def frame(self) -> int:
        """Samples in 20 ms."""
        return max(1, self.sample_rate // 50)

    def decode(self, payload: Any) -> Any:
        """int16 samples of a media message's base64 payload; Refused for a bad one."""
        if not isinstance(payload, str):
            raise Refused('a media message needs {"media": {"payload": <base64>}}')
        try:
            data = base64.b64decode(payload, validate=True)
        except (binascii.Error, ValueError) as bad:
            raise Refused(f"a media payload is not base64: {bad}") from bad
        if self.encoding == "mulaw":
            return g711.decode(data)
        if len(data) % 2:
            raise Refused("a pcm16 payload must hold whole 16-bit samples (an even length)")
        return np.frombuffer(data, dtype="<i2").astype(np.int16)

    def encode(self, samples: Any) -> str:
        """The base64 payload of int16 samples."""
        if self.encoding == "mulaw":
            data = g711.encode(samples).tobytes()
        else:
            data = np.asarray(samples, dtype="<i2").tobytes()
        return base64.b64encode(data).decode("ascii")


@dataclass(frozen=True)
class Start:
    """What a client's start message asks for."""

    component_id: int
    media: MediaFormat
    websocket_id: str | None = None
    session_hash: str | None = None
    stream_sid: str | None = None

    @classmethod
    def of(cls, message: dict[str, Any]) -> Start:
        """The start of a parsed message (ours or Twilio's); Refused when it is not one."""
        if message.get("event") != "start":
            raise Refused('the first message must be {"event": "start", "component_id": ...}')
        twilio = message.get("start")
        twilio = twilio if isinstance(twilio, dict) else {}
        custom = twilio.get("customParameters")
        custom = custom if isinstance(custom, dict) else {}

        def given(name: str) -> Any:
            return message[name] if name in message else custom.get(name)

        block_id = given("component_id")
        if isinstance(block_id, str) and block_id.isdigit():
            block_id = int(block_id)  # Twilio's custom parameters are strings
        if not isinstance(block_id, int) or isinstance(block_id, bool):
            raise Refused("component_id is required: the id of a WebRTC component")
        media = MediaFormat.of(message.get("media_format", twilio.get("mediaFormat")))
        sid = message.get("streamSid", twilio.get("streamSid"))
        return cls(
            block_id,
            media,
            _optional_id(given("websocket_id"), "websocket_id"),
            _optional_id(given("session_hash"), "session_hash"),
            _optional_id(sid, "streamSid"),
        )


def _optional_id(value: Any, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not 0 < len(value) <= MAX_ID:
        raise Refused(f"{name} must be a string of 1 to {MAX_ID} characters")
    return value


class SocketPeer(Connection):
    """One WebSocket connection of an :class:`~rillet.rtc.stream.RtcStream` (an audio
    handler in ``send-receive`` mode): see the module's docstring."""

    label = "WebSocket connection"

    def __init__(self, stream: Any, workers: Any, start: Start, socket: Socket) -> None:
        super().__init__(
            stream, workers, start.session_hash, start.websocket_id, start.media.sample_rate
        )
        self.media = start.media
        self.stream_sid = start.stream_sid
        self.socket = socket
        # A client without a page gives no other inputs: the handler starts with their
        # initial values (a page's event that presents the id gives them later).
        initial = stream.initial_args
        self.set_args(initial() if initial is not None else [])
        self.playout = AudioBuffer(start.media.sample_rate)
        self._outbox: deque[str] = deque()  # errors, clear, closed: in order
        self._outputs: deque[str] = deque(maxlen=MAX_SIDE_OUTPUTS)  # the newest are kept
        self._wake = asyncio.Event()
        self._clock: float | None = None  # when the client began playing the current run
        self._sent = 0  # samples sent in that run
        self._close_code = NORMAL
        #: Media messages sent (for tests).
        self.media_sent = 0

    async def run(self) -> None:
        """Drive the connection until it ends: the handler starts, the client's messages
        are read, its audio is sent."""
        if not self.stream_sid:
            self._post({"type": "started", "websocket_id": self.id})
        self._begin()
        self._spawn(self._send_loop())
        self._spawn(self._read_loop())
        await self.ended.wait()

    # --- messages in ------------------------------------------------------------------

    async def _read_loop(self) -> None:
        convert = self._audio_input()
        while not self.closed:
            received = await self.socket.receive()
            if received is None:
                await self.close("the client closed the socket")
                return
            try:
                done = await self._take(parse(received), convert)
            except Refused as refused:
                await self.refuse(refused)
                return
            if done:
                return

    async def _take(self, message: dict[str, Any], convert: frames.AudioIn) -> bool:
        """One message of the client's; True when it ends the connection."""
        event = message["event"]
        if event == "media":
            media = message.get("media")
            payload = media.get("payload") if isinstance(media, dict) else None
            samples = self.media.decode(payload)
            if len(samples):
                await self._receive_audio(convert, self._frame(samples))
            return False
        if event == "stop":
            await self.close("the client stopped the stream")
            return True
        if event in SKIPPED:
            return False
        raise Refused(f"unknown event {event[:40]!r}: media, stop")

    def _frame(self, samples: Any) -> Any:
        import av

        frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = self.media.sample_rate
        return frame

    async def refuse(self, refused: Refused) -> None:
        """Tell the client what was wrong, then close."""
        log.info("%s %s refused: %s", self.label, self.id[:6], refused.message)
        self.notify({"type": "error", "message": refused.message})
        await self.close(refused.message, refused.code)

    # --- messages out -----------------------------------------------------------------

    def _post(self, message: dict[str, Any], to_twilio: bool = False) -> None:
        """Send ``message`` after those before it (rillet's own messages go to Twilio
        only when ``to_twilio``)."""
        if self.stream_sid is None or to_twilio:
            self._outbox.append(json.dumps(message))
            self._wake.set()

    def notify(self, message: dict[str, Any]) -> None:
        """An error goes to every client; rillet's other messages not to Twilio."""
        self._post(message, to_twilio=message.get("type") == "error")

    def _side_output(self, outputs: AdditionalOutputs) -> None:
        if self.stream_sid is not None:
            return
        try:
            text = json.dumps({"type": "output", "data": list(outputs.args)}, allow_nan=False)
        except (TypeError, ValueError) as unfit:
            log.debug("%s %s: side output not sent (not JSON): %r", self.label, self.id[:6], unfit)
            return
        self._outputs.append(text)
        self._wake.set()

    def _twilio(self, message: dict[str, Any]) -> dict[str, Any]:
        """A media or clear message, with Twilio's ``streamSid`` when it gave one."""
        if self.stream_sid is not None:
            message["streamSid"] = self.stream_sid
        return message

    def _clear_audio(self) -> None:
        self.playout.clear()
        self._clock = None
        clear = json.dumps(self._twilio({"event": "clear"}))
        if not self._outbox or self._outbox[-1] != clear:
            self._outbox.append(clear)
        self._wake.set()

    def _hold_audio(self, on: bool) -> None:
        self.playout.hold(on)
        self._wake.set()

    async def _audio_room(self) -> None:
        await self.playout.wait_room()

    def _push_audio(self, samples: Any) -> None:
        self.playout.push(samples)
        self._wake.set()

    async def _send_loop(self) -> None:
        """Messages first, then the audio, each piece once the client's playback is less
        than :data:`LEAD` seconds from its start."""
        try:
            await self._send_all()
        except ConnectionError:
            await self.close("the client closed the socket")

    async def _send_all(self) -> None:
        while not self.closed:
            self._wake.clear()
            if self._outbox or self._outputs:
                await self.socket.send((self._outbox or self._outputs).popleft())
                continue
            wait = self._audio_due()
            if wait == 0.0:
                await self._send_piece()
                continue
            await self._sleep(wait)

    async def _sleep(self, seconds: float | None) -> None:
        """Until something is to be sent, or ``seconds`` pass. (Not ``asyncio.wait_for``:
        on Python 3.11 it loses a cancellation that comes as the event is set.)"""
        timer = None if seconds is None else self._loop.call_later(seconds, self._wake.set)
        try:
            await self._wake.wait()
        finally:
            if timer is not None:
                timer.cancel()

    def _ahead(self) -> float:
        """Seconds of audio sent that the client has not played yet."""
        if self._clock is None:
            return 0.0
        return max(0.0, self._sent / self.media.sample_rate - (self._loop.time() - self._clock))

    def _audio_due(self) -> float | None:
        """Seconds until the next piece of audio may go (0: now); None when none waits."""
        if not self.playout.samples or self.playout.held:
            return None
        return max(0.0, self._ahead() - LEAD)

    async def _send_piece(self) -> None:
        samples, filled = self.playout.take(self.media.frame)
        if self._ahead() == 0.0:  # the client ran dry: its playback starts again now
            self._clock, self._sent = self._loop.time(), 0
        self._sent += filled
        media = {"event": "media", "media": {"payload": self.media.encode(samples[:filled])}}
        await self.socket.send(json.dumps(self._twilio(media)))
        self.media_sent += 1

    # --- ending -----------------------------------------------------------------------

    async def close(self, reason: str = "closed", code: int = NORMAL) -> None:
        """End the connection, once (see :meth:`Connection.close`); the socket is closed
        with ``code``."""
        if not self.closed:
            self._close_code = code
        await super().close(reason)

    async def _close_transport(self) -> None:
        """Send what waits (the error, the reason), then close the socket."""
        try:
            await asyncio.wait_for(self._flush(), 1.0)
        except Exception as failed:  # noqa: BLE001 - the client may be gone already
            log.debug("%s %s: last messages not sent: %r", self.label, self.id[:6], failed)
        self._outbox.clear()
        self._outputs.clear()
        self.playout.clear()
        try:
            await asyncio.wait_for(self.socket.close(self._close_code), 2.0)
        except Exception as failed:  # noqa: BLE001 - closing a broken transport
            log.debug("closing %s %s: %r", self.label, self.id[:6], failed)

    async def _flush(self) -> None:
        while self._outbox:
            await self.socket.send(self._outbox.popleft())
