"""Sending one job's messages to its session's log: its results, progress, warnings, end.

A generator's first result goes whole, each later one as its outputs' edits. A result that
changes no output sends nothing. When the client is far behind (``MERGE_BACKLOG`` messages
or ``MERGE_BYTES`` not streamed yet), a new result is merged into the job's message still
waiting, so a slow reader gets fewer, larger messages, never a message per yield. A live
event's newest result takes the place of the last one.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from rillet import protocol
from rillet.core import diff
from rillet.core.contract import UNCHANGED
from rillet.core.progress import Sink
from rillet.core.session import Session

#: Unsent messages in a session past which a slow client gets merged diffs.
#: High enough that a burst of yields from a fast generator reaches a client that keeps up
#: one message per yield (as in Gradio); a reader truly behind still gets merged diffs.
MERGE_BACKLOG = 64
#: ... or unsent bytes past which it does (large results: a few of them are far behind).
MERGE_BYTES = 256 * 1024


@dataclass
class Sender:
    """The messages of one job."""

    event_id: str
    session: Session
    #: The data of the job's last message (None before the first one).
    last: list[Any] | None = None
    #: True while that message is the first one, which carries whole values.
    whole: bool = True

    def behind(self) -> bool:
        """True when the client has ``MERGE_BACKLOG`` messages, or ``MERGE_BYTES``, or
        more still to read."""
        session = self.session
        backlog = session.backlog()
        return backlog >= MERGE_BACKLOG or (backlog > 0 and session.unsent_bytes(MERGE_BYTES))

    def reader_behind(self) -> bool:
        """True when a reader is streaming but far behind: it may skip the results not
        read yet (not media chunks, which all play) and jump to the final value."""
        return self.session.open_streams > 0 and self.behind()

    def generating(self, sent: list[Any], values: list[Any], mergeable: bool) -> None:
        """Send one result: ``sent`` holds each output's edits (UNCHANGED: none) and
        ``values`` what the client has of each output once they are applied."""
        if self.last is None:
            self._send(values)
            return
        if all(s is UNCHANGED for s in sent):
            return
        edits = [[] if s is UNCHANGED else s for s in sent]
        if mergeable and self.behind():
            merged = (
                values
                if self.whole
                else [diff.merge(old, new) for old, new in zip(self.last, edits, strict=True)]
            )
            if self.session.replace_unsent(self._message(merged)):
                self.last = merged
                return
        self.whole = False
        self._send(edits)

    def latest(self, values: list[Any], time_left: float | None) -> None:
        """Send a live event's newest result, whole, in place of one still unsent."""
        self.session.send_latest(
            protocol.ProcessStreaming(
                event_id=self.event_id,
                output=protocol.output(values, is_generating=True),
                time_limit=time_left,
            )
        )

    def _send(self, data: list[Any]) -> None:
        self.last = data
        self.session.send(self._message(data))

    def _message(self, data: list[Any]) -> protocol.ProcessGenerating:
        return protocol.generating(self.event_id, data)

    def warning(self, message: str) -> None:
        """Show ``message`` to the user as a warning."""
        self.session.send(
            protocol.Log(event_id=self.event_id, log=message, level="warning", title="Warning")
        )

    def progress_sink(self) -> Sink:
        """Where the function's ``gr.Progress`` reports go, from any thread."""
        loop = asyncio.get_running_loop()

        def sink(data: list[dict[str, Any]]) -> None:
            message = protocol.Progress(event_id=self.event_id, progress_data=data)
            loop.call_soon_threadsafe(self.session.send, message)

        return sink

    def completed(self, final: list[Any], duration: float, average: float | None) -> None:
        """The job ended well: ``final`` holds each output's final value."""
        output = protocol.output(
            final, is_generating=False, duration=duration, average_duration=average
        )
        self.session.send(
            protocol.ProcessCompleted(
                event_id=self.event_id,
                success=True,
                cache_duration=duration,
                output=output,
                avg_time=average,
            )
        )

    def cancelled(self) -> None:
        """The job was stopped: it ends without an error, its outputs as they are."""
        self.session.send(
            protocol.ProcessCompleted(event_id=self.event_id, output={}, success=True)
        )
