"""One WebRTC connection: an aiortc ``RTCPeerConnection`` carrying the media of a
:class:`~rillet.rtc.connection.Connection`, which drives the handler.

What is WebRTC's own, on the server's event loop:

- the offer and answer, with the server's tracks in it;
- a reader per received track: audio frames go to the handler in order, video frames to
  the one-frame slot (newest wins);
- the outgoing tracks: audio to the ``AudioOutput`` buffer (20 ms frames on its own clock),
  video to the ``VideoOutput``; messages (errors, the reason it closed) over the data
  channel the page opened;
- timers: ICE that does not connect within ``ice_timeout``, and a client that stops sending
  media (the time limit is the connection's).

``close()`` stops it all, closes the peer connection and calls the handler's ``shutdown()``
(a generator is closed, its ``finally`` runs) in one step, once.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import json
import logging
from typing import Any

from aiortc import (
    RTCConfiguration,
    RTCIceServer,
    RTCPeerConnection,
    RTCSessionDescription,
)
from aiortc.mediastreams import MediaStreamError

from rillet.rtc.connection import Connection
from rillet.rtc.jitter import use_whole_frames
from rillet.rtc.stream import OfferRefused
from rillet.rtc.tracks import AudioOutput, VideoOutput

log = logging.getLogger("rillet")

#: Seconds without a media packet from a client that was sending before the connection is
#: taken for gone: a crashed tab or a dropped network sends no close, and ICE would only
#: notice after ~30 s. Browsers send audio every 20 ms (silence too) and video at the
#: camera's rate, so a live client never pauses this long.
MEDIA_SILENCE = 0.75
#: Seconds between two looks at the client's last packet.
WATCH_EVERY = 0.25


class Peer(Connection):
    """One WebRTC connection of an :class:`~rillet.rtc.stream.RtcStream`."""

    label = "WebRTC connection"

    def __init__(self, stream: Any, workers: Any, session_hash: str | None) -> None:
        super().__init__(stream, workers, session_hash)
        self.pc = RTCPeerConnection(_configuration(stream.server_rtc_configuration))
        self.audio_out: AudioOutput | None = None
        self.video_out: VideoOutput | None = None
        self.connected = asyncio.Event()
        self._channel: Any = None
        self._heard = False  # a media packet came from the client
        self._watch: asyncio.TimerHandle | None = None  # the next look at its last packet

    # --- setting up -------------------------------------------------------------------

    async def answer(self, sdp: str) -> RTCSessionDescription:
        """Take the client's offer; the answer, with the server's tracks in it."""
        self.pc.on("track", self._on_track)
        self.pc.on("connectionstatechange", self._on_state)
        self.pc.on("datachannel", self._on_channel)
        await self.pc.setRemoteDescription(RTCSessionDescription(sdp=sdp, type="offer"))
        for transceiver in self.pc.getTransceivers():
            use_whole_frames(transceiver.receiver)  # each frame on as soon as it is whole
        kinds = {t.kind for t in self.pc.getTransceivers()}
        wanted = {k for k in ("audio", "video") if k in self.stream.modality}
        if not kinds & wanted:
            raise OfferRefused(
                400,
                f"the offer has no {' or '.join(sorted(wanted))} track: this stream's "
                f"modality is {self.stream.modality!r}",
            )
        if self.stream.mode != "send":
            if "audio" in self.stream.modality and "audio" in kinds:
                self.audio_out = AudioOutput()
                self.pc.addTrack(self.audio_out)
            if "video" in self.stream.modality and "video" in kinds:
                self.video_out = VideoOutput()
                self.pc.addTrack(self.video_out)
        await self.pc.setLocalDescription(await self.pc.createAnswer())
        self._timers.append(self._loop.call_later(self.stream.ice_timeout, self._ice_deadline))
        return self.pc.localDescription

    def _on_track(self, track: Any) -> None:
        if track.kind == "audio" and "audio" in self.stream.modality:
            self._spawn(self._read_audio(track))
        elif track.kind == "video" and "video" in self.stream.modality:
            self._spawn(self._read_video(track))

    def _on_channel(self, channel: Any) -> None:
        self._channel = channel

    async def _on_state(self) -> None:
        state = self.pc.connectionState
        if state == "connected" and not self.connected.is_set():
            self.connected.set()
            self._started()
        elif state in ("failed", "closed"):
            await self.close(f"connection {state}")

    def _started(self) -> None:
        """ICE and DTLS are up: the time limit runs, the handler starts."""
        self._begin()
        self._watch_media(self._loop.time())

    def _watch_media(self, due: float) -> None:
        """Close the connection once its client, which was sending media, has sent none for
        :data:`MEDIA_SILENCE` seconds. A look the event loop ran late is skipped: packets
        that waited for the busy loop are not read yet."""
        if self.closed:
            return
        now = self._loop.time()
        silent = self._silent_for()
        if now - due < WATCH_EVERY and silent is not None and silent > MEDIA_SILENCE:
            log.info("WebRTC connection %s: no media for %.1f s; closing it", self.id[:6], silent)
            self._spawn(self.close("the client stopped sending media"))
            return
        self._watch = self._loop.call_later(WATCH_EVERY, self._watch_media, now + WATCH_EVERY)

    def _silent_for(self) -> float | None:
        """Seconds since the client's last media packet; None before its first."""
        heard = [
            source.timestamp
            for receiver in self.pc.getReceivers()
            for source in receiver.getSynchronizationSources()
        ]
        if heard:
            self._heard = True
            return (datetime.datetime.now(datetime.timezone.utc) - max(heard)).total_seconds()
        return float("inf") if self._heard else None  # sources older than 10 s are not listed

    def _ice_deadline(self) -> None:
        if not self.connected.is_set() and not self.closed:
            log.info("WebRTC connection %s: ICE did not complete; closing it", self.id[:6])
            self._spawn(self.close("ICE did not complete in time"))

    # --- messages, media out ----------------------------------------------------------

    def notify(self, message: dict[str, Any]) -> None:
        """A message to the page over the data channel it opened (if any)."""
        channel = self._channel
        if channel is not None and channel.readyState == "open":
            with contextlib.suppress(Exception):
                channel.send(json.dumps(message))

    def _clear_audio(self) -> None:
        if self.audio_out is not None:
            self.audio_out.clear()

    def _hold_audio(self, on: bool) -> None:
        if self.audio_out is not None:
            self.audio_out.hold(on)

    async def _audio_room(self) -> None:
        if self.audio_out is not None:
            await self.audio_out.wait_room()

    def _push_audio(self, samples: Any) -> None:
        if self.audio_out is not None:
            self.audio_out.push(samples)

    def _send_video(self, frame: Any) -> None:
        if self.video_out is not None:
            self.video_out.push(frame)

    # --- input ------------------------------------------------------------------------

    async def _read_audio(self, track: Any) -> None:
        convert = self._audio_input()
        while not self.closed:
            try:
                frame = await track.recv()
            except MediaStreamError:
                await self.close("the client's audio ended")
                return
            await self._receive_audio(convert, frame)

    async def _read_video(self, track: Any) -> None:
        while not self.closed:
            try:
                frame = await track.recv()
            except MediaStreamError:
                await self.close("the client's video ended")
                return
            self._receive_video(frame)

    # --- ending -----------------------------------------------------------------------

    def _stop_media(self) -> None:
        if self._watch is not None:
            self._watch.cancel()
        for track in (self.audio_out, self.video_out):
            if track is not None:
                track.stop()

    async def _close_transport(self) -> None:
        try:
            await asyncio.wait_for(self.pc.close(), 2.0)
        except Exception as failed:  # noqa: BLE001 - closing a broken transport
            log.debug("closing WebRTC connection %s: %r", self.id[:6], failed)


def _configuration(given: dict[str, Any] | None) -> RTCConfiguration | None:
    """aiortc's configuration of a browser-style ``{"iceServers": [...]}`` dict."""
    if not given:
        return None
    servers = []
    for server in given.get("iceServers", []):
        servers.append(
            RTCIceServer(
                urls=server.get("urls"),
                username=server.get("username"),
                credential=server.get("credential"),
            )
        )
    return RTCConfiguration(iceServers=servers)
