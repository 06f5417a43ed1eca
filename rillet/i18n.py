"""Translated text: ``gr.I18n`` and the keys it hands out (``i18n("greeting")``).

::

    i18n = gr.I18n(en={"greeting": "Hello"}, fr={"greeting": "Bonjour"})
    gr.Markdown(i18n("greeting"))
    gr.Textbox(label=i18n("name_label"))
    demo.launch(i18n=i18n)

``i18n(key)`` is a string, so it goes wherever text goes (labels, values, choices, a
function's return value). It reads ``__i18n__{"__type__": "translation_metadata", "key":
...}``, the form Gradio 6.31 gives it in ``/info`` and in values; the page replaces each
such marker by the text for the browser's language (``navigator.languages``: an exact
locale, then its language, then ``en``, then the key itself), from the translations
``launch(i18n=...)`` puts in ``/config`` (``i18n_translations``). The translation happens
in the page only: the server, the API and ``gradio_client`` see the markers, as in Gradio.
"""

from __future__ import annotations

import json
import re
import warnings
from typing import Any

__all__ = ["I18n", "I18nData"]

#: What the marker of a key starts with, as Gradio writes it.
MARKER = "__i18n__"
#: A BCP 47 language tag, roughly: "en", "fr", "pt-BR", "zh-Hant-TW".
_LOCALE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


class I18nData(str):
    """A translation key as text: ``__i18n__`` and the key's JSON metadata. Being a
    ``str``, it is accepted wherever text is; joined to other text (``"x" + key``) it
    stays a marker inside that text, which the page translates in place."""

    key: str

    def __new__(cls, key: str) -> I18nData:
        text = MARKER + json.dumps({"__type__": "translation_metadata", "key": key})
        made = super().__new__(cls, text)
        made.key = key
        return made

    def to_dict(self) -> dict[str, Any]:
        """The key's metadata, as Gradio's page reads it in ``/config``."""
        return {"__type__": "translation_metadata", "key": self.key}

    def tojson(self) -> dict[str, Any]:
        """The same as :meth:`to_dict` (Gradio's name for JSON encoders)."""
        return self.to_dict()

    def __reduce__(self) -> tuple[Any, ...]:  # pickles (and deep-copies) as the key
        return (I18nData, (self.key,))


class I18n:
    """Translations by locale: ``gr.I18n(en={"key": "text"}, fr={...})``. Call it with a
    key to get text the page translates; pass it to ``launch(i18n=...)`` so the page has
    the translations. A locale that is not a language tag is kept, with a warning."""

    def __init__(self, **translations: dict[str, str]) -> None:
        self.translations: dict[str, dict[str, str]] = {}
        for locale, table in translations.items():
            if not _LOCALE.match(locale):
                warnings.warn(
                    f"gr.I18n: {locale!r} is not a locale code such as 'en' or 'pt-BR'; "
                    "it is kept, but browsers will not ask for it",
                    UserWarning,
                    stacklevel=2,
                )
            self.translations[locale] = dict(table)

    def __call__(self, key: str) -> I18nData:
        """The text that stands for ``key`` until the page translates it."""
        return I18nData(key)

    @property
    def translations_dict(self) -> dict[str, dict[str, str]]:
        """The translations by locale (what ``/config`` gives the page)."""
        return self.translations

    def translate(self, text: str, locale: str) -> str:
        """``text`` with each key's marker replaced by its text in ``locale`` (or that
        locale's language, then "en", then the key itself): what the page shows."""
        return _MARKER_RE.sub(lambda m: self._lookup(_key_of(m), locale), text)

    def _lookup(self, key: str, locale: str) -> str:
        for candidate in (locale, locale.split("-")[0], "en"):
            table = self.translations.get(candidate)
            if table is not None and key in table:
                return table[key]
        return key


#: One key's marker inside text, capturing the key.
_MARKER_RE = re.compile(
    re.escape(MARKER) + r'\{"__type__": "translation_metadata", "key": ("(?:[^"\\]|\\.)*")\}'
)


def _key_of(match: re.Match[str]) -> str:
    return str(json.loads(match.group(1)))
