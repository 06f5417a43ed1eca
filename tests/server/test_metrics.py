"""``/healthz`` and the Prometheus metrics at ``/metrics`` (off by default): counters after
real events (a streaming one, a failing one, a stopped one), gauges while events wait,
one registry per app, and no ``prometheus_client`` import unless metrics are on."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator

import httpx
import pytest
from gradio_client import Client
from prometheus_client.parser import text_string_to_metric_families

import rillet as gr
from rillet.testing import serve
from tests.server.conftest import SSE

DEADLINE = 30.0


def wait_until(condition: Callable[[], bool], what: str, timeout: float = DEADLINE) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def build(gate: threading.Event) -> gr.Blocks:
    def tokens(n):
        for i in range(int(n)):
            yield f"tok{i}"

    def fails(n):
        raise gr.Error("no luck")

    def held(n):
        gate.wait(DEADLINE)
        return "released"

    def endless(n):
        i = 0
        while True:
            i += 1
            yield str(i)
            time.sleep(0.02)

    with gr.Blocks() as demo:
        n, out = gr.Number(3), gr.Textbox()
        go = gr.Button()
        go.click(tokens, n, out, api_name="tokens")
        go.click(fails, n, out, api_name="fails")
        go.click(held, n, out, api_name="held", concurrency_limit=1)
        go.click(endless, n, out, api_name="endless")
    return demo


def scrape(url: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of ``/metrics``, by (name, sorted labels)."""
    r = httpx.get(url + "/metrics")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/plain")
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(r.text)
        for s in family.samples
    }


def value(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.fixture
def gate() -> Iterator[threading.Event]:
    event = threading.Event()
    yield event
    event.set()


def test_health_answers_at_once_while_the_queue_is_full(gate):
    demo = build(gate)
    demo.queue(max_size=1)
    with serve(demo) as url:
        sse = SSE(url)
        try:
            sse.join(2, [1])  # runs, and holds the only slot
            sse.join(2, [1])  # waits: the queue is now full
            full = httpx.post(
                f"{url}/gradio_api/queue/join",
                json={"data": [1], "fn_index": 2, "session_hash": "other"},
            )
            assert full.status_code == 503
            r = httpx.get(url + "/healthz")
            assert r.status_code == 200 and r.json() == {"status": "ok"}
            assert r.headers["cache-control"] == "no-store"
            assert httpx.head(url + "/healthz").status_code == 200
        finally:
            gate.set()
            sse.close()


def test_metrics_are_off_by_default(gate):
    with serve(build(gate)) as url:
        r = httpx.get(url + "/metrics")
    assert r.status_code == 404 and "metrics=True" in r.json()["detail"]


def test_counters_after_a_streaming_a_failing_and_a_stopped_event(gate):
    with serve(build(gate), metrics=True) as url:
        client = Client(url + "/", verbose=False)
        try:
            job = client.submit(3, api_name="/tokens")
            assert job.result(timeout=DEADLINE) == "tok2"
            with pytest.raises(Exception, match="no luck"):
                client.predict(1, api_name="/fails")
        finally:
            client.close()
        sse = SSE(url)
        try:
            event_id = sse.join(3, [1])
            for _, msg in sse.messages():
                if msg["msg"] == "process_generating":
                    sse.http.post(
                        f"{url}/gradio_api/cancel",
                        json={
                            "session_hash": sse.session_hash,
                            "event_id": event_id,
                            "fn_index": 3,
                        },
                    )
        finally:
            sse.close()
        wait_until(
            lambda: value(scrape(url), "rillet_events_cancelled_total", fn="endless") == 1,
            "the stopped event to be counted",
        )
        # the counted streams still end as streams do: none is left open
        wait_until(lambda: value(scrape(url), "rillet_open_streams") == 0, "streams to close")
        m = scrape(url)
    assert value(m, "rillet_events_started_total", fn="tokens") == 1
    assert value(m, "rillet_events_finished_total", fn="tokens") == 1
    assert value(m, "rillet_yields_total", fn="tokens") == 3
    assert value(m, "rillet_events_started_total", fn="fails") == 1
    assert value(m, "rillet_events_failed_total", fn="fails") == 1
    assert value(m, "rillet_events_finished_total", fn="fails") == 0
    assert value(m, "rillet_events_started_total", fn="endless") == 1
    assert value(m, "rillet_yields_total", fn="endless") >= 1
    assert value(m, "rillet_time_to_first_yield_seconds_count", fn="tokens") == 1
    assert value(m, "rillet_time_to_first_yield_seconds_count", fn="fails") == 0
    assert value(m, "rillet_queue_wait_seconds_count", fn="tokens") == 1
    assert value(m, "rillet_stream_messages_total") >= 10  # estimation, starts, 3 yields...
    assert value(m, "rillet_stream_bytes_total") >= 20 * value(m, "rillet_stream_messages_total")
    assert value(m, "rillet_events_running") == 0 and value(m, "rillet_queue_depth") == 0


def test_gauges_while_events_run_and_wait(gate):
    with serve(build(gate), metrics=True) as url:
        readers = [SSE(url, session_hash=uuid.uuid4().hex) for _ in range(2)]
        try:
            for reader in readers:
                reader.join(2, [1])  # one runs (limit 1), one waits
            wait_until(lambda: value(scrape(url), "rillet_events_running") == 1, "one event to run")
            m = scrape(url)
            assert value(m, "rillet_queue_depth") == 1
            assert value(m, "rillet_active_sessions") == 2
            assert value(m, "rillet_open_streams") == 0
            assert value(m, "rillet_client_lag_max_messages") == 0
        finally:
            gate.set()
            for reader in readers:
                list(reader.messages())
                reader.close()
        m = scrape(url)
    assert value(m, "rillet_events_finished_total", fn="held") == 2
    assert value(m, "rillet_queue_wait_seconds_count", fn="held") == 2
    assert value(m, "rillet_queue_depth") == 0 and value(m, "rillet_events_running") == 0


def test_two_apps_in_one_process_keep_their_own_numbers(gate):
    with serve(build(gate), metrics=True) as first, serve(build(gate), metrics=True) as second:
        client = Client(first + "/", verbose=False)
        try:
            client.submit(2, api_name="/tokens").result(timeout=DEADLINE)
        finally:
            client.close()
        assert value(scrape(first), "rillet_events_finished_total", fn="tokens") == 1
        assert value(scrape(second), "rillet_events_finished_total", fn="tokens") == 0


def test_the_environment_turns_metrics_on(gate, monkeypatch):
    monkeypatch.setenv("RILLET_METRICS", "1")
    with serve(build(gate)) as url:
        assert httpx.get(url + "/metrics").status_code == 200
    with serve(build(gate), metrics=False) as url:  # the argument wins
        assert httpx.get(url + "/metrics").status_code == 404


def test_prometheus_client_is_imported_only_when_metrics_are_on():
    code = (
        "import sys, rillet, rillet.server.app, rillet.server.launch; "
        "print('prometheus_client' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_client_that_leaves_is_still_noticed_with_metrics_on(gate):
    demo = build(gate)
    demo.settings.disconnect_grace = 0.2
    with serve(demo, metrics=True) as url:
        sse = SSE(url)
        try:
            sse.join(3, [1])
            for _, msg in sse.messages():
                if msg["msg"] == "process_generating":
                    break  # the page goes away mid-stream
        finally:
            sse.close()
        wait_until(
            lambda: value(scrape(url), "rillet_events_cancelled_total", fn="endless") == 1,
            "the left client's event to be stopped",
        )
        assert value(scrape(url), "rillet_open_streams") == 0
