"""``gr.LoginButton``: Gradio's "Sign in with Hugging Face" button, drawn without OAuth."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any, ClassVar, Literal

from rillet.components.button import Button


class LoginButton(Button):
    """The Hugging Face sign-in button (drawn by ``button.js``) with Gradio's text.

    Signing in (Hugging Face OAuth, ``gr.OAuthProfile``) is not supported by rillet: the
    button shows but signs no one in, and making one warns so. ``logout_value`` is kept
    for compatibility. ``icon`` defaults to None: Gradio's default is its own Hugging Face
    logo file.
    """

    is_template: ClassVar[bool] = True

    def __init__(
        self,
        value: str = "Sign in with Hugging Face",
        logout_value: str = "Logout ({})",
        *,
        every: float | None = None,
        inputs: Any = None,
        variant: Literal["primary", "secondary", "stop", "huggingface"] = "huggingface",
        size: Literal["sm", "md", "lg"] = "lg",
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
        scale: int | None = None,
        min_width: int | None = None,
    ) -> None:
        warnings.warn(
            "gr.LoginButton: signing in with Hugging Face (OAuth) is not supported by "
            "rillet; the button is shown but signs no one in",
            UserWarning,
            stacklevel=2,
        )
        self.logout_value = logout_value
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
