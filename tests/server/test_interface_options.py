"""``Interface(additional_inputs=...)``: more parameters of the function, in the API and in
an accordion on the page, as in Gradio; arguments rillet does not act on warn, naming
themselves."""

from __future__ import annotations

import warnings

import pytest
from gradio_client import Client

import rillet as gr
from rillet.testing import serve


def describe(text: str, times: float, loud: bool) -> str:
    out = " ".join([text] * int(times))
    return out.upper() if loud else out


def test_additional_inputs_are_parameters_of_predict():
    demo = gr.Interface(
        describe, "text", "text", additional_inputs=[gr.Slider(1, 5, 2, step=1), "checkbox"]
    )
    accordions = [b for b in demo.spec.blocks.values() if isinstance(b, gr.Accordion)]
    assert [a.label for a in accordions] == ["Additional Inputs"] and accordions[0].open is False
    with serve(demo) as url:
        client = Client(url, verbose=False)
        info = client.view_api(return_format="dict", print_info=False)
        params = info["named_endpoints"]["/describe"]["parameters"]
        assert [p["parameter_name"] for p in params] == ["text", "times", "loud"]
        assert client.predict("hi", 3, True, api_name="/describe") == "HI HI HI"


def test_a_given_accordion_or_label_is_used():
    demo = gr.Interface(
        describe,
        "text",
        "text",
        additional_inputs=["number", "checkbox"],
        additional_inputs_accordion="Settings",
    )
    assert [b.label for b in demo.spec.blocks.values() if isinstance(b, gr.Accordion)] == [
        "Settings"
    ]


@pytest.mark.parametrize(
    "argument",
    [
        {"flagging_mode": "manual"},
        {"flagging_dir": "flags"},
        {"deep_link": True},
    ],
)
def test_unhonoured_arguments_warn_naming_themselves(argument):
    (name,) = argument
    with pytest.warns(UserWarning, match=f"`{name}` has no effect"):
        gr.Interface(str.upper, "text", "text", **argument)


def test_defaults_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gr.Interface(str.upper, "text", "text", flagging_mode="never", analytics_enabled=False)
