"""gr.Code on a real server: gradio_client round trips (the code as typed in, stripped out),
a streamed Code output travels as appends, /config carries its props, and the vendor route
serves the highlighter's core and grammars (and nothing else)."""

from __future__ import annotations

import httpx
import pytest
from gradio_client import Client

import rillet as gr
from rillet.server.app import VENDOR_FILES
from rillet.testing import serve

PROGRAM = 'def f(x):\n    """Twice x."""\n    return 2 * x\n\n\nprint(f(21))\n'


def tokens():
    """The program, a few characters per yield (a model writing code)."""
    for end in range(4, len(PROGRAM) + 4, 4):
        yield PROGRAM[:end]


@pytest.fixture(scope="module")
def code_app():
    with gr.Blocks() as demo:
        source = gr.Code(language="python", label="Source", lines=3, max_lines=10)
        shown = gr.Code(language="python", label="Shown", wrap_lines=True)
        source.change(lambda text: text, source, shown, api_name="echo")
        gr.Button("Write").click(tokens, None, shown, api_name="write")
        gr.Code("SELECT 1;", language="sql-pgSQL", show_line_numbers=False, buttons=["copy"])
    with serve(demo) as url:
        yield url


def test_the_code_goes_in_as_typed_and_comes_out_stripped(code_app):
    client = Client(code_app, verbose=False)
    assert client.predict("\n  x = 1\n\n", api_name="/echo") == "x = 1"
    info = client.view_api(return_format="dict", print_info=False)["named_endpoints"]["/echo"]
    assert info["parameters"][0]["python_type"]["type"] == "str"
    assert info["returns"][0]["python_type"]["type"] == "str"


def test_a_streamed_code_output_grows_by_appends(code_app, sse_for):
    got = [m for _, m in sse_for(code_app).run(1, [])]
    steps = [m["output"]["data"][0] for m in got if m["msg"] == "process_generating"]
    assert isinstance(steps[0], str) and len(steps) >= 2
    text = steps[0]
    for edits in steps[1:]:
        for op, path, value in edits:
            assert (op, path) == ("append", [])  # never the whole text again
            text += value
    final = next(m for m in got if m["msg"] == "process_completed")
    assert final["output"]["data"] == [PROGRAM.strip()] and text == PROGRAM.strip()


def test_the_client_streams_the_code(code_app):
    job = Client(code_app, verbose=False).submit(api_name="/write")
    outputs = list(job)
    assert outputs[-1] == PROGRAM.strip() == job.result()
    assert all(PROGRAM.startswith(o) for o in outputs)


def test_config_carries_the_props(code_app):
    config = httpx.get(f"{code_app}/config").json()
    codes = [c["props"] for c in config["components"] if c["type"] == "code"]
    assert [(p["language"], p["lines"], p["max_lines"]) for p in codes] == [
        ("python", 3, 10),
        ("python", 5, None),
        ("sql-pgSQL", 5, None),
    ]
    assert [p["wrap_lines"] for p in codes] == [False, True, False]
    assert [p["show_line_numbers"] for p in codes] == [True, True, False]
    assert [p["buttons"] for p in codes] == [["copy", "download"]] * 2 + [["copy"]]


def test_the_vendor_route_serves_the_highlighter(code_app):
    names = [n for n in VENDOR_FILES if n == "highlight.mjs" or n.startswith("hljs-")]
    assert len(names) == 41
    with httpx.Client(base_url=code_app) as http:
        for name in names:
            r = http.get(f"/static/vendor/{name}")
            assert r.status_code == 200, name
            assert r.headers["content-type"].startswith("text/javascript")
            assert "export" in r.text and "highlight" in r.text.lower(), name
        # grammars that are installed but not listed are not served
        for name in ["hljs-brainfuck.mjs", "hljs-python.min.js", "highlight.min.js"]:
            assert http.get(f"/static/vendor/{name}").status_code == 404, name
