"""The same answers as Gradio, part 7, through the real ``gradio_client``: a ChatInterface
endpoint's reply documented as Gradio's ``Json`` output and its additional inputs named
after the chat function's parameters, its ``flagging_mode="manual"`` (a ``/flag``
endpoint logging liked messages); a BrowserState parameter without a documented default;
component schemas with Gradio's keys (Gallery, Label, ImageSlider, AnnotatedImage,
UploadButton) and the Chatbot's example; a ``file=`` web address refused with 403; the
endpoints after an Interface numbered as Gradio numbers them; ``request.headers`` printed as
Starlette's. And
bench/diff.py itself: its compacted results are stable across saves (the recorded values
are compared, not their re-escaped JSON), a call only Gradio refuses is left out, a kept
error wording is listed apart. The expected values are Gradio 6.31's answers to the same
programs (bench/diff.py)."""

from __future__ import annotations

import csv
import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

import rillet as gr
from rillet.testing import serve
from tests.server.conftest import endpoint, join_with_event

BENCH = Path(__file__).resolve().parents[2] / "bench"


def echo_with_prompt(message: str, history: list[Any], system_prompt: str, tokens: float) -> str:
    return f"{system_prompt}: {message} ({int(tokens)})"


def with_code(message: str, history: list[Any]) -> tuple[str, str]:
    return "see the code", f"print({message!r})"


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with gr.Blocks() as demo:
        gr.ChatInterface(
            echo_with_prompt,
            additional_inputs=[
                gr.Textbox("You are helpful", label="System Prompt"),
                gr.Slider(10, 100),
            ],
        )
        code = gr.Code(render=False)
        gr.ChatInterface(with_code, additional_outputs=[code])
        code.render()
        gr.ChatInterface(lambda *args: "Hello " + args[0], api_name="star")
        saved = gr.BrowserState(["", ""])
        shown = gr.Textbox(label="Shown")
        gr.Button().click(lambda s: str(s), saved, shown, api_name="load_saved")
    with serve(demo) as url:
        c = Client(url + "/", verbose=False)
        yield c
        c.close()


def test_a_chat_endpoint_documents_its_reply_as_json(client: Client) -> None:
    returns = endpoint(client, "/with_code")["returns"]
    assert [r["component"] for r in returns] == ["Json", "Code"]
    reply = returns[0]
    assert reply["label"] == "Response"
    assert reply["type"] == {"type": {}, "description": "any valid json"}
    assert reply["python_type"] == {
        "type": "str | float | bool | list | dict",
        "description": "any valid json",
    }
    assert client.predict("x", api_name="/with_code") == ("see the code", "print('x')")


def test_chat_additional_inputs_are_named_after_the_function(client: Client) -> None:
    params = endpoint(client, "/echo_with_prompt")["parameters"]
    assert [p["parameter_name"] for p in params] == ["message", "system_prompt", "tokens"]
    answer = client.predict(
        message="hi", system_prompt="Be brief", tokens=20, api_name="/echo_with_prompt"
    )
    assert answer == "Be brief: hi (20)"


def test_a_star_args_chat_function_gives_positional_names(client: Client) -> None:
    params = endpoint(client, "/star")["parameters"]
    assert [p["parameter_name"] for p in params] == ["param_0"]
    assert client.predict("Ann", api_name="/star") == "Hello Ann"


def test_a_browser_state_parameter_has_no_documented_default(client: Client) -> None:
    (param,) = endpoint(client, "/load_saved")["parameters"]
    assert param["component"] == "Browserstate"
    assert param["parameter_has_default"] is False
    assert param.get("parameter_default") is None


