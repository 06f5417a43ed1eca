"""Errors user code raises on purpose, shown to the user as they are."""

from __future__ import annotations


class Error(Exception):
    """Raise ``gr.Error("message")`` in an event function to show ``message`` on the page.

    Unlike other exceptions, whose details stay in the server log, the message of an
    ``Error`` always reaches the user (and ``gradio_client`` raises it as ``AppError``).
    Outputs already shown by earlier yields stay on the page.
    """

    def __init__(
        self,
        message: str = "Error raised.",
        duration: float | None = 10,
        visible: bool = True,
        title: str = "Error",
        print_exception: bool = True,
    ):
        super().__init__(message)
        self.message = message
        self.duration = duration
        self.visible = visible
        self.title = title
        self.print_exception = print_exception

    def __str__(self) -> str:
        return repr(self.message)


class InvalidValue(Error, ValueError):
    """A component refuses an input value; the message, worded for the user, reaches the
    client as it is (as Gradio's component errors do). A ``ValueError`` too, for code that
    catches those."""


class QueueFull(Exception):
    """The queue has reached ``max_size``; the client gets HTTP 503."""


class InputError(Exception):
    """An input payload a component cannot turn into a Python value."""
