"""Prometheus metrics of one app, at ``/metrics``: off unless ``launch(metrics=True)`` or
``RILLET_METRICS=1``.

Each app has its own registry (two apps in one process do not mix their numbers), and
``prometheus_client`` is imported only when an app turns metrics on. Counters and
histograms are updated as events run (the processor tells :class:`Metrics`, its observer);
gauges (sessions, queue depth, client lag) are read from the app's state when scraped.

    rillet_events_started_total{fn}        events that left the queue and started
    rillet_events_finished_total{fn}       ... that returned (or ran out of yields)
    rillet_events_failed_total{fn}         ... that raised (gr.Error included)
    rillet_events_cancelled_total{fn}      ... that were stopped (Stop, client left, shutdown)
    rillet_yields_total{fn}                results the functions gave (each yield)
    rillet_stream_messages_total           queue messages written to event streams
    rillet_stream_bytes_total              their bytes (before gzip, when the client asks for it)
    rillet_queue_wait_seconds{fn}          histogram: from joining the queue to starting
    rillet_time_to_first_yield_seconds{fn} histogram: from starting to the first result
    rillet_active_sessions                 sessions with a stream open or an event unfinished
    rillet_open_streams                    event streams (``queue/data``) open
    rillet_queue_depth                     events waiting for a free slot
    rillet_events_running                  events running
    rillet_client_lag_messages             messages logged but not yet streamed, all clients
    rillet_client_lag_max_messages         the most one connected client is behind
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from rillet.core.observer import Outcome

PATH = "/metrics"
#: Seconds: first results of models take from milliseconds to minutes.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0)


def fn_label(job: Any) -> str:
    """The ``fn`` label of an event: its API name, else ``fn_<index>``."""
    return job.dep.api_name or f"fn_{job.dep.id}"


class Metrics:
    """The metrics of one running app (its :class:`~rillet.server.runtime.Runtime`)."""

    def __init__(self, runtime: Any) -> None:
        from prometheus_client import CollectorRegistry, Counter, Histogram

        self.runtime = runtime
        self.registry = CollectorRegistry()
        r = self.registry
        self.events = {
            name: Counter(f"rillet_events_{name}", f"Events {what}.", ["fn"], registry=r)
            for name, what in (
                ("started", "that started running"),
                ("finished", "that ended without an error"),
                ("failed", "that ended with an error"),
                ("cancelled", "that were stopped before their end"),
            )
        }
        self.yields = Counter(
            "rillet_yields", "Results given by event functions (each yield).", ["fn"], registry=r
        )
        self.stream_messages = Counter(
            "rillet_stream_messages", "Queue messages written to event streams.", registry=r
        )
        self.stream_bytes = Counter(
            "rillet_stream_bytes",
            "Bytes of queue messages written to event streams (before gzip).",
            registry=r,
        )
        self.queue_wait = Histogram(
            "rillet_queue_wait_seconds",
            "Seconds from joining the queue to starting.",
            ["fn"],
            buckets=BUCKETS,
            registry=r,
        )
        self.first_yield = Histogram(
            "rillet_time_to_first_yield_seconds",
            "Seconds from an event's start to its first result.",
            ["fn"],
            buckets=BUCKETS,
            registry=r,
        )
        r.register(_StateCollector(runtime))

    # The processor's observer (rillet.core.observer.EventObserver).

    def started(self, job: Any) -> None:
        label = fn_label(job)
        self.events["started"].labels(label).inc()
        self.queue_wait.labels(label).observe((job.started_at or job.joined_at) - job.joined_at)

    def yielded(self, job: Any) -> None:
        label = fn_label(job)
        self.yields.labels(label).inc()
        if job.yields == 1:
            started = job.started_at or job.joined_at
            self.first_yield.labels(label).observe(time.monotonic() - started)

    def ended(self, job: Any, outcome: Outcome) -> None:
        self.events[outcome].labels(fn_label(job)).inc()

    async def counted(self, frames: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
        """``frames`` (an event stream's), counted as they are written."""
        try:
            async for frame in frames:
                self.stream_messages.inc()
                self.stream_bytes.inc(len(frame))
                yield frame
        finally:
            close = getattr(frames, "aclose", None)
            if close is not None:
                await close()  # now: the stream's own finally marks it closed

    def scrape(self) -> Response:
        """The metrics in Prometheus' text format."""
        from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

        return Response(
            generate_latest(self.registry),
            media_type=CONTENT_TYPE_LATEST,
            headers={"cache-control": "no-store"},
        )


class _StateCollector:
    """Gauges read from the app's sessions and queue at each scrape."""

    def __init__(self, runtime: Any) -> None:
        self.runtime = runtime

    def describe(self) -> list[Any]:
        return []

    def collect(self) -> Iterator[Any]:
        from prometheus_client.core import GaugeMetricFamily

        sessions = list(self.runtime.sessions.by_hash.values())
        queue = self.runtime.queue
        now = time.monotonic()
        waiting = queue.waiting_count()
        lags = [s.backlog() for s in sessions if s.open_streams]
        values = {
            "rillet_active_sessions": (
                "Sessions with a stream open or an event unfinished.",
                sum(1 for s in sessions if s.idle_for(now) == 0),
            ),
            "rillet_open_streams": ("Event streams open.", sum(s.open_streams for s in sessions)),
            "rillet_queue_depth": ("Events waiting for a free slot.", waiting),
            "rillet_events_running": ("Events running.", len(queue.jobs) - waiting),
            "rillet_client_lag_messages": (
                "Messages not yet streamed to connected clients.",
                sum(lags),
            ),
            "rillet_client_lag_max_messages": (
                "The most messages one connected client is behind.",
                max(lags, default=0),
            ),
        }
        for name, (doc, value) in values.items():
            yield GaugeMetricFamily(name, doc, value=value)


def install(app: Any) -> None:
    """Give ``app`` (made by ``build_app``) its metrics when its settings turn them on:
    ``app.state.metrics`` (None when off) hears of every event."""
    runtime = app.state.runtime
    app.state.metrics = Metrics(runtime) if runtime.settings.metrics else None
    if app.state.metrics is not None:
        runtime.queue.processor.observer = app.state.metrics


def of(request: Request) -> Metrics | None:
    """The metrics of the app serving ``request``, or None when they are off."""
    return getattr(request.app.state, "metrics", None)


def counted(request: Request, frames: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    """``frames`` counted by the app's metrics, or as they are when metrics are off."""
    metrics = of(request)
    return frames if metrics is None else metrics.counted(frames)


async def scrape(request: Request) -> Response:
    """``GET /metrics``: Prometheus' text format; 404 while metrics are off."""
    metrics = of(request)
    if metrics is None:
        return JSONResponse(
            {"detail": "metrics are off: launch(metrics=True) or RILLET_METRICS=1 turns them on"},
            status_code=404,
        )
    return metrics.scrape()
