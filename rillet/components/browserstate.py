"""``gr.BrowserState``: a value kept in the user's browser (``localStorage``) across visits."""

from __future__ import annotations

import secrets
import string
from typing import Any, ClassVar

from rillet.components.base import Component

#: The characters of a generated key or secret (Gradio's: letters and digits).
_ALPHABET = string.ascii_letters + string.digits


class BrowserState(Component):
    """A hidden value the page keeps in the browser's ``localStorage`` under
    ``storage_key``, encrypted with ``secret``: it survives reloads and new visits from the
    same browser. The page reads it back when it loads (so a ``demo.load`` listener gets
    it), sends it as an input, and stores what a function returns to it (firing
    ``change``). With no stored value (or one that does not decrypt), functions get
    ``default_value``.

    As in Gradio, the page encrypts and decrypts (AES-GCM through the browser's Web
    Crypto, with a key derived from ``secret``): the secret is part of the app's config,
    so the encryption keeps the value from other apps served at the same address and from
    casual reading of the browser's storage, not from the page's own user. A random
    ``secret`` (the default) changes at each start of the app, which forgets the values
    stored before; give a fixed one to keep them across restarts.

    Value: any JSON-serialisable value (a pydantic model is stored as its ``model_dump()``).
    """

    EVENTS: ClassVar[tuple[str, ...]] = ("change",)

    def __init__(
        self,
        default_value: Any = None,
        *,
        storage_key: str | None = None,
        secret: str | None = None,
        render: bool = True,
    ) -> None:
        self.default_value = _json_ready(default_value)
        self.storage_key = storage_key or _random_word()
        self.secret = secret or _random_word()
        super().__init__(self.default_value, render=render)

    def initial_payload(self) -> Any:
        """None: the page holds the value (``default_value`` until the browser has one),
        not ``/config``'s ``value``; so, as in Gradio, ``/gradio_api/info`` documents no
        default for a BrowserState parameter (``parameter_has_default`` False)."""
        return None

    def breaks_grouping(self) -> bool:
        """Drawing nothing, it leaves neighbouring form fields in one Form (as in Gradio)."""
        return False

    def preprocess(self, payload: Any) -> Any:
        """The stored value, or ``default_value`` when the browser has none."""
        return self.default_value if payload is None else payload

    def postprocess(self, value: Any) -> Any:
        return _json_ready(value)

    def api_info(self) -> dict[str, Any]:
        return {"type": {}, "description": "any json-serializable value"}

    def example_payload(self) -> Any:
        return "test"

    def example_value(self) -> Any:
        return "test"

    def api_python_type(self) -> str:
        return "str | float | bool | list | dict"

    def props(self) -> dict[str, Any]:
        return {
            "default_value": self.default_value,
            "storage_key": self.storage_key,
            "secret": self.secret,
        }


def _random_word() -> str:
    """Sixteen random letters and digits (a storage key or a secret)."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(16))


def _json_ready(value: Any) -> Any:
    """A pydantic model as its dict (it cannot travel as JSON otherwise); anything else as
    it is."""
    dump = getattr(value, "model_dump", None)
    if callable(dump) and not isinstance(value, type):
        return dump()
    return value
