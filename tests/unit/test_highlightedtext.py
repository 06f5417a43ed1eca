"""HighlightedText: Gradio's arguments, conversions, schema and warnings (no sockets)."""

from __future__ import annotations

import inspect
import warnings

import pytest

from rillet.components.highlightedtext import HighlightedText

GRADIO_PARAMETERS = [
    ("value", None),
    ("color_map", None),
    ("show_legend", False),
    ("show_inline_category", True),
    ("combine_adjacent", False),
    ("adjacent_separator", ""),
    ("show_whitespaces", True),
    ("label", None),
    ("every", None),
    ("inputs", None),
    ("show_label", None),
    ("container", True),
    ("scale", None),
    ("min_width", 160),
    ("visible", True),
    ("elem_id", None),
    ("elem_classes", None),
    ("render", True),
    ("key", None),
    ("preserved_by_key", "value"),
    ("interactive", None),
    ("rtl", False),
    ("buttons", None),
]


def make(**options):
    return HighlightedText(render=False, **options)


def test_signature_is_gradios():
    params = list(inspect.signature(HighlightedText.__init__).parameters.values())
    assert [(p.name, p.default) for p in params[1:]] == GRADIO_PARAMETERS
    assert params[1].kind is params[1].POSITIONAL_OR_KEYWORD
    assert all(p.kind is p.KEYWORD_ONLY for p in params[2:])


def test_name_events_and_props():
    ht = make(value=[("a", "x"), ("b", None)], color_map={"x": "red"})
    assert ht.get_block_name() == "highlightedtext"
    assert HighlightedText.EVENTS == ("change", "select")
    config = ht.get_config()
    assert config["value"] == [
        {"token": "a", "class_or_confidence": "x"},
        {"token": "b", "class_or_confidence": None},
    ]
    expected = {
        "color_map": {"x": "red"},
        "show_legend": False,
        "show_inline_category": True,
        "combine_adjacent": False,
        "adjacent_separator": "",
        "show_whitespaces": True,
        "rtl": False,
        "buttons": [],
    }
    assert {k: config[k] for k in expected} == expected


def test_pairs_and_scores():
    out = make().postprocess([("good", 0.5), ("bad", -0.25), ("x ", None)])
    assert out == [
        {"token": "good", "class_or_confidence": 0.5},
        {"token": "bad", "class_or_confidence": -0.25},
        {"token": "x ", "class_or_confidence": None},
    ]
    assert make().postprocess(None) is None


def test_entities_dict_like_gradio():
    value = {
        "text": "hello world foo",
        "entities": [
            {"entity_group": "N", "start": 6, "end": 11},
            {"entity": "N", "start": 0, "end": 5},
        ],
    }
    assert make().postprocess(value) == [
        {"token": "", "class_or_confidence": None},
        {"token": "hello", "class_or_confidence": "N"},
        {"token": " ", "class_or_confidence": None},
        {"token": "world", "class_or_confidence": "N"},
        {"token": " foo", "class_or_confidence": None},
    ]
    assert make().postprocess({"text": "plain", "entities": []}) == [
        {"token": "plain", "class_or_confidence": None}
    ]
    with pytest.raises(ValueError, match=r"text.*entities"):
        make().postprocess({"text": "no entities"})


def test_combine_adjacent_with_separator():
    ht = make(combine_adjacent=True, adjacent_separator=" ")
    out = ht.postprocess([("a", "X"), ("b", "X"), ("", None), ("c", None), ("d", None), ("e", "X")])
    assert out == [
        {"token": "a b", "class_or_confidence": "X"},
        {"token": "c d", "class_or_confidence": None},
        {"token": "e", "class_or_confidence": "X"},
    ]


def test_show_whitespaces_false_trims_tokens():
    assert make(show_whitespaces=False).postprocess([(" a ", "X")]) == [
        {"token": "a", "class_or_confidence": "X"}
    ]


def test_bad_values_are_refused():
    with pytest.raises(ValueError, match="string"):
        make().postprocess([(1, None)])
    with pytest.raises(ValueError, match="pairs"):
        make().postprocess([("a", "b", "c")])
    with pytest.raises(ValueError, match="label"):
        make().postprocess([("a", {"no": 1})])


def test_preprocess_gives_gradios_token_dicts():
    payload = [{"token": "a", "class_or_confidence": "x"}, {"token": "b"}]
    assert make().preprocess(payload) == [
        {"token": "a", "class_or_confidence": "x"},
        {"token": "b", "class_or_confidence": None},
    ]
    assert make().preprocess(None) is None


def test_api_info_is_gradios():
    info = make().api_info()
    assert info["title"] == "HighlightedTextData"
    assert info["items"] == {"$ref": "#/$defs/HighlightedToken"}
    token = info["$defs"]["HighlightedToken"]
    assert token["required"] == ["token"]
    assert token["properties"]["class_or_confidence"]["anyOf"] == [
        {"type": "string"},
        {"type": "number"},
        {"type": "null"},
    ]
    assert make().example_payload()[1] == {"token": "quick", "class_or_confidence": "adj"}


def test_api_type_reads_in_gradio_client():
    utils = pytest.importorskip("gradio_client.utils")
    assert "list" in utils.json_schema_to_python_type(make().api_info())


def test_unhonoured_arguments_warn():
    with pytest.warns(UserWarning, match="interactive"):
        make(interactive=True)
    with pytest.warns(UserWarning, match="every"):
        make(every=1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        make(interactive=False, show_legend=True, combine_adjacent=True)
