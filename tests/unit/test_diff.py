"""Edits between values: the shapes Gradio's clients apply, and round trips."""

import pytest

from rillet.core import diff


def test_grown_string_is_one_append():
    assert diff.diff("hello", "hello world") == [["append", [], " world"]]


def test_changed_string_is_a_replace():
    assert diff.diff("hello", "help") == [["replace", [], "help"]]


def test_equal_values_have_no_edits():
    assert diff.diff({"a": [1, "x"]}, {"a": [1, "x"]}) == []


def test_type_change_is_a_replace():
    assert diff.diff("1", 1) == [["replace", [], 1]]


def test_nested_append_in_chat_messages():
    old = [{"role": "assistant", "content": "Hel"}]
    new = [{"role": "assistant", "content": "Hello"}]
    assert diff.diff(old, new) == [["append", [0, "content"], "lo"]]


@pytest.mark.parametrize(
    "old,new",
    [
        ([1, 2, 3], [1]),
        ([1], [1, 2, 3]),
        ([1, 2, 3, 4], [9, 2]),
        ({"a": 1, "b": 2}, {"b": 3, "c": [1]}),
        ({"x": [{"y": "ab"}]}, {"x": [{"y": "abc"}, {"z": None}]}),
        (None, {"a": 1}),
        ("", "abc"),
    ],
)
def test_applying_the_edits_gives_the_new_value(old, new):
    assert diff.apply(old, diff.diff(old, new)) == new


def test_apply_does_not_change_its_input():
    old = {"a": [1, 2]}
    diff.apply(old, [["add", ["a", 2], 3]])
    assert old == {"a": [1, 2]}
