"""Gradio's ``gr.ImageEditor`` templates: ``Sketchpad``, ``Paint`` and ``ImageMask``. Each is
an ``ImageEditor`` with other defaults, drawn by ``imageeditor.js`` and named like it."""

from __future__ import annotations

from typing import Any, ClassVar

from rillet.components.imageeditor import Brush, ImageEditor


class Sketchpad(ImageEditor):
    """A blank canvas with a black brush: ``sources=()``, ``transforms=("crop",)``."""

    is_template: ClassVar[bool] = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("sources", ())
        kwargs.setdefault("transforms", ("crop",))
        if not kwargs.get("brush"):
            kwargs["brush"] = Brush(colors=["#000000"], color_mode="fixed")
        super().__init__(*args, **kwargs)


class Paint(ImageEditor):
    """A blank canvas with the colour brush: ``sources=()``, ``transforms=("crop",)``."""

    is_template: ClassVar[bool] = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("sources", ())
        kwargs.setdefault("transforms", ("crop",))
        super().__init__(*args, **kwargs)


class ImageMask(ImageEditor):
    """Draw a mask over an uploaded image: a black brush on a single layer
    (``layers=False``), ``transforms=("crop",)``."""

    is_template: ClassVar[bool] = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("transforms", ("crop",))
        kwargs.setdefault("layers", False)
        if not kwargs.get("brush"):
            kwargs["brush"] = Brush(colors=["#000000"], color_mode="fixed")
        super().__init__(*args, **kwargs)
