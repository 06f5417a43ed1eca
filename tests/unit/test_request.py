"""``gr.Request``: the object (plain, picklable values) and which parameters get it."""

from __future__ import annotations

import functools
import pickle
from types import SimpleNamespace

import rillet as gr
from rillet.core.request import (
    MultiMap,
    Request,
    input_parameter_names,
    server_parameters,
    with_request,
)

REQ = Request(
    headers=[("X-Who", "ann"), ("Accept", "a"), ("accept", "b")],
    client=("10.0.0.1", 5555),
    query_params=[("tag", "x"), ("tag", "y")],
    cookies={"c": "1"},
    url="http://h/gradio_api/queue/join?tag=x&tag=y",
    session_hash="s1",
    username="ann",
    extra="kept",
)


def test_headers_are_case_insensitive_and_keep_repeats():
    assert REQ.headers["x-who"] == REQ.headers["X-WHO"] == "ann"
    assert "X-Who" in REQ.headers and "x-missing" not in REQ.headers
    assert REQ.headers["accept"] == "a" and REQ.headers.getlist("ACCEPT") == ["a", "b"]
    assert dict(REQ.headers) == {"x-who": "ann", "accept": "a"}
    assert REQ.headers.get("nope", "default") == "default"


def test_query_params_keep_repeats_and_the_last_value_wins():
    assert REQ.query_params["tag"] == "y" and REQ.query_params.getlist("tag") == ["x", "y"]
    assert "Tag" not in REQ.query_params  # keys of a query string are case-sensitive


def test_attributes_as_gradio_names_them():
    assert REQ.client.host == "10.0.0.1" and REQ.client.port == 5555
    assert REQ.session_hash == "s1" and REQ.username == "ann"
    assert REQ.cookies == {"c": "1"} and REQ.path_params == {}
    assert REQ.url.endswith("?tag=x&tag=y")
    assert REQ.extra == "kept"  # other keyword arguments are attributes, as in Gradio


def test_an_empty_request_has_every_attribute():
    empty = gr.Request()
    assert dict(empty.headers) == {} and empty.client.host is None
    assert empty.username is None and empty.session_hash is None and empty.url == ""


def test_an_unknown_attribute_says_which_ones_exist():
    try:
        REQ.nope  # noqa: B018
    except AttributeError as error:
        assert "headers" in str(error) and "nope" in str(error)
    else:
        raise AssertionError("no AttributeError")


def test_copied_from_a_request_like_object():
    like = SimpleNamespace(
        headers={"X-A": "1"},
        client=SimpleNamespace(host="h", port=1),
        query_params=MultiMap([("q", "v")]),
        path_params={"p": "x"},
        cookies={"k": "v"},
        url="http://h/x",
    )
    made = Request(like, session_hash="s")
    assert made.headers["x-a"] == "1" and made.client == ("h", 1)
    assert made.query_params["q"] == "v" and made.path_params == {"p": "x"}
    assert made.url == "http://h/x" and made.cookies == {"k": "v"}


def test_pickles_whole_for_ray():
    copy = pickle.loads(pickle.dumps(REQ))
    assert copy.headers.getlist("accept") == ["a", "b"] and copy.headers["X-WHO"] == "ann"
    assert copy.client.host == "10.0.0.1" and copy.session_hash == "s1"
    assert copy.query_params.getlist("tag") == ["x", "y"] and copy.extra == "kept"


def after(text, request: gr.Request):
    return text, request


def first(request: gr.Request, text):
    return text, request


def optional(text, request: gr.Request | None = None):
    return text, request


def union(text, request: gr.Request | None = None):
    return text, request


def after_progress(text, progress=gr.Progress(), request: gr.Request = None):
    return text, request


def keyword_only(text, *, request: gr.Request):
    return text, request


def plain(text, other: str = "x"):
    return text, other


def call(fn, args):
    values, by_name = with_request(fn, args, REQ)
    return fn(*values, **by_name)


def test_the_request_goes_where_the_function_asks_for_it():
    for fn in (after, first, optional, union, after_progress, keyword_only):
        assert call(fn, ["hi"]) == ("hi", REQ), fn.__name__
    assert with_request(plain, ["hi"], REQ) == (["hi"], {})
    assert with_request(after_progress, ["hi"], REQ) == (["hi"], {"request": REQ})
    assert with_request(first, ["hi"], REQ) == ([REQ, "hi"], {})


def test_unresolvable_string_annotations_are_read_as_text():
    namespace: dict = {}
    exec(  # noqa: S102 - functions whose annotations name nothing importable
        "def f(text, request: 'gr.Request'): return text, request\n"
        "def g(text, request: 'Optional[gradio.Request]' = None): return text, request\n"
        "def h(text, request: 'Requests'): return text, request",
        namespace,
    )
    assert call(namespace["f"], ["a"]) == ("a", REQ)
    assert call(namespace["g"], ["a"]) == ("a", REQ)
    assert server_parameters(namespace["h"]) == []


def test_partials_and_warm_classes_are_seen_through():
    class Model:
        def __call__(self, text, request: gr.Request):
            return text, request

    assert call(functools.partial(after), ["x"]) == ("x", REQ)
    assert call(gr.Warm(Model), ["x"]) == ("x", REQ)
    assert input_parameter_names(gr.Warm(Model)) == ["text"]


def test_input_parameter_names_leave_the_request_out():
    assert input_parameter_names(first) == ["text"]
    assert input_parameter_names(after_progress) == ["text", "progress"]
    assert input_parameter_names(None) == [] and input_parameter_names(len) == ["obj"]
