"""Event-data parameters (``evt: gr.SelectData``...) are filled by the server, in their place
among the inputs, and are not inputs of the API."""

from __future__ import annotations

from typing import Optional

import rillet as gr
from rillet.core.request import input_parameter_names, server_parameters, with_request

TARGET = object()
EVENT = (TARGET, {"index": 2, "value": "b", "selected": True})


def picked(choice, evt: gr.SelectData):
    return choice, evt


def first(evt: gr.SelectData, choice):
    return choice, evt


def optional(choice, evt: Optional[gr.LikeData] = None):  # noqa: UP045 - the old spelling
    return choice, evt


def both(choice, request: gr.Request, evt: gr.EventData):
    return choice, request, evt


def test_each_event_data_parameter_gets_its_class_in_its_place():
    args, by_name = with_request(picked, ["x"], None, EVENT)
    assert by_name == {} and args[0] == "x"
    evt = args[1]
    assert isinstance(evt, gr.SelectData)
    assert (evt.index, evt.value, evt.selected, evt.target) == (2, "b", True, TARGET)
    assert (evt.row_value, evt.col_value) == (None, None)
    args, _ = with_request(first, ["x"], None, EVENT)
    assert isinstance(args[0], gr.SelectData) and args[1] == "x"


def test_optional_and_base_classes_and_requests_together():
    args, _ = with_request(optional, ["x"], None, (TARGET, {"index": 1, "value": "hi"}))
    assert isinstance(args[1], gr.LikeData) and args[1].liked is True
    request = gr.Request(session_hash="s")
    args, _ = with_request(both, ["x"], request, EVENT)
    assert args[1] is request and type(args[2]) is gr.EventData
    assert args[2]._data == EVENT[1]


def test_event_data_parameters_are_not_inputs():
    assert input_parameter_names(picked) == ["choice"]
    assert input_parameter_names(both) == ["choice"]
    assert [kind for _, kind in server_parameters(both)] == [gr.Request, gr.EventData]


def test_without_event_data_the_fields_are_none():
    args, _ = with_request(picked, ["x"], None)
    evt = args[1]
    assert (evt.index, evt.value, evt.target) == (None, None, None)


def test_string_annotations_name_the_classes():
    namespace: dict = {}
    exec(  # noqa: S102 - annotations as strings that name nothing importable
        "def f(x, evt: 'gr.KeyUpData'): return x, evt\n"
        "def g(x, evt: 'gradio.SelectData | None' = None): return x, evt\n"
        "def h(x, evt: 'SelectDatum'): return x, evt",
        namespace,
    )
    args, _ = with_request(namespace["f"], ["x"], None, (None, {"key": "Enter"}))
    assert isinstance(args[1], gr.KeyUpData) and args[1].key == "Enter"
    args, _ = with_request(namespace["g"], ["x"], None, EVENT)
    assert isinstance(args[1], gr.SelectData)
    assert server_parameters(namespace["h"]) == []


def test_file_event_data_has_attributes():
    def deleted(evt: gr.DeletedFileData):
        return evt

    data = {"path": "/tmp/x.txt", "orig_name": "x.txt", "size": 3, "url": "http://h/x"}
    (evt,), _ = with_request(deleted, [], None, (None, data))
    assert (evt.file.path, evt.file.orig_name, evt.file.size) == ("/tmp/x.txt", "x.txt", 3)
    (evt,), _ = with_request(deleted, [], None)
    assert evt.file is None
