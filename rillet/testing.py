"""Helpers for testing rillet apps against a real server."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def serve(app: Any, **launch_options: Any) -> Iterator[str]:
    """Run ``app`` on 127.0.0.1 on a free port; yields its base URL (no trailing slash).

    with serve(demo) as url:
        httpx.get(url + "/config")
    """
    options = {
        "server_name": "127.0.0.1",
        "server_port": 0,
        "prevent_thread_lock": True,
        "quiet": True,
        **launch_options,
    }
    app.launch(**options)
    try:
        yield app.local_url.rstrip("/")
    finally:
        app.close()
