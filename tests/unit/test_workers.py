"""Worker threads: a call never waits behind another while a thread could be started."""

from __future__ import annotations

import threading

from rillet.core.workers import Workers


def test_a_call_queued_behind_a_long_one_gets_its_own_thread():
    workers = Workers(4)
    warmed = threading.Event()
    workers.submit(warmed.set)  # one thread, idle once this has run
    assert warmed.wait(5)
    release, quick = threading.Event(), threading.Event()
    try:
        # The idle thread takes the first call; the second must not queue behind it (a
        # generator's next step sleeping while the last chunk waits to be prepared).
        workers.submit(release.wait, 10)
        workers.submit(quick.set)
        assert quick.wait(5), "the second call waited for the first one"
    finally:
        release.set()
        workers.shutdown()
