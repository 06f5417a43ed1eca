"""``gr.Request`` on Ray: the request captured at join time reaches a function running on a
Ray worker (sync, async generator, after a ``gr.Progress`` parameter, on a Warm actor)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import pytest
from gradio_client import Client

from rillet.testing import serve
from tests.ray import request_programs

pytestmark = pytest.mark.ray
DEADLINE = 60


@pytest.fixture(scope="module")
def client(ray_cluster) -> Iterator[Client]:
    with serve(request_programs.build("ray")) as url:
        c = Client(url + "/", verbose=False, headers={"X-Who": "ann"})
        yield c
        c.close()


@pytest.mark.parametrize("api_name", ["/echo", "/after_progress", "/warm"])
def test_a_function_on_a_worker_gets_the_request(client, api_name):
    got = json.loads(client.submit("r", api_name=api_name).result(timeout=DEADLINE))
    assert got["pid"] != os.getpid()  # it ran on a Ray worker
    assert got["text"] == "r" and got["who"] == "ann"
    assert got["session"] == client.session_hash and got["host"] == "127.0.0.1"
    assert got["user"] is None


@pytest.mark.parametrize("api_name", ["/gen", "/agen"])
def test_generators_on_a_worker_see_it_in_every_yield(client, api_name):
    job = client.submit("g", api_name=api_name)
    job.result(timeout=DEADLINE)
    seen = [json.loads(o) for o in job.outputs()]
    assert [s["text"] for s in seen] == ["g0", "g1", "g2"]
    assert all(s["who"] == "ann" and s["pid"] != os.getpid() for s in seen)
