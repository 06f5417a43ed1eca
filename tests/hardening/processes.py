"""An app served by its own Python process, as in production: its output read line by
line, its URL taken from what it prints, stopped with a signal."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVING = r"(http://127\.0\.0\.1:\d+)/"


class AppProcess:
    """A running ``python app.py`` (or ``python -m rillet app.py``) and what it printed."""

    def __init__(self, proc: subprocess.Popen[str], url_pattern: str = SERVING) -> None:
        self.proc = proc
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.url = self.wait_line(url_pattern).group(1)

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    def wait_line(self, pattern: str, timeout: float = 60) -> re.Match[str]:
        """The first printed line matching ``pattern`` (waits for it)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for line in self.lines:
                    if found := re.search(pattern, line):
                        return found
                left = deadline - time.monotonic()
                assert left > 0 and self._reader.is_alive(), (pattern, self.lines)
                self._changed.wait(left)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> int:
        """Send ``sig`` and wait for the process to end; its exit code."""
        self.proc.send_signal(sig)
        code = self.proc.wait(timeout)
        self._reader.join(timeout)
        return code


@contextmanager
def app_process(
    args: list[str],
    cwd: Path,
    env: dict[str, str] | None = None,
    preexec_fn: Callable[[], None] | None = None,
    url_pattern: str = SERVING,
) -> Iterator[AppProcess]:
    """``python ARGS`` in ``cwd`` on a free port; killed at the end if still running."""
    environment = {
        **os.environ,
        "GRADIO_SERVER_PORT": "0",
        "PYTHONUNBUFFERED": "1",
        "PYTHONPATH": str(ROOT),
        **(env or {}),
    }
    proc = subprocess.Popen(
        [sys.executable, *args],
        cwd=cwd,
        env=environment,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        preexec_fn=preexec_fn,
    )
    try:
        yield AppProcess(proc, url_pattern)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
