"""``gr.set_static_paths``: files an app may serve without copying them first."""

from __future__ import annotations

import warnings
from pathlib import Path


def set_static_paths(paths: str | Path | list[str | Path]) -> None:
    """Gradio serves these files or folders as they are. rillet serves files under the
    working directory (and ``launch(allowed_paths=...)``) already, so for those this is
    honoured as it stands; a path outside the working directory warns, naming
    ``allowed_paths``, which is where it must go."""
    given = paths if isinstance(paths, list) else [paths]
    here = Path.cwd().resolve()
    outside = [str(p) for p in given if not Path(p).resolve().is_relative_to(here)]
    if outside:
        warnings.warn(
            f"gr.set_static_paths: {outside} are outside the working directory; rillet "
            "serves them only when given to launch(allowed_paths=[...])",
            UserWarning,
            stacklevel=2,
        )
