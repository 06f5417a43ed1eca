"""The chrome of the media, text, chat and slider components: Gradio 6.31's ``buttons=``
defaults and names (those rillet does not draw warn once, naming themselves),
``gr.WaveformOptions`` and the slider's reset button."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, fields
from typing import Any

import pytest

import rillet as gr
from rillet.components.audio import WaveformOptions

#: Each component's ``buttons`` in /config when none are given, as Gradio 6.31 sends them.
GRADIO_DEFAULTS: dict[str, list[str] | None] = {
    "Image": ["download", "share", "fullscreen"],
    "Audio": ["download", "share"],
    "Video": ["download"],
    "Textbox": [],
    "Chatbot": ["share", "copy", "copy_all"],
    "Slider": None,
}

#: Gradio 6.31's ``WaveformOptions`` fields and defaults.
GRADIO_WAVEFORM = {
    "waveform_color": None,
    "waveform_progress_color": None,
    "trim_region_color": None,
    "show_recording_waveform": True,
    "skip_length": 5,
    "sample_rate": 44100,
}


@contextmanager
def no_warnings() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def make(name: str, **kwargs: Any) -> Any:
    return getattr(gr, name)(render=False, **kwargs)


@pytest.mark.parametrize("name", sorted(GRADIO_DEFAULTS))
def test_default_buttons_are_gradios_and_do_not_warn(name: str) -> None:
    with no_warnings():
        config = make(name).get_config()
    assert config["buttons"] == GRADIO_DEFAULTS[name]


@pytest.mark.parametrize(
    ("name", "drawn"),
    [
        ("Image", ["download", "fullscreen"]),
        ("Audio", ["download"]),
        ("Video", ["download"]),
        ("Textbox", ["copy"]),
        ("Chatbot", ["copy", "copy_all"]),
        ("Slider", ["reset"]),
    ],
)
def test_buttons_drawn_are_kept_without_a_warning(name: str, drawn: list[str]) -> None:
    with no_warnings():
        assert make(name, buttons=drawn).get_config()["buttons"] == drawn


@pytest.mark.parametrize("name", ["Image", "Audio", "Video", "Chatbot"])
def test_share_warns_once_naming_the_component_and_the_button(name: str) -> None:
    with pytest.warns(UserWarning) as caught:
        block = make(name, buttons=["share"])
    assert len(caught) == 1
    message = str(caught[0].message)
    assert f"gr.{name}" in message and "'share'" in message and "no effect" in message
    assert block.get_config()["buttons"] == ["share"]  # still in /config, as Gradio has it


def test_legacy_show_share_button_warns_too() -> None:
    with pytest.warns(UserWarning, match=r"gr\.Image: `buttons` 'share'"):
        make("Image", show_share_button=True)


def test_custom_buttons_warn_and_are_left_out() -> None:
    custom = gr.Button("Refresh", render=False)
    with pytest.warns(UserWarning, match="custom gr.Button"):
        box = make("Textbox", buttons=["copy", custom])
    assert box.get_config()["buttons"] == ["copy"]


def test_unknown_names_warn() -> None:
    with pytest.warns(UserWarning, match=r"gr\.Slider: `buttons` 'spin'"):
        make("Slider", buttons=["reset", "spin"])


@pytest.mark.parametrize(
    ("kwargs", "shown"),
    [({}, True), ({"buttons": ["reset"]}, True), ({"buttons": []}, False)],
)
def test_slider_reset_button_shows_unless_left_out(kwargs: dict[str, Any], shown: bool) -> None:
    assert make("Slider", **kwargs).get_config()["show_reset_button"] is shown


def test_slider_gradio5_show_reset_button() -> None:
    assert make("Slider", show_reset_button=False).get_config()["buttons"] == []
    assert make("Slider", show_reset_button=True).get_config()["buttons"] == ["reset"]


def test_gradio5_flags_still_adjust_the_defaults() -> None:
    assert make("Video", show_download_button=False).buttons == ["share"]
    assert make("Chatbot", show_copy_button=True).buttons == ["copy"]
    assert make("Textbox", show_copy_button=True).buttons == ["copy"]


def test_waveform_options_has_gradios_fields_and_defaults() -> None:
    assert [f.name for f in fields(WaveformOptions)] == list(GRADIO_WAVEFORM)
    assert asdict(WaveformOptions()) == GRADIO_WAVEFORM
    with no_warnings():
        config = make("Audio").get_config()
    assert config["waveform_options"] == GRADIO_WAVEFORM


@pytest.mark.parametrize(
    "given",
    [
        lambda: {"waveform_color": "#123456", "waveform_progress_color": "red"},
        lambda: WaveformOptions(waveform_color="#123456", waveform_progress_color="red"),
    ],
)
def test_waveform_colours_reach_the_page(given: Callable[[], Any]) -> None:
    with no_warnings():
        config = make("Audio", waveform_options=given()).get_config()
    assert config["waveform_options"] == {
        **GRADIO_WAVEFORM,
        "waveform_color": "#123456",
        "waveform_progress_color": "red",
    }


def test_waveform_show_recording_waveform_is_honoured_silently() -> None:
    with no_warnings():
        audio = make("Audio", waveform_options={"show_recording_waveform": False})
    assert audio.get_config()["waveform_options"]["show_recording_waveform"] is False


@pytest.mark.parametrize(
    ("field", "value"),
    [("trim_region_color", "blue"), ("skip_length", 10), ("sample_rate", 16000)],
)
def test_waveform_fields_rillet_has_no_control_for_warn(field: str, value: Any) -> None:
    with pytest.warns(UserWarning, match=rf"gr\.Audio: `waveform_options\.{field}`"):
        make("Audio", waveform_options={field: value})


def test_waveform_options_refuses_unknown_fields_and_types() -> None:
    with pytest.raises(TypeError):
        make("Audio", waveform_options={"colour": "red"})
    with pytest.raises(TypeError):
        make("Audio", waveform_options="red")
