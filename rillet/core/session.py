"""Sessions: each one's ordered, resumable log of queue messages.

A browser tab (or a ``gradio_client.Client``) is one session, named by the ``session_hash``
it chooses. All its events' messages go into one log, numbered by ``seq``. A stream reads
the log from a point on; a client that reconnects with the last ``seq`` it saw gets the rest,
in order. Messages stay in the log for ``retention`` seconds after they were first streamed.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from rillet import protocol


@dataclass
class Entry:
    """One logged message, kept as its SSE frame (bytes cost less memory than dicts)."""

    seq: int
    event_id: str | None
    kind: str
    frame: bytes
    streamed_at: float | None = None


class Wakeup:
    """An ``asyncio.Event`` whose wait takes a timeout without a task (``asyncio.wait_for``
    wraps each wait in a task) nor a timer per wait: one timer serves every wait, set for
    the earliest deadline and moved on when it fires, so a stream that wakes for a message
    every few milliseconds costs no timer until it has been idle for ``timeout``."""

    __slots__ = ("_set", "_timer", "_timer_loop", "_waiters")

    def __init__(self) -> None:
        self._set = False
        #: The waits not over yet, with their deadlines (``loop.time()``).
        self._waiters: list[tuple[asyncio.Future[bool], float]] = []
        self._timer: asyncio.TimerHandle | None = None
        self._timer_loop: asyncio.AbstractEventLoop | None = None

    def set(self) -> None:
        self._set = True
        waiters, self._waiters = self._waiters, []
        for waiter, _ in waiters:
            if not waiter.done():
                waiter.set_result(True)

    def clear(self) -> None:
        self._set = False

    def is_set(self) -> bool:
        return self._set

    async def wait(self, timeout: float) -> bool:
        """True once set, False when ``timeout`` seconds passed first."""
        if self._set:
            return True
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[bool] = loop.create_future()
        deadline = loop.time() + timeout
        self._waiters.append((waiter, deadline))
        if self._timer is None or self._timer_loop is not loop:
            self._timer, self._timer_loop = loop.call_at(deadline, self._time_up, loop), loop
        try:
            return await waiter
        except asyncio.CancelledError:
            self._waiters = [(w, d) for w, d in self._waiters if w is not waiter]
            raise

    def _time_up(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._timer_loop is not loop:
            return  # a timer of another loop, replaced
        self._timer = None
        now = loop.time() + _SLACK
        waiting = []
        for waiter, deadline in self._waiters:
            if waiter.done():
                continue
            if deadline <= now:
                waiter.set_result(False)
            else:
                waiting.append((waiter, deadline))
        self._waiters = waiting
        if waiting:
            self._timer = loop.call_at(min(d for _, d in waiting), self._time_up, loop)


#: Seconds early a wait's timer may fire and still end it (the loop runs timers due
#: within its clock's resolution).
_SLACK = 0.001


@dataclass
class Session:
    """One client's message log and its unfinished events."""

    hash: str
    retention: float = 60.0
    entries: deque[Entry] = field(default_factory=deque)
    next_seq: int = 1
    delivered: int = 0
    pending: set[str] = field(default_factory=set)
    open_streams: int = 0
    last_active: float = field(default_factory=time.monotonic)
    #: When the session last had no stream open: its last stream ended, or an event
    #: joined while none was open.
    unwatched_since: float = field(default_factory=time.monotonic)
    #: Names the folder of this session's files; not the hash, which is a secret.
    files_key: str = field(default_factory=lambda: secrets.token_hex(16))
    #: Why the session was closed (the server stops); its streams end after the messages
    #: already logged. Empty while it is open.
    closed: str = ""
    #: ``gr.State`` values of this session, by block id (kept on the server, never sent).
    state: dict[int, Any] = field(default_factory=dict)
    #: The last events that ended (a live input's late chunk to one is not an error).
    ended: deque[str] = field(default_factory=lambda: deque(maxlen=32))
    #: The newest ``send_latest`` entry of each event.
    _latest: dict[str, Entry] = field(default_factory=dict)
    _wakeup: Wakeup = field(default_factory=lambda: Wakeup())

    def send(self, message: protocol.Message) -> int:
        """Append ``message`` to the log; returns its seq."""
        seq = self.next_seq
        self.next_seq += 1
        self.entries.append(
            Entry(
                seq,
                message.event_id,
                message.msg,
                message.frame(seq),
            )
        )
        self._wakeup.set()
        return seq

    def send_latest(self, message: protocol.Message) -> int:
        """Send a message that makes the event's previous one worthless (a live
        stream's newest result): one still unsent is overwritten in place, and one
        already streamed gives up its bytes, so a stream of frames keeps at most one
        frame per event in memory however long it runs or however slow its client."""
        event_id = message.event_id or ""
        previous = self._latest.get(event_id)
        if previous is not None and previous.seq > self.delivered:
            previous.frame = message.frame(previous.seq)
            self._wakeup.set()
            return previous.seq
        if previous is not None:
            previous.frame = b""
        seq = self.send(message)
        self._latest[event_id] = self.entries[-1]
        return seq

    def backlog(self) -> int:
        """How many messages wait to be streamed."""
        return self.next_seq - 1 - self.delivered

    def unsent_bytes(self, at_least: int) -> bool:
        """True when the messages waiting to be streamed hold ``at_least`` bytes."""
        total = 0
        for entry in reversed(self.entries):
            if entry.seq <= self.delivered:
                break
            total += len(entry.frame)
            if total >= at_least:
                return True
        return False

    def replace_unsent(self, message: protocol.Message) -> bool:
        """Put ``message`` in place of the newest entry if that is a not yet streamed
        ``process_generating`` of the same event. The caller must have built ``message``
        to stand for both (merged diffs). Returns False when it cannot."""
        if not self.entries:
            return False
        last = self.entries[-1]
        if (
            last.seq <= self.delivered
            or last.event_id != message.event_id
            or last.kind != protocol.ProcessGenerating.msg
        ):
            return False
        last.frame = message.frame(last.seq)
        return True

    def drop_unsent(self, event_id: str) -> int:
        """Drop ``event_id``'s ``process_generating`` messages not streamed yet (its final
        value, about to be sent, supersedes them: a slow client jumps to it); returns how
        many."""
        kept = deque(
            e
            for e in self.entries
            if e.seq <= self.delivered
            or e.event_id != event_id
            or e.kind != protocol.ProcessGenerating.msg
        )
        dropped = len(self.entries) - len(kept)
        self.entries = kept
        return dropped

    def begin(self, event_id: str) -> None:
        self.pending.add(event_id)
        self.last_active = time.monotonic()
        if not self.open_streams:
            self.unwatched_since = self.last_active

    def unwatched_for(self, now: float) -> float:
        """Seconds without any stream open, or 0 while one is."""
        return 0.0 if self.open_streams else now - self.unwatched_since

    def end(self, event_id: str) -> None:
        """Mark ``event_id`` done; when nothing is left, tell the client to close."""
        self._latest.pop(event_id, None)
        self.ended.append(event_id)
        if event_id in self.pending:
            self.pending.discard(event_id)
            if not self.pending:
                self.send(protocol.CloseStream(event_id=None))
        self.last_active = time.monotonic()

    def close(self, reason: str) -> None:
        """The server stops: tell each unfinished event (or an open stream with none)
        ``reason`` as an ``unexpected_error``, and end the session's streams after it."""
        for event_id in sorted(self.pending):
            self.send(protocol.UnexpectedError(event_id=event_id, message=reason))
        if not self.pending and self.open_streams:
            self.send(protocol.UnexpectedError(event_id=None, message=reason))
        self.closed = reason
        self._wakeup.set()

    def idle_for(self, now: float) -> float:
        """Seconds since anything happened, or 0 while the session is busy."""
        if self.pending or self.open_streams:
            return 0.0
        return now - self.last_active

    async def stream(self, after: int | None, heartbeat: float) -> AsyncIterator[bytes]:
        """SSE frames from the log after seq ``after`` (None: after what was already
        streamed), until a final ``close_stream``: one frame per write, except that
        ``close_stream`` shares its write with the frame before it, and that
        ``process_generating`` frames waiting together go out in one write (a client
        behind catches up with one write, one gzip flush, for all its waiting tokens)
        (``protocol.messages`` reads either)."""
        cursor = self.delivered if after is None else after
        if self.closed and not self._after(cursor):
            yield protocol.sse_frame(
                protocol.to_wire(protocol.UnexpectedError(event_id=None, message=self.closed))
            )
            return
        if not self.pending and not self._after(cursor):
            yield protocol.sse_frame(
                protocol.to_wire(
                    protocol.UnexpectedError(
                        event_id=None, message="404: Not Found", session_not_found=True
                    )
                )
            )
            return
        self.open_streams += 1
        generating = protocol.ProcessGenerating.msg
        try:
            while True:
                self._wakeup.clear()
                write: list[bytes] = []  # frames that go out in one write
                joinable = False  # ... all of them process_generating
                now = time.monotonic()
                for entry in self._after(cursor):
                    cursor = entry.seq
                    self._mark_streamed(entry, now)
                    if entry.kind == protocol.CloseStream.msg:
                        if entry.seq == self.next_seq - 1:
                            # One write: a client reading the event's end apart from
                            # close_stream could join its next event in between and have
                            # that event's stream closed under it.
                            write.append(entry.frame)
                            yield b"".join(write)
                            return
                        continue
                    joins = entry.kind == generating
                    if write and not (joins and joinable):
                        if chunk := b"".join(write):
                            yield chunk
                        write = []
                    write.append(entry.frame)
                    joinable = joins
                if write and (chunk := b"".join(write)):
                    yield chunk
                if self.closed:
                    return
                self._prune(now)
                if not await self._wakeup.wait(heartbeat):
                    yield protocol.sse_frame(protocol.to_wire(protocol.Heartbeat(event_id=None)))
        finally:
            self.open_streams -= 1
            self.last_active = self.unwatched_since = time.monotonic()

    def _after(self, cursor: int) -> list[Entry]:
        # Entries are in seq order; the ones after ``cursor`` are at the end.
        after = []
        for entry in reversed(self.entries):
            if entry.seq <= cursor:
                break
            after.append(entry)
        after.reverse()
        return after

    def _mark_streamed(self, entry: Entry, now: float) -> None:
        if entry.streamed_at is None:
            entry.streamed_at = now
        if entry.seq > self.delivered:
            self.delivered = entry.seq

    def _prune(self, now: float | None = None) -> None:
        horizon = (time.monotonic() if now is None else now) - self.retention
        while self.entries:
            first = self.entries[0]
            if first.streamed_at is None or first.streamed_at > horizon:
                break
            self.entries.popleft()

    def prune(self, now: float) -> None:
        """Drop the messages streamed more than ``retention`` seconds ago, and all of
        them once the session has been idle that long (nobody came back to read them)."""
        if self.idle_for(now) > self.retention:
            self.entries.clear()
        else:
            self._prune()


@dataclass
class Sessions:
    """All live sessions, by hash."""

    retention: float = 60.0
    #: Seconds an idle session (and its files) is kept.
    ttl: float = 3600.0
    by_hash: dict[str, Session] = field(default_factory=dict)

    def get(self, session_hash: str) -> Session | None:
        return self.by_hash.get(session_hash)

    def get_or_create(self, session_hash: str) -> Session:
        session = self.by_hash.get(session_hash)
        if session is None:
            session = self.by_hash[session_hash] = Session(session_hash, self.retention)
        return session

    def forget(self, session: Session) -> None:
        """Drop ``session`` (its client left)."""
        if self.by_hash.get(session.hash) is session:
            del self.by_hash[session.hash]

    def sweep(self) -> list[Session]:
        """Forget sessions idle for longer than ``ttl`` and prune the others' logs;
        returns the forgotten ones."""
        now = time.monotonic()
        gone = [s for s in self.by_hash.values() if s.idle_for(now) > self.ttl]
        for session in gone:
            del self.by_hash[session.hash]
        for session in self.by_hash.values():
            session.prune(now)
        return gone
