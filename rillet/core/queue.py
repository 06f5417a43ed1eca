"""The queue: admission, per-group concurrency limits, positions, cancel.

Each dependency belongs to a concurrency group (its ``concurrency_id``, else its function).
A group runs at most ``limit`` events at once (Gradio's default: 1) and the rest wait in
order, told their position. Nothing polls: a job starts when it joins or when one ends.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from rillet import protocol
from rillet.core.batching import Batch
from rillet.core.errors import QueueFull
from rillet.core.job import Job, Processor
from rillet.core.render import Renders
from rillet.core.request import Request
from rillet.core.session import Session
from rillet.core.spec import AppSpec, Dependency

#: Seconds between position updates sent to the events waiting in a group.
UPDATE_EVERY = 0.2


@dataclass
class Group:
    limit: int | None
    running: set[str] = field(default_factory=set)
    waiting: deque[Job] = field(default_factory=deque)
    update_pending: bool = False

    def has_room(self) -> bool:
        return self.limit is None or len(self.running) < self.limit


@dataclass
class Queue:
    """Jobs of every session, by concurrency group."""

    spec: AppSpec
    processor: Processor
    default_concurrency_limit: int | None = 1
    max_size: int | None = None
    groups: dict[str, Group] = field(default_factory=dict)
    jobs: dict[str, Job] = field(default_factory=dict)
    #: Each session's ``@gr.render`` blocks and events (rillet/core/render.py).
    renders: Renders = field(init=False)

    def __post_init__(self) -> None:
        self.renders = Renders(self.spec)

    def dependency(self, session: Session | None, fn_index: int) -> Dependency | None:
        """The dependency ``fn_index`` names for ``session``: the app's, or one made by the
        session's own renders (another session's is None)."""
        return self.renders.dependency(session, fn_index)

    def _limit(self, dep: Dependency) -> int | None:
        if not dep.queue:
            return None
        limit = dep.concurrency_limit
        return self.default_concurrency_limit if limit == "default" else limit  # type: ignore[return-value]

    def _group(self, dep: Dependency) -> Group:
        key = dep.group if dep.queue else f"unqueued-{dep.id}"
        group = self.groups.get(key)
        if group is None:
            rendered = [dep] if dep.rendered_in is not None else []  # @gr.render: per session
            limits = [
                self._limit(d)
                for d in [*self.spec.dependencies, *rendered]
                if d.fn is not None and d.queue and d.group == key
            ]
            numeric = [lim for lim in limits if lim is not None]
            limit = self._limit(dep) if not dep.queue else (min(numeric) if numeric else None)
            group = self.groups[key] = Group(limit)
        return group

    def waiting_count(self) -> int:
        return sum(len(g.waiting) for g in self.groups.values())

    def join(
        self,
        session: Session,
        dep: Dependency,
        data: list[Any],
        root_url: str = "",
        request: Request | None = None,
        event: tuple[int | None, Any] = (None, None),
        event_id: str | None = None,
    ) -> Job:
        """Queue an event; it starts at once if its group has room. ``request`` is what
        the function's ``gr.Request`` parameters get; ``event`` (the trigger's id and the
        event's data) what its ``gr.EventData`` parameters are made of; ``event_id`` the
        event's id, when the caller chose it (else a new random one)."""
        if self.max_size is not None and self.waiting_count() >= self.max_size:
            raise QueueFull(
                f"Queue is full. Max size is {self.max_size} and size is {self.waiting_count()}."
            )
        job = Job(event_id or uuid.uuid4().hex, session, dep, data, root_url, request=request)
        job.trigger_id, job.event_data = event
        if dep.render is not None:  # @gr.render: drawn in this session's own spec
            job.renders = self.renders.of(session)
        group = self._group(dep)
        session.begin(job.event_id)
        self.jobs[job.event_id] = job
        group.waiting.append(job)
        rank = len(group.waiting) - 1
        session.send(
            protocol.Estimation(
                event_id=job.event_id,
                rank=rank,
                queue_size=len(group.waiting),
                rank_eta=self._rank_eta(dep, group, rank),
            )
        )
        self._pump(group)
        return job

    def _rank_eta(self, dep: Dependency, group: Group, rank: int) -> float | None:
        eta = self.processor.eta(dep)
        if eta is None:
            return None
        slots = group.limit or 1
        return eta * (rank // slots + 1)

    def _pump(self, group: Group) -> None:
        started = False
        while group.waiting and group.has_room():
            job = group.waiting.popleft()
            jobs = [job, *self._batched_with(job, group)] if job.dep.batch else [job]
            group.running.add(job.event_id)
            if job.dep.batch:
                batch = Batch(len(jobs), len(job.dep.outputs), slot=job.event_id)
                for index, member in enumerate(jobs):
                    member.batch, member.batch_index = batch, index
            for member in jobs:
                member.task = asyncio.get_running_loop().create_task(self._run(member, group))
            started = True
        if started and group.waiting and not group.update_pending:
            # Every waiting job moved up. Tell them at most every UPDATE_EVERY seconds:
            # telling each one at each start costs O(waiting²) messages under load.
            group.update_pending = True
            asyncio.get_running_loop().call_later(UPDATE_EVERY, self._tell_positions, group)

    @staticmethod
    def _batched_with(job: Job, group: Group) -> list[Job]:
        """The waiting events of ``job``'s batch dependency that join its batch (up to
        ``max_batch_size`` in all, oldest first), taken out of the waiting line."""
        room = max(1, job.dep.max_batch_size) - 1
        taken = [j for j in group.waiting if j.dep is job.dep][:room]
        for other in taken:
            group.waiting.remove(other)
        return taken

    def _tell_positions(self, group: Group) -> None:
        group.update_pending = False
        for rank, job in enumerate(group.waiting):
            job.session.send(
                protocol.Estimation(
                    event_id=job.event_id,
                    rank=rank,
                    queue_size=len(group.waiting),
                    rank_eta=self._rank_eta(job.dep, group, rank),
                )
            )

    async def _run(self, job: Job, group: Group) -> None:
        try:
            await self.processor.run(job)
        finally:
            self._finish(job, group)

    def _finish(self, job: Job, group: Group) -> None:
        if job.batch is None:
            group.running.discard(job.event_id)
        else:  # the batch holds one slot until its last event ends
            job.batch.ended += 1
            if job.batch.ended == job.batch.size:
                group.running.discard(job.batch.slot)
        self.jobs.pop(job.event_id, None)
        job.session.end(job.event_id)
        self._pump(group)
        if job.dep.rendered_in is not None and not group.running and not group.waiting:
            # @gr.render: each render makes new functions, so their idle groups go
            self.groups.pop(job.dep.group if job.dep.queue else f"unqueued-{job.dep.id}", None)

    def cancel(
        self, session_hash: str, event_id: str | None = None, fn_index: int | None = None
    ) -> int:
        """Cancel the session's matching events (by id, else by function); returns how many."""
        chosen = [
            j
            for j in self.jobs.values()
            if j.session.hash == session_hash
            and (j.event_id == event_id if event_id else j.dep.id == fn_index)
        ]
        for job in chosen:
            self._cancel(job)
        return len(chosen)

    def live_job(self, session_hash: str, event_id: str) -> Job | None:
        """The session's unfinished ``.stream()`` event ``event_id`` (None for any other:
        an id alone, guessed or replayed, reaches nothing of another session)."""
        job = self.jobs.get(event_id)
        if job is None or job.session.hash != session_hash or job.feed is None:
            return None
        return job

    def push_chunk(self, session_hash: str, event_id: str, data: list[Any]) -> bool:
        """Hand a live event its next chunk (it replaces one not yet processed)."""
        job = self.live_job(session_hash, event_id)
        if job is None:
            return False
        if job.task is None:
            job.data = data  # still waiting for a slot: it starts on the newest chunk
        else:
            job.feed.push(data)  # type: ignore[union-attr]
        return True

    def close_stream(self, session_hash: str, event_id: str) -> bool:
        """End a live event once the call in progress returns."""
        job = self.live_job(session_hash, event_id)
        if job is None:
            return False
        job.feed.close()  # type: ignore[union-attr]
        return True

    def cancel_session(self, session: Session) -> list[asyncio.Task[None]]:
        """Cancel every unfinished event of ``session`` (its client went away); returns
        the tasks of those that were running, to await their end."""
        chosen = [j for j in self.jobs.values() if j.session is session]
        for job in chosen:
            self._cancel(job)
        return [j.task for j in chosen if j.task is not None]

    def _cancel(self, job: Job) -> None:
        group = self._group(job.dep)
        if job in group.waiting:
            group.waiting.remove(job)
            job.session.send(protocol.ProcessCompleted(event_id=job.event_id, output={}))
            self.jobs.pop(job.event_id, None)
            job.session.end(job.event_id)
        elif job.task is not None and not job.stopping:
            job.stopping = True  # Stop twice, or the session left while stopping: once
            job.task.cancel()
