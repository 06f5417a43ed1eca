"""SIGTERM stops a served app the way Ctrl+C does.

Docker, systemd and Kubernetes stop a process with SIGTERM, whose default action ends the
process at once: no stream is told, no generator's ``finally`` runs, the store of uploads
and outputs stays in the temporary directory. While ``launch()`` blocks the main thread
(and while ``rillet app.py`` serves), :func:`sigterm_raises` turns SIGTERM into a
:class:`Terminated` exception, which is handled like Ctrl+C's ``KeyboardInterrupt``: the
app is closed (streams told, events cancelled, their ``finally`` run, the store deleted)
and ``launch()`` returns, so the process ends with exit code 0.

The handler is installed only for that time, only in the main thread and never in an
IPython shell or Jupyter kernel (whose own SIGTERM handling stays); the previous handler
is put back afterwards.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from rillet import notebook


class Terminated(BaseException):
    """SIGTERM arrived while the main thread waited for the server (see the module)."""


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated(f"signal {signum}")


@contextmanager
def sigterm_raises() -> Iterator[None]:
    """While inside, SIGTERM raises :class:`Terminated` in the main thread; the handler
    there before is restored on the way out. Does nothing outside the main thread or in
    an IPython shell."""
    if threading.current_thread() is not threading.main_thread() or notebook.shell() is not None:
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)
