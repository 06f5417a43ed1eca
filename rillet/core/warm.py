"""``Warm``: an event function with state that is made once, such as a loaded model.

    class Diffusion:
        def __init__(self):                 # runs once, not once per event
            self.pipe = load_pipeline()

        def __call__(self, prompt, steps):  # the event function: any of the four shapes
            for image in self.pipe(prompt, steps):
                yield image

    btn.click(rillet.Warm(Diffusion), [prompt, steps], image)

In the web process the instance is made on the first call and shared by every event that
uses this ``Warm``. With ``backend="ray"`` each Ray actor makes its own, once, and keeps
it for the calls it serves.
"""

from __future__ import annotations

import inspect
import threading
from typing import Any


class Warm:
    """Make ``cls(*args, **kwargs)`` once, on first use, and call it with each event's
    inputs."""

    def __init__(self, cls: type, *args: Any, **kwargs: Any) -> None:
        if not isinstance(cls, type) or not callable(cls):
            raise TypeError(f"Warm needs a class with a __call__ method, got {cls!r}")
        if "__call__" not in {name for klass in cls.__mro__[:-1] for name in vars(klass)}:
            raise TypeError(
                f"Warm({cls.__name__}): the class defines no __call__ method; "
                "that method is the event function"
            )
        self.cls = cls
        self.args = args
        self.kwargs = kwargs
        self.__name__ = cls.__name__
        self.__signature__ = _call_signature(cls)
        self._instance: Any = None
        self._lock = threading.Lock()

    @property
    def call(self) -> Any:
        """The class's ``__call__`` (unbound): what tells its shape (generator or not)."""
        return self.cls.__call__

    def instance(self) -> Any:
        """The one instance, made now if this is the first use."""
        with self._lock:
            if self._instance is None:
                self._instance = self.cls(*self.args, **self.kwargs)
            return self._instance

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.instance()(*args, **kwargs)

    def __getstate__(self) -> dict[str, Any]:
        # Shipped to a Ray actor: the class and its arguments, never the instance.
        return {"cls": self.cls, "args": self.args, "kwargs": self.kwargs}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["cls"], *state["args"], **state["kwargs"])  # type: ignore[misc]

    def __repr__(self) -> str:
        return f"Warm({self.cls.__qualname__})"


def _call_signature(cls: type) -> inspect.Signature | None:
    try:
        signature = inspect.signature(cls.__call__)
    except (TypeError, ValueError):
        return None
    params = list(signature.parameters.values())[1:]  # without self
    return signature.replace(parameters=params)
