"""The contract between a real-time transport and the code that answers a stream.

A transport (WebRTC, or a WebSocket for audio) gives each connection its own handler,
made by ``copy()`` from the one the app registered, then:

- calls ``start_up()`` once the connection is up (a greeting may be emitted from it);
- calls ``receive(frame)`` with every input frame: audio as ``(sample_rate, samples)``
  with ``samples`` an int16 array shaped ``(channels, n)``, video as an RGB uint8 array
  ``(height, width, 3)``;
- calls ``emit()`` again and again (from a worker thread for ``StreamHandler``, awaited for
  ``AsyncStreamHandler``) and sends what it returns: an audio chunk ``(rate, samples)``, a
  video frame, an ``AdditionalOutputs`` for the app's other components, or ``None`` when
  there is nothing yet;
- sets ``clear_queue`` to a function that drops the audio it has not played yet, which a
  handler calls to stop a reply at once (barge-in), and ``hold_queue`` to one that pauses
  and resumes it (rillet's: a reply held at the user's first sound);
- keeps ``latest_args`` up to date with the values of the stream's other inputs;
- calls ``shutdown()`` when the connection ends (page closed, Stop, time limit), within a
  second of it.

The shape follows FastRTC's (``receive``/``emit``/``copy``/``start_up``/``shutdown``), so a
FastRTC handler ports by changing its import.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, Literal

#: What a handler's ``emit`` may return.
Emitted = Any

Layout = Literal["mono", "stereo"]


class AdditionalOutputs:
    """Values for the app's other output components (a transcript, a chatbot), sent beside
    the media; the transport hands them to the stream's ``on_additional_outputs``
    function, whose result updates those components."""

    def __init__(self, *args: Any) -> None:
        self.args = args


class _Handler(ABC):
    """What the two kinds of handler share: formats, the other inputs, the hooks the
    transport sets."""

    def __init__(
        self,
        expected_layout: Layout = "mono",
        output_sample_rate: int = 24000,
        output_frame_size: int | None = None,
        input_sample_rate: int = 48000,
    ) -> None:
        self.expected_layout: Layout = expected_layout
        self.output_sample_rate = output_sample_rate
        self.output_frame_size = output_frame_size
        self.input_sample_rate = input_sample_rate
        #: The values of the stream's other inputs, newest first sent by the page.
        self.latest_args: list[Any] = []
        self._clear_queue: Callable[[], None] = lambda: None
        self._hold_queue: Callable[[bool], None] = lambda on: None

    def clear_queue(self) -> None:
        """Drop the audio the transport has not played yet (set by the transport)."""
        self._clear_queue()

    def set_clear_queue(self, clear: Callable[[], None]) -> None:
        """Called by the transport with its own way of dropping unplayed audio."""
        self._clear_queue = clear

    def hold_queue(self, on: bool) -> None:
        """Pause (``True``) or resume (``False``) the audio the transport has not played
        yet: while held it sends silence and keeps the rest (rillet's; set by the
        transport)."""
        self._hold_queue(on)

    def set_hold_queue(self, hold: Callable[[bool], None]) -> None:
        """Called by the transport with its own way of pausing unplayed audio."""
        self._hold_queue = hold

    def set_args(self, args: list[Any]) -> None:
        """Called by the transport when the stream's other inputs change."""
        self.latest_args = list(args)

    @abstractmethod
    def copy(self) -> _Handler:
        """A fresh handler for one more connection (handlers keep per-connection state)."""


class StreamHandler(_Handler):
    """A handler whose ``receive`` and ``emit`` are plain functions, run off the event
    loop; ``emit`` may block until it has something."""

    def start_up(self) -> None:
        """Called once the connection is up."""

    @abstractmethod
    def receive(self, frame: Any) -> None:
        """One input frame."""

    @abstractmethod
    def emit(self) -> Emitted:
        """The next thing to send, or None when there is nothing yet."""

    def shutdown(self) -> None:
        """Called once when the connection ends."""


class AsyncStreamHandler(_Handler):
    """A handler whose ``receive`` and ``emit`` are coroutines, run on the event loop."""

    async def start_up(self) -> None:
        """Called once the connection is up."""

    @abstractmethod
    async def receive(self, frame: Any) -> None:
        """One input frame."""

    @abstractmethod
    async def emit(self) -> Emitted:
        """The next thing to send, or None when there is nothing yet."""

    async def shutdown(self) -> None:
        """Called once when the connection ends."""


Handler = StreamHandler | AsyncStreamHandler
