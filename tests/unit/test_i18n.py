"""``gr.I18n``: the keys' markers Gradio 6.31 sends, and the lookup order the page uses."""

from __future__ import annotations

import copy
import json
import pickle

import pytest

from rillet.components.radio import Radio
from rillet.components.textbox import Textbox
from rillet.i18n import I18n, I18nData

#: What Gradio 6.31's ``str(gr.I18n(...)("greeting"))`` is.
GRADIO_MARKER = '__i18n__{"__type__": "translation_metadata", "key": "greeting"}'


def test_a_key_is_text_in_gradios_form() -> None:
    key = I18n(en={"greeting": "Hello"})("greeting")
    assert isinstance(key, I18nData) and isinstance(key, str)
    assert key == str(key) == GRADIO_MARKER
    assert key.key == "greeting"
    assert key.to_dict() == key.tojson() == {"__type__": "translation_metadata", "key": "greeting"}
    assert json.dumps({"label": key}) == json.dumps({"label": GRADIO_MARKER})
    assert "Hi " + key == "Hi " + GRADIO_MARKER and key + "!" == GRADIO_MARKER + "!"
    assert (
        copy.deepcopy(key).key == "greeting" and pickle.loads(pickle.dumps(key)).key == "greeting"
    )


def test_keys_with_quotes_round_trip() -> None:
    i18n = I18n(en={'say "hi"': "Hi"})
    assert i18n.translate(i18n('say "hi"'), "en") == "Hi"


def test_components_carry_the_marker_in_labels_values_and_choices() -> None:
    i18n = I18n(en={})
    box = Textbox(label=i18n("name_label"), value=i18n("john"), render=False)
    config = box.get_config()
    assert config["label"] == i18n("name_label") and config["value"] == i18n("john")
    assert box.postprocess(i18n("john")) == i18n("john")  # a returned key goes out as is
    radio = Radio([(i18n("bold"), "bold")], value="bold", render=False)
    assert radio.get_config()["choices"] == [[i18n("bold"), "bold"]]
    assert radio.preprocess("bold") == "bold"  # only the display side is a key


def test_lookup_order_locale_language_english_key() -> None:
    i18n = I18n(
        en={"a": "Hello", "b": "Only English"}, fr={"a": "Bonjour"}, **{"pt-BR": {"a": "Olá"}}
    )
    assert i18n.translate(i18n("a"), "fr") == "Bonjour"
    assert i18n.translate(i18n("a"), "fr-CA") == "Bonjour"
    assert i18n.translate(i18n("a"), "pt-BR") == "Olá"
    assert i18n.translate(i18n("b"), "fr") == "Only English"
    assert i18n.translate(i18n("zz"), "fr") == "zz"
    assert i18n.translate("x " + i18n("a") + " y", "de") == "x Hello y"


def test_translations_dict_and_locale_warning() -> None:
    i18n = I18n(en={"a": "A"}, fr={"a": "B"})
    assert i18n.translations_dict == {"en": {"a": "A"}, "fr": {"a": "B"}}
    with pytest.warns(UserWarning, match="'English'"):
        I18n(English={"a": "A"})
