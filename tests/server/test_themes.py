"""A themed app served for real: /config carries the theme and its stylesheet, and Gradio's
client still calls it."""

from __future__ import annotations

import httpx
import pytest
from gradio_client import Client

import rillet as gr
import rillet.themes as themes
from rillet.testing import serve


def shout(text: str) -> str:
    return text.upper()


def app(**blocks_options: object) -> gr.Blocks:
    with gr.Blocks(**blocks_options) as demo:
        box = gr.Textbox(label="in")
        out = gr.Textbox(label="out")
        gr.Button("Go", variant="primary").click(shout, box, out, api_name="shout")
    return demo


def test_a_theme_given_to_launch_is_in_config_and_the_api_works() -> None:
    theme = themes.Monochrome(primary_hue="red").set(body_background_fill="#fafafa")
    with serve(app(), theme=theme) as url:
        config = httpx.get(f"{url}/config").json()
        assert config["theme"] == "monochrome"
        assert "--rillet-page-bg: #fafafa;" in config["theme_css"]
        assert "--primary-500: #ef4444;" in config["theme_css"]
        assert Client(url, verbose=False).predict("hi", api_name="/shout") == "HI"


def test_a_theme_name_given_to_blocks_warns_and_is_used() -> None:
    with pytest.warns(UserWarning, match="launch"):
        demo = app(theme="ocean")
    with serve(demo) as url:
        config = httpx.get(f"{url}/config").json()
        assert config["theme"] == "ocean"
        assert "linear-gradient(120deg" in config["theme_css"]


def test_a_hub_theme_warns_and_the_default_theme_is_drawn() -> None:
    with (
        pytest.warns(UserWarning, match="gradio/seafoam"),
        serve(app(), theme="gradio/seafoam") as url,
    ):
        config = httpx.get(f"{url}/config").json()
    assert config["theme"] == "default"
    assert config["theme_css"] == themes.Default().page_css()


def test_without_a_theme_the_page_keeps_its_own_look() -> None:
    with serve(app()) as url:
        config = httpx.get(f"{url}/config").json()
    assert config["theme"] == "default" and config["theme_css"] is None
