"""``launch()`` from Jupyter or IPython: return at once, show the app inline, replace the app
that an earlier run of the same cell launched.

A launch from an IPython shell closes the apps launched by an *earlier run* of the same cell
(the ``cellId`` that JupyterLab, Notebook 7 and VS Code put in the request's metadata), or,
when the kernel is not told the cell (classic Notebook, the IPython terminal), the apps an
earlier run launched with the same ``server_port``. So a re-run cell gets its port back
instead of drifting to 7861, while several apps launched by one run all keep serving. The
record of what was launched lives on the IPython shell object.

IPython is never imported here: without a running shell it is not in ``sys.modules``.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Hashable
from html import escape
from typing import Any

_RECORD = "_rillet_launched"  # attribute of the shell: {key: (run id, [apps])}
_ALLOW = "autoplay; camera; microphone; clipboard-read; clipboard-write;"


class Launched(tuple[Any, str, None]):
    """``launch()``'s (app, local URL, share URL): a tuple a notebook does not echo as the
    cell's result (the app is shown inline instead)."""

    def _ipython_display_(self) -> None:
        """Show nothing: IPython calls this instead of printing the tuple."""


def shell() -> Any | None:
    """The running IPython shell (a Jupyter kernel's or the IPython terminal's), or None."""
    ipython = sys.modules.get("IPython")
    return None if ipython is None else ipython.get_ipython()


def is_notebook(ipython: Any | None) -> bool:
    """Whether ``ipython`` is a kernel's shell, whose displays a notebook shows."""
    return getattr(ipython, "kernel", None) is not None


def _request(ipython: Any) -> tuple[str | None, Hashable]:
    """(cell id or None, an id of this run of it) for the code running now."""
    get_parent = getattr(getattr(ipython, "kernel", None), "get_parent", None)
    if get_parent is None:  # the IPython terminal: each input has its own number
        return None, ipython.execution_count
    message = get_parent() or {}
    cell = (message.get("metadata") or {}).get("cellId")
    return cell, (message.get("header") or {}).get("msg_id")


def replace_previous(app: Any, port: int | None) -> Any | None:
    """In IPython, close the apps this launch of ``app`` on ``port`` replaces (launched by
    an earlier run of the same cell, or, with no cell id, with the same port) and record
    ``app``; returns the shell. Outside IPython does nothing and returns None."""
    ipython = shell()
    if ipython is None:
        return None
    cell, run = _request(ipython)
    key: Hashable = ("cell", cell) if cell else ("port", port)
    record: dict[Hashable, tuple[Hashable, list[Any]]] = getattr(ipython, _RECORD, None) or {}
    last_run, apps = record.get(key, (None, []))
    if last_run != run:
        for old in apps:
            if old is not app:
                old.close()
        apps = []
    record[key] = (run, [*(a for a in apps if a is not app), app])
    setattr(ipython, _RECORD, record)
    return ipython


def iframe(url: str, height: int | str, width: int | str) -> str:
    """The HTML that shows the app at ``url`` inline, as Gradio's."""
    return (
        f'<div><iframe src="{escape(url)}" width="{escape(str(width))}" '
        f'height="{escape(str(height))}" allow="{_ALLOW}" frameborder="0" '
        "allowfullscreen></iframe></div>"
    )


def show(
    url: str, ipython: Any | None, inline: bool | None, height: int | str, width: int | str
) -> None:
    """Display the app at ``url`` in the running cell when ``inline`` (None: in a notebook);
    ``inline=True`` with no notebook warns that there is nowhere to show it."""
    if not (is_notebook(ipython) if inline is None else inline):
        return
    if not is_notebook(ipython):
        warnings.warn(
            "launch(inline=True): there is no notebook to show the app in, so it "
            "is only served at its URL.",
            stacklevel=3,
        )
        return
    from IPython.display import display

    display(
        {"text/html": iframe(url, height, width), "text/plain": f"rillet app at {url}"}, raw=True
    )
