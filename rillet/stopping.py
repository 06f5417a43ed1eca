"""Stopping: a model thread told that Stop was pressed, and SIGTERM handled like Ctrl+C.

**Stop reaches the model.** A chat function that streams a model's tokens usually runs the
model in a thread of its own (``transformers``' ``generate`` with a ``TextIteratorStreamer``)
and yields what the streamer gives. Stop (or a client that leaves) closes the function's
generator at its ``yield``, but the model thread knows nothing of it and keeps generating.
:func:`stop_on_close` gives the function a :class:`StopEvent` that is set when the generator
ends in any way; pass it to the model loop, which checks it between tokens (it is also a
``transformers`` stopping criterion, so ``stopping_criteria=[stop]`` is enough)::

    def respond(message, history):
        streamer = TextIteratorStreamer(tokenizer, skip_prompt=True)
        with gr.stop_on_close() as stop:
            Thread(target=model.generate, kwargs=dict(
                inputs, streamer=streamer, max_new_tokens=512, stopping_criteria=[stop],
            )).start()
            text = ""
            for token in streamer:
                text += token
                yield text

**SIGTERM.**
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
from typing import Any

from rillet import notebook


class StopEvent(threading.Event):
    """A ``threading.Event`` a model loop checks to end early: ``stop.is_set()`` between
    tokens. Called like a ``transformers`` ``StoppingCriteria`` (``stop(input_ids, scores)``)
    it answers whether it is set, so it can be passed in ``stopping_criteria``."""

    def __call__(self, *args: Any, **kwargs: Any) -> bool:
        return self.is_set()


@contextmanager
def stop_on_close() -> Iterator[StopEvent]:
    """A :class:`StopEvent` that is set when the ``with`` block is left in any way: the
    reply finished, an error, or the generator closed by Stop (``GeneratorExit`` at its
    ``yield``). Use it in a streaming chat function around the model thread (see the
    module's example)."""
    stop = StopEvent()
    try:
        yield stop
    finally:
        stop.set()


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
