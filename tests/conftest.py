"""Shared by every tier: one local Ray instance for the whole session, on loopback only,
started by the first test that asks for it (tests marked ``ray``).

Ray's processes bind to the node's IP unless that IP is 127.0.0.1, which Ray only picks
when clusters of several machines are switched off (``RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0``,
read when ``ray`` is imported): set here, before the first import, and inherited by the
worker processes and by the demo processes the tests start.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"
os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")

#: Worker CPUs: the machine has two, shared with the web process under test.
CPUS = 4
#: A custom resource the tests ask for with ray_options, to see the options reach Ray.
SLOT = "rill_test_slot"


@pytest.fixture(scope="session")
def ray_cluster() -> Iterator[str]:
    """Start Ray once; yields its GCS address (for processes that connect to it)."""
    import ray

    assert not ray.is_initialized()
    ray.init(num_cpus=CPUS, resources={SLOT: 1}, include_dashboard=False,
             configure_logging=False, log_to_driver=False)
    try:
        yield ray.get_runtime_context().gcs_address
    finally:
        ray.shutdown()
