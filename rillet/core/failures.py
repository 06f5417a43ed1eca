"""An event that failed: the message its client gets, and what the server log keeps."""

from __future__ import annotations

import logging
import traceback

from rillet import protocol
from rillet.core.errors import Error, InputError

log = logging.getLogger("rillet")


def failure(
    event_id: str, fn_name: str, error: Exception, show_error: bool
) -> protocol.ProcessCompleted:
    """The ``process_completed`` message of an event whose function ``fn_name`` raised
    ``error``: a ``gr.Error``'s message and a bad input's reason reach the user; any other
    exception is logged in full, and its message shown only if ``show_error`` (as Gradio
    shows it: ``str(error)``, without the exception's class name)."""
    if isinstance(error, Error):
        if error.print_exception:
            log.warning("gr.Error in %s: %s", fn_name, error.message)
        out = protocol.error_output(
            error.message, duration=error.duration, visible=error.visible, title=error.title
        )
    elif isinstance(error, InputError):
        out = protocol.error_output(str(error))
    else:
        log.error("error in %s:\n%s", fn_name, "".join(traceback.format_exception(error)))
        shown = str(error) if show_error else None
        out = protocol.error_output(shown)
    return protocol.ProcessCompleted(event_id=event_id, output=out, success=False)
