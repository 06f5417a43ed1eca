"""Gradio's ``buttons=`` argument: which corner buttons a component shows, and a warning
for those rillet does not draw (not a component: no ``.js`` beside it)."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from typing import Any


def warn_unhonoured_buttons(
    block: object, buttons: Sequence[Any] | None, honoured: Iterable[str]
) -> None:
    """Warn once, naming ``block`` and each one, about the buttons the app asked for that
    rillet does not draw: names outside ``honoured`` (``"share"``: Hugging Face Spaces
    discussions) and custom ``gr.Button`` entries. Defaults are not warned about: only what
    the app passed explicitly."""
    if not buttons:
        return
    known = set(honoured)
    names = [b for b in buttons if isinstance(b, str) and b not in known]
    custom = [b for b in buttons if not isinstance(b, str)]
    missing = [repr(n) for n in dict.fromkeys(names)]
    if custom:
        missing.append("custom gr.Button entries")
    if missing:
        warnings.warn(
            f"gr.{type(block).__name__}: `buttons` {', '.join(missing)} "
            "has no effect in rillet (accepted for compatibility with Gradio)",
            UserWarning,
            stacklevel=3,
        )
