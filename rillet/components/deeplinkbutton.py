"""``gr.DeepLinkButton``: a button that copies a link to the app."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any, Literal

from rillet.components.button import Button

#: Gradio's default icon, a chain link: the page draws its own (its ``icon`` prop is None).
_LINK_ICON = "link.svg"


class DeepLinkButton(Button):
    """A button that copies a link to the app's page to the clipboard, then shows
    ``copied_value`` for a second. Drawn by ``deeplinkbutton.js`` (the copying happens in
    the page, as in Gradio).

    Gradio's link also carries ``?deep_link=<id>``: a snapshot of the session's component
    values that the page restores when opened. Rillet copies the page's address without
    that snapshot (warned when the button is made), so the link opens the app afresh.
    """

    def __init__(
        self,
        value: str = "Share via Link",
        copied_value: str = "Link Copied!",
        *,
        inputs: Any = None,
        variant: Literal["primary", "secondary"] = "secondary",
        size: Literal["sm", "md", "lg"] = "lg",
        icon: str | Path | None = _LINK_ICON,
        link: str | None = None,
        link_target: Literal["_self", "_blank", "_parent", "_top"] = "_self",
        visible: bool | Literal["hidden"] = True,
        interactive: bool = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = "value",
        scale: int | None = None,
        min_width: int | None = None,
        every: float | None = None,
    ) -> None:
        del elem_id  # Gradio ignores it too: the id is always its own, below
        self.copied_value = copied_value
        super().__init__(
            value,
            every=every,
            inputs=inputs,
            variant=variant,
            size=size,
            icon=None if icon == _LINK_ICON else icon,
            link=link,
            link_target=link_target,
            visible=visible,
            interactive=interactive,
            elem_id="gradio-share-link-button-0",  # Gradio's, for every one
            elem_classes=elem_classes,
            render=render,
            key=key,
            preserved_by_key=preserved_by_key,
            scale=scale,
            min_width=min_width,
        )
        warnings.warn(
            "gr.DeepLinkButton: the copied link opens the app afresh; rillet does not save "
            "the session's component values in it (Gradio's ?deep_link=...)",
            UserWarning,
            stacklevel=2,
        )

    def props(self) -> dict[str, Any]:
        return {**super().props(), "copied_value": self.copied_value}