def test_chat_flagging_logs_a_liked_message(tmp_path: Path) -> None:
    folder = tmp_path / "flagged"
    demo = gr.ChatInterface(
        lambda message, history: message,
        flagging_mode="manual",
        flagging_options=["Like", "Spam"],
        flagging_dir=str(folder),
    )
    assert demo.chatbot.feedback_options == ["Like", "Spam"]
    flag = next(d for d in demo.spec.dependencies if d.api_name == "flag")
    history = [
        {"role": "user", "content": [{"type": "text", "text": "hi"}]},
        {"role": "assistant", "content": [{"type": "text", "text": "=1+1"}]},
    ]
    with serve(demo) as url:
        client = Client(url + "/", verbose=False)
        try:
            (param,) = endpoint(client, "/flag")["parameters"]
            assert param["parameter_name"] == "messages"
            assert endpoint(client, "/flag")["description"] == ""
            with pytest.raises(AppError):  # no message pressed: Gradio fails too
                client.predict(history, api_name="/flag")
        finally:
            client.close()
        done = join_with_event(url, flag, [history], {"index": 1, "value": "x", "liked": "Spam"})[0]
        assert done["success"] is True
    with (folder / "log.csv").open(newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["conversation", "index", "value", "timestamp"]
    conversation, index, value, _ = rows[1]
    assert json.loads(conversation)[1]["content"][0]["text"] == "=1+1"
    assert (index, value) == ("1", "Spam")


def test_chat_flagging_is_off_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRADIO_CHAT_FLAGGING_MODE", raising=False)
    demo = gr.ChatInterface(lambda message, history: message)
    assert all(d.api_name != "flag" for d in demo.spec.dependencies)
    with pytest.raises(ValueError, match="flagging_mode"):
        gr.ChatInterface(lambda message, history: message, flagging_mode="auto")


def test_schemas_have_gradio_keys_and_examples() -> None:
    with gr.Blocks() as demo:
        gallery, label = gr.Gallery(), gr.Label()
        slider, annotated = gr.ImageSlider(), gr.AnnotatedImage()
        upload, chat = gr.UploadButton(file_count="multiple"), gr.Chatbot()
        out = gr.Textbox()
        for name, block in [
            ("gallery", gallery),
            ("label", label),
            ("slider", slider),
            ("annotated", annotated),
            ("upload", upload),
            ("chat", chat),
        ]:
            gr.Button().click(lambda x: "", block, out, api_name=name)
    with serve(demo) as url:
        client = Client(url + "/", verbose=False)
        try:
            info = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
        finally:
            client.close()
    param = {name: info[f"/{name}"]["parameters"][0] for name in ("gallery", "label", "slider")}
    param["annotated"] = info["/annotated"]["parameters"][0]
    for p in param.values():  # Gradio: the key is there, empty
        assert p["type"]["additional_description"] is None
        assert p["python_type"]["description"] is None
    for name, kind in [("gallery", "ImageData"), ("gallery", "FileData"), ("slider", "ImageData")]:
        assert param[name]["type"]["$defs"][kind]["description"]
    assert param["annotated"]["type"]["$defs"]["FileData"]["description"]
    uploaded = info["/upload"]["parameters"][0]
    assert "additional_description" not in uploaded["type"]
    assert uploaded["python_type"] == {"type": "list[filepath]", "description": ""}
    example = info["/chat"]["parameters"][0]["example_input"]
    assert [m["content"][0]["text"] for m in example] == ["Hello!", "How can I help you?"]


def test_a_file_url_for_a_web_address_is_refused_as_in_gradio() -> None:
    with gr.Blocks() as demo:
        gr.Textbox()
    with serve(demo) as url:
        answer = httpx.get(f"{url}/gradio_api/file=https%3A//example.com/cat.jpg")
    assert answer.status_code == 403  # Gradio: 403 for an address it does not proxy


def named_endpoints(demo: Any) -> list[str]:
    with serve(demo) as url:
        client = Client(url + "/", verbose=False)
        try:
            info = client.view_api(print_info=False, return_format="dict")
        finally:
            client.close()
    return sorted(info["named_endpoints"])


def test_endpoints_after_an_interface_are_numbered_as_in_gradio() -> None:
    with gr.Blocks() as demo:  # Gradio's image_mod: three flagging options take 3 lambdas
        gr.Interface(lambda x: x, "text", "text", flagging_options=["a", "b", "c"])
        box = gr.Textbox()
        gr.Button().click(lambda x: x, box, box)
    assert named_endpoints(demo) == ["/lambda", "/lambda_4"]
    first = gr.Interface(lambda x: x, "text", "text")
    second = gr.Interface(lambda x: x + "!", "text", "text")
    with gr.Blocks() as tabs:  # Gradio's blocks_neural_instrument_coding
        with gr.Tab("a"):
            first.render()
        with gr.Tab("b"):
            second.render()
        box = gr.Textbox()
        gr.Button().click(lambda x: x, box, box)
    assert named_endpoints(tabs) == ["/lambda", "/lambda_2", "/lambda_3"]


def show_headers(x: str, request: gr.Request) -> str:
    return str(request.headers)


def test_request_headers_print_as_starlettes() -> None:
    with gr.Blocks() as demo:
        box = gr.Textbox()
        gr.Button().click(show_headers, box, box, api_name="headers")
    with serve(demo) as url:
        client = Client(url + "/", verbose=False)
        try:
            shown = client.predict("x", api_name="/headers")
        finally:
            client.close()
    assert shown.startswith("Headers({'host': '127.0.0.1:")  # Gradio's request_ip_headers
    assert "'x-gradio-user': 'api'" in shown


# --- bench/diff.py ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def diff_py() -> Iterator[ModuleType]:
    sys.path.insert(0, str(BENCH))
    try:
        yield importlib.import_module("diff")
    finally:
        sys.path.remove(str(BENCH))


def test_diff_results_are_the_same_after_each_save(diff_py: ModuleType) -> None:
    long = {"type": "filepath", "description": 'a "quoted" text ' * 40}
    demos = {
        "d": {
            "status": "ok",
            "gradio": {"info": {"named_endpoints": {}}, "calls": [], "answers": []},
            "rillet": {"info": {"named_endpoints": {}}, "calls": [], "answers": []},
            "info": [{"kind": "info: parameter python_type", "gradio": long, "rillet": "x"}],
            "config": [],
        }
    }
    before = json.dumps(demos, sort_keys=True)
    once = diff_py.compact(demos)
    assert json.dumps(demos, sort_keys=True) == before  # what is compared stays as it is
    again = diff_py.compact(json.loads(json.dumps(once)))  # as --resume reads it back
    assert again == once
    shown = once["d"]["info"][0]["gradio"]
    assert shown.startswith('{"type": "filepath", "description": "a \\"quoted\\"')
    assert len(shown) == diff_py.SHORT + 1


def test_a_call_only_gradio_refuses_is_left_out(diff_py: ModuleType) -> None:
    refused = {"error": "The upstream Gradio app has raised an exception"}
    verdict = diff_py.compare_call(
        {"endpoint": "/x"}, [refused, refused], {"final": None, "updates": 1}, ["Textbox"]
    )
    assert verdict["verdict"] == "skipped"
    assert verdict["why"] == "fails only on gradio"
    both = diff_py.compare_call(
        {"endpoint": "/x"}, [refused, refused], {"error": "other"}, ["Textbox"]
    )
    assert both["verdict"] == "different"


def test_a_kept_error_wording_is_listed_not_compared(diff_py: ModuleType) -> None:
    hidden = {"error": diff_py.HIDDEN_ERROR + " but has not enabled verbose error reporting."}
    refused = {"error": "Invalid value for 'x': expected audio as FileData"}
    verdict = diff_py.compare_call({"endpoint": "/x"}, [hidden, hidden], refused, ["Audio"])
    assert verdict["verdict"] == "kept"
    assert verdict["why"] == "refused input shown"
    other = diff_py.compare_call({"endpoint": "/x"}, [hidden, hidden], {"error": "x"}, ["Audio"])
    assert other["verdict"] == "different"


def test_the_servers_own_address_is_left_out_of_answers(diff_py: ModuleType) -> None:
    shown = "Headers({'host': '127.0.0.1:39871'}) at http://127.0.0.1:39871/x"
    assert diff_py.normal_string(shown, "", "\0") == "Headers({'host': '<host>'}) at <url>/x"
