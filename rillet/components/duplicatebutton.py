"""``gr.DuplicateButton``: on a Hugging Face Space, opens the page that duplicates it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, ClassVar, Literal

from rillet.components.button import Button


def space_id() -> str | None:
    """The ``owner/name`` of the Hugging Face Space this app runs in (the rule Gradio
    uses: ``SYSTEM=spaces`` and ``SPACE_ID`` set), or None elsewhere."""
    if os.environ.get("SYSTEM") == "spaces":
        return os.environ.get("SPACE_ID") or None
    return None


class DuplicateButton(Button):
    """A small Hugging Face button (drawn by ``button.js``). On a Space, clicking it opens
    ``https://huggingface.co/spaces/<id>?duplicate=true`` in a new tab; elsewhere it does
    nothing, as in Gradio (it is shown either way)."""

    is_template: ClassVar[bool] = True

    def __init__(
        self,
        value: str = "Duplicate Space",
        *,
        every: float | None = None,
        inputs: Any = None,
        variant: Literal["primary", "secondary", "stop", "huggingface"] = "huggingface",
        size: Literal["sm", "md", "lg"] = "sm",
        icon: str | Path | None = None,
        link: str | None = None,
        link_target: Literal["_self", "_blank", "_parent", "_top"] = "_self",
        visible: bool | Literal["hidden"] = True,
        interactive: bool = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = "value",
        scale: int | None = 0,
        min_width: int | None = None,
        _activate: bool = True,
    ) -> None:
        super().__init__(
            value,
            every=every,
            inputs=inputs,
            variant=variant,
            size=size,
            icon=icon,
            link=link,
            link_target=link_target,
            visible=visible,
            interactive=interactive,
            elem_id=elem_id,
            elem_classes=elem_classes,
            render=render,
            key=key,
            preserved_by_key=preserved_by_key,
            scale=scale,
            min_width=min_width,
        )
        if _activate:
            self.activate()

    def activate(self) -> None:
        """On a Space, make a click open the Space's duplication page (the button's
        ``link``, which ``button.js`` opens in a new tab); elsewhere leave it inert."""
        space = space_id()
        if space is not None and self.link is None:
            self.link = f"https://huggingface.co/spaces/{space}?duplicate=true"
