"""Listener options that change what the function gets or when it runs, checked through
gradio_client: ``batch=``, ``validator=``, ``preprocess=``/``postprocess=``, inputs as a set,
``inputs_kwargs`` and ``js=``'s module."""

from __future__ import annotations

import threading
import time

import httpx
import pytest
from gradio_client import Client
from gradio_client.client import Job
from gradio_client.exceptions import AppError, ValidationError
from gradio_client.utils import Status

import rillet as gr
from rillet.testing import serve

WAIT = 20.0


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


def queued(job: Job) -> bool:
    return job.status().code == Status.IN_QUEUE


def test_batch_runs_waiting_events_in_one_call():
    calls: list[list[str]] = []
    gate = threading.Event()

    def upper(words: list[str]) -> list[list[str]]:
        calls.append(list(words))
        gate.wait(WAIT)
        return [[w.upper() for w in words]]

    with gr.Blocks() as demo:
        box, out = gr.Textbox(), gr.Textbox()
        box.submit(upper, box, out, batch=True, max_batch_size=3, api_name="upper")
    with serve(demo) as url:
        client = Client(url, verbose=False)
        first = client.submit("a", api_name="/upper")
        wait_until(lambda: len(calls) == 1, "the first call")
        rest = [client.submit(w, api_name="/upper") for w in "bcde"]
        wait_until(lambda: all(queued(j) for j in rest), "four waiting events")
        gate.set()
        assert first.result(timeout=WAIT) == "A"
        assert [j.result(timeout=WAIT) for j in rest] == ["B", "C", "D", "E"]
    # one alone, then the waiting ones (in the order they joined) by three at most
    assert calls[0] == ["a"]
    assert [len(c) for c in calls[1:]] == [3, 1]
    assert sorted(w for c in calls[1:] for w in c) == ["b", "c", "d", "e"]


def test_batch_generator_hands_each_yield_out():
    gate = threading.Event()
    started = threading.Event()

    def count(words: list[str]):
        started.set()
        gate.wait(WAIT)
        for i in range(3):
            yield [[f"{w}{i}" for w in words]]

    with gr.Blocks() as demo:
        box, out = gr.Textbox(), gr.Textbox()
        box.submit(count, box, out, batch=True, api_name="count")
    with serve(demo) as url:
        client = Client(url, verbose=False)
        blocker = client.submit("x", api_name="/count")
        assert started.wait(WAIT)
        jobs = [client.submit(w, api_name="/count") for w in "ab"]
        wait_until(lambda: all(queued(j) for j in jobs), "two waiting events")
        gate.set()
        assert blocker.result(timeout=WAIT) == "x2"
        for job, word in zip(jobs, "ab", strict=True):
            assert job.result(timeout=WAIT) == f"{word}2"
            assert list(job.outputs()) == [f"{word}{i}" for i in range(3)]


def test_batch_result_of_the_wrong_shape_is_a_readable_error():
    with gr.Blocks() as demo:
        box, out = gr.Textbox(), gr.Textbox()
        box.submit(lambda words: "oops", box, out, batch=True, api_name="bad")
        box.change(str.upper, box, out, api_name="fine")
    with serve(demo, show_error=True) as url:
        client = Client(url, verbose=False)
        with pytest.raises(AppError, match="a list per output"):
            client.predict("a", api_name="/bad")
        assert client.predict("still serving", api_name="/fine") == "STILL SERVING"


def test_batch_stop_one_event_leaves_the_others():
    gate = threading.Event()
    seen: list[list[str]] = []

    def echo(words: list[str]) -> list[list[str]]:
        seen.append(list(words))
        gate.wait(WAIT)
        return [list(words)]

    with gr.Blocks() as demo:
        box, out = gr.Textbox(), gr.Textbox()
        box.submit(echo, box, out, batch=True, api_name="echo")
    with serve(demo) as url:
        client = Client(url, verbose=False)
        blocker = client.submit("x", api_name="/echo")
        wait_until(lambda: len(seen) == 1, "the first call")
        kept = client.submit("kept", api_name="/echo")
        dropped = client.submit("gone", api_name="/echo")
        wait_until(lambda: queued(kept) and queued(dropped), "two waiting events")
        gate.set()
        wait_until(lambda: len(seen) == 2, "the batch call")
        assert sorted(seen[1]) == ["gone", "kept"]
        dropped.cancel()
        assert blocker.result(timeout=WAIT) == "x"
        assert kept.result(timeout=WAIT) == "kept"


def test_validator_refuses_before_the_queue_naming_the_parameter():
    ran: list[str] = []

    def greet(name: str, age: float) -> str:
        ran.append(name)
        return f"{name} is {age:g}"

    def check(name: str, age: float):
        return [gr.validate(bool(name), "Name is required"), gr.validate(age >= 0, "Too young")]

    with gr.Blocks() as demo:
        name, age, out = gr.Textbox(), gr.Number(), gr.Textbox()
        gr.Button().click(greet, [name, age], out, validator=check, api_name="greet")
    with serve(demo) as url:
        client = Client(url, verbose=False)
        with pytest.raises(ValidationError) as refused:
            client.predict("", -1, api_name="/greet")
        assert "- name: Name is required" in str(refused.value)
        assert "- age: Too young" in str(refused.value)
        assert ran == []
        assert client.predict("Ada", 36, api_name="/greet") == "Ada is 36"
        # Gradio's answer on the wire: 422, one verdict per input
        reply = httpx.post(
            f"{url}/gradio_api/queue/join",
            json={"data": ["", 5], "fn_index": 0, "session_hash": "s1"},
        )
        assert reply.status_code == 422
        verdicts = reply.json()["detail"]
        assert verdicts[0] == {
            "__type__": "validate",
            "is_valid": False,
            "message": "Name is required",
            "parameter_name": "name",
        }
        assert verdicts[1]["is_valid"] is True


