"""Shared by every tier: one local Ray instance for the whole session, on loopback only,
started by the first test that asks for it (tests marked ``ray``).

Ray's processes bind to the node's IP unless that IP is 127.0.0.1, which Ray only picks
when clusters of several machines are switched off (``RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0``,
read when ``ray`` is imported): set here, before the first import, and inherited by the
worker processes and by the demo processes the tests start.

Ray's processes also read their tolerances from the environment: on a shared, loaded CI
machine a node that misses a few health checks, or a GCS slow to answer, must not make Ray
declare the node dead and end the test process itself (its driver leaves with exit code 1,
no report). The tests then fail by their own deadlines, with a report.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"
os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
os.environ.setdefault("RAY_health_check_failure_threshold", "60")
os.environ.setdefault("RAY_gcs_rpc_server_reconnect_timeout_s", "600")

#: Worker CPUs of the head node: the machine has two, shared with the web process under
#: test, but the tests' functions mostly sleep.
CPUS = 4
#: A custom resource the tests ask for with ray_options, to see the options reach Ray.
SLOT = "rillet_test_slot"
#: The resource only the second node has: a call that asks for it runs on "another machine".
SECOND_NODE = "rillet_second_node"


@pytest.fixture(scope="session")
def ray_cluster() -> Iterator[str]:
    """Start Ray once, as two nodes on this machine (the head, where the web process is,
    and a second one); yields the cluster's address (for processes that connect to it)."""
    import ray
    from ray.cluster_utils import Cluster

    assert not ray.is_initialized()
    cluster = Cluster(
        initialize_head=True,
        head_node_args={"num_cpus": CPUS, "resources": {SLOT: 1}, "include_dashboard": False},
    )
    try:
        cluster.add_node(num_cpus=1, resources={SECOND_NODE: 1})
        ray.init(address=cluster.address, configure_logging=False, log_to_driver=False)
        yield cluster.address
    finally:
        ray.shutdown()
        cluster.shutdown()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the tests marked ``ray`` last: Ray starts once, and its processes do not share
    the machine with the timing-sensitive tests of the other tiers."""
    items.sort(key=lambda item: item.get_closest_marker("ray") is not None)