def test_validator_that_raises_gets_a_400_and_the_app_keeps_serving():
    def broken(text: str):
        raise RuntimeError("validator broke")

    with gr.Blocks() as demo:
        box, out = gr.Textbox(), gr.Textbox()
        box.submit(str.upper, box, out, validator=broken, api_name="upper")
        box.change(str.lower, box, out, api_name="lower")
    with serve(demo) as url:
        reply = httpx.post(
            f"{url}/gradio_api/queue/join",
            json={"data": ["x"], "fn_index": 0, "session_hash": "s1"},
        )
        assert reply.status_code == 400
        assert "validator broke" in reply.text
        assert Client(url, verbose=False).predict("ABC", api_name="/lower") == "abc"


def test_interface_validator_and_batch():
    def trim(words: list[str], lengths: list[float]) -> list[list[str]]:
        return [[w[: int(n)] for w, n in zip(words, lengths, strict=True)]]

    demo = gr.Interface(
        trim,
        ["text", "number"],
        "text",
        batch=True,
        validator=lambda w, n: [gr.validate(True, ""), gr.validate(n > 0, "must be positive")],
    )
    with serve(demo) as url:
        client = Client(url, verbose=False)
        assert client.predict("hello", 3, api_name="/trim") == "hel"
        with pytest.raises(ValidationError, match="must be positive"):
            client.predict("hello", 0, api_name="/trim")


def test_preprocess_and_postprocess_false_pass_values_as_they_are():
    with gr.Blocks() as demo:
        pick = gr.Dropdown(["a", "b"], type="index")
        shown, number = gr.Textbox(), gr.Number(precision=0)
        pick.change(lambda v: repr(v), pick, shown, api_name="processed")
        pick.change(lambda v: repr(v), pick, shown, preprocess=False, api_name="raw")
        gr.Button().click(lambda: 3.7, None, number, api_name="rounded")
        gr.Button().click(lambda: 3.7, None, number, postprocess=False, api_name="as_returned")
    with serve(demo) as url:
        client = Client(url, verbose=False)
        assert client.predict("b", api_name="/processed") == "1"
        assert client.predict("b", api_name="/raw") == "'b'"
        assert client.predict(api_name="/rounded") == 4
        assert client.predict(api_name="/as_returned") == 3.7


def test_inputs_as_a_set_and_inputs_kwargs():
    with gr.Blocks() as demo:
        a, b, out = gr.Number(), gr.Number(), gr.Number()

        def total(values: dict) -> float:
            return values[a] - values[b]

        def power(base: float, *, exponent: float = 1) -> float:
            return base**exponent

        gr.Button().click(total, {a, b}, out, api_name="difference")
        gr.Button().click(power, a, out, inputs_kwargs={"exponent": b}, api_name="power")
    with serve(demo) as url:
        client = Client(url, verbose=False)
        assert client.predict(10, 4, api_name="/difference") == 6
        assert client.predict(2, 5, api_name="/power") == 32


def test_listener_js_is_served_as_a_module_of_the_apps_own_code():
    with gr.Blocks() as demo:
        box, out = gr.Textbox(), gr.Textbox()
        box.submit(None, box, out, js="(x) => x.split('').reverse().join('')")
        box.change(None, None, None, js="document.title = 'changed'")
        box.blur(str.upper, box, out)
    with serve(demo) as url:
        first = httpx.get(f"{url}/gradio_api/js/0.mjs")
        assert first.status_code == 200
        assert first.headers["content-type"].startswith("text/javascript")
        assert first.text == "export default ((x) => x.split('').reverse().join(''));\n"
        statements = httpx.get(f"{url}/gradio_api/js/1.mjs").text
        assert statements.startswith("export default async function (...args) {")
        assert "document.title = 'changed'" in statements
        assert httpx.get(f"{url}/gradio_api/js/2.mjs").status_code == 404  # no js
        assert httpx.get(f"{url}/gradio_api/js/99.mjs").status_code == 404
        assert httpx.get(f"{url}/gradio_api/js/..%2Fconfig.mjs").status_code == 404
        config = httpx.get(f"{url}/config").json()
        assert config["dependencies"][0]["js"].startswith("(x) =>")
        assert config["dependencies"][0]["backend_fn"] is False


def test_js_true_and_listener_every_warn():
    with gr.Blocks():
        box, out = gr.Textbox(), gr.Textbox()
        with pytest.warns(UserWarning, match="js=True"):
            box.submit(str.upper, box, out, js=True)
        with pytest.warns(UserWarning, match="every="):
            box.change(str.upper, box, out, every=1)
