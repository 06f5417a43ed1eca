"""WebRTC: FastRTC's arguments and defaults, the events a .stream() wires, the handler
kinds, the frame conversions and the audio buffer's frames (no sockets)."""

from __future__ import annotations

import asyncio
import inspect
import subprocess
import sys
import warnings

import numpy as np
import pytest

import rillet as gr
from rillet.components.webrtc import AUDIO_CONSTRAINTS, VIDEO_CONSTRAINTS, WebRTC
from rillet.rtc import frames
from rillet.rtc.handlers import AdditionalOutputs, StreamHandler
from rillet.rtc.stream import RtcStream, kind_of

#: FastRTC 0.0.34's WebRTC.__init__ parameters and defaults (inspected in its own venv).
FASTRTC_INIT = [
    ("value", None), ("height", None), ("width", None), ("label", None), ("every", None),
    ("inputs", None), ("show_label", None), ("container", True), ("scale", None),
    ("min_width", 160), ("interactive", None), ("visible", True), ("elem_id", None),
    ("elem_classes", None), ("render", True), ("key", None), ("mirror_webcam", True),
    ("rtc_configuration", None), ("server_rtc_configuration", None),
    ("track_constraints", None), ("time_limit", None), ("allow_extra_tracks", False),
    ("mode", "send-receive"), ("modality", "video"), ("rtp_params", None), ("icon", None),
    ("icon_button_color", None), ("pulse_color", None), ("icon_radius", None),
    ("button_labels", None), ("variant", "wave"), ("full_screen", True),
]  # fmt: skip
FASTRTC_STREAM = [
    ("fn", None), ("inputs", None), ("outputs", None), ("js", None),
    ("concurrency_limit", "default"), ("concurrency_id", None), ("time_limit", None),
    ("trigger", None), ("send_input_on", "change"),
]  # fmt: skip
FASTRTC_SIDE = [
    ("fn", inspect.Parameter.empty), ("inputs", None), ("outputs", None), ("js", None),
    ("concurrency_limit", "default"), ("concurrency_id", None), ("show_progress", "full"),
    ("queue", True),
]  # fmt: skip


def parameters(fn) -> list[tuple[str, object]]:
    return [(p.name, p.default) for p in inspect.signature(fn).parameters.values()][1:]


class Echo(StreamHandler):
    def copy(self) -> Echo:
        return Echo()

    def receive(self, frame) -> None:
        pass

    def emit(self):
        return None


def test_arguments_and_defaults_are_fastrtcs():
    assert parameters(WebRTC.__init__) == FASTRTC_INIT
    assert parameters(WebRTC.stream) == FASTRTC_STREAM
    assert parameters(WebRTC.on_additional_outputs) == FASTRTC_SIDE
    assert WebRTC.EVENTS == ("tick", "state_change", "submit", "start_recording", "stop_recording")


def test_config_value_and_schema():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the defaults warn about nothing
        component = WebRTC(label="Cam", render=False)
    assert component.get_block_name() == "webrtc"
    config = component.get_config()
    assert config["mode"] == "send-receive" and config["modality"] == "video"
    assert config["track_constraints"] == {"video": VIDEO_CONSTRAINTS, "audio": False}
    assert config["button_labels"] == {"start": "", "stop": "", "waiting": ""}
    assert config["streaming"] is False and config["value"] is None
    assert "server_rtc_configuration" not in config  # server-side only: never sent
    assert component.api_info() == {"type": "string", "description": "a WebRTC connection's id"}
    assert component.preprocess("abc") == "abc"
    assert component.preprocess({"webrtc_id": "abc"}) == "abc"
    assert component.preprocess("") is None and component.preprocess(None) is None
    assert component.postprocess("abc") == "abc" and component.postprocess(3) is None


def test_constraints_and_rtc_configuration():
    audio = WebRTC(modality="audio", render=False).get_config()["track_constraints"]
    assert audio == {"video": False, "audio": AUDIO_CONSTRAINTS}
    given = {"width": {"exact": 640}}
    cam = WebRTC(track_constraints=given, render=False).get_config()["track_constraints"]
    assert cam == {"video": given, "audio": False}
    both = {"video": {"width": 640}, "audio": True}
    assert WebRTC(track_constraints=both, render=False).constraints() == both
    ice = {"iceServers": [{"urls": "stun:stun.example.org:3478"}]}
    assert WebRTC(rtc_configuration=ice, render=False).get_config()["rtc_configuration"] == ice
    fresh = WebRTC(rtc_configuration=lambda: ice, render=False)
    assert fresh.props()["rtc_configuration"] is None and fresh.props()["rtc_configuration_fresh"]
    assert fresh.current_rtc_configuration() == ice


def test_unhonoured_arguments_warn_naming_themselves():
    for name, value in [
        ("icon", "mic.svg"),
        ("rtp_params", {"degradationPreference": "maintain-framerate"}),
        ("variant", "textbox"),
        ("pulse_color", "red"),
        ("allow_extra_tracks", True),
    ]:
        with pytest.warns(UserWarning, match=f"`{name}`"):
            WebRTC(render=False, **{name: value})
    with pytest.raises(ValueError, match="mode"):
        WebRTC(mode="both", render=False)
    with pytest.raises(ValueError, match="modality"):
        WebRTC(modality="text", render=False)


def test_stream_wires_the_connection_events():
    with gr.Blocks() as demo:
        cam = WebRTC()
        level = gr.Slider(0, 10)
        boxes = gr.Number()
        tick = cam.stream(lambda f, n: f, inputs=[cam, level], outputs=[cam], time_limit=30)
        side = cam.on_additional_outputs(lambda n: n, outputs=[boxes])
    stream = cam.rtc_stream
    assert isinstance(stream, RtcStream)
    assert (stream.kind, stream.extra_inputs, stream.time_limit) == ("frames", 1, 30)
    assert stream.concurrency_limit == 1  # "default": one connection, as FastRTC
    assert tick.targets == [(cam._id, "tick")] and tick.inputs == [cam, level]
    assert tick.outputs == [] and tick.concurrency_limit is None
    assert side.targets == [(cam._id, "state_change")] and side.outputs == [boxes]
    assert side.show_progress == "minimal"
    changes = [d for d in demo.spec.dependencies if (level._id, "change") in d.targets]
    assert len(changes) == 1 and changes[0].inputs == [cam, level]
    assert cam.get_config()["streaming"] is True
    with gr.Blocks():
        other = WebRTC(time_limit=12)
        other.stream(Echo(), inputs=[other], outputs=[other], concurrency_limit=None)
        with pytest.raises(ValueError, match="one"):
            other.stream(Echo(), inputs=[other], outputs=[other])
        with pytest.raises(ValueError, match="on_additional_outputs"):
            WebRTC().stream(Echo(), outputs=[gr.Textbox()])
    assert other.rtc_stream.time_limit == 12 and other.rtc_stream.concurrency_limit is None
    with pytest.warns(UserWarning, match="`js`"), gr.Blocks():
        third = WebRTC()
        third.stream(Echo(), inputs=[third], outputs=[third], js="(x) => x")


def test_handler_kinds():
    def gen():
        yield 24000, np.zeros(10)

    assert kind_of(Echo(), "audio", "send-receive") == "handler"
    assert kind_of(lambda f: f, "video", "send-receive") == "frames"
    assert kind_of(gen, "audio", "receive") == "generator"
    with pytest.raises(TypeError, match="ReplyOnPause"):
        kind_of(gen, "audio", "send-receive")
    with pytest.raises(TypeError, match="StreamHandler"):
        kind_of(lambda f: f, "audio", "send-receive")
    with pytest.raises(TypeError, match="got int"):
        kind_of(3, "video", "send-receive")


def test_audio_in_converts_to_the_handlers_rate_and_layout():
    av = pytest.importorskip("av")
    stereo = np.zeros((1, 960 * 2), dtype=np.int16)
    stereo[0, 0::2] = 1000  # left
    stereo[0, 1::2] = 3000  # right
    frame = av.AudioFrame.from_ndarray(stereo, format="s16", layout="stereo")
    frame.sample_rate = 48000
    convert = frames.AudioIn(16000, "mono")
    chunks = [c for _ in range(5) for c in convert.convert(frame)]
    rate, samples = chunks[-1]
    assert rate == 16000 and samples.dtype == np.int16 and samples.shape[0] == 1
    total = sum(c[1].shape[1] for c in chunks)
    assert 5 * 320 - 64 <= total <= 5 * 320  # 20 ms at 16 kHz each, less the filter's delay
    assert abs(int(samples[0, -1]) - 2000) < 100  # the two channels mixed


def test_emitted_audio_becomes_mono_int16_at_48k():
    pytest.importorskip("av")
    assert frames.as_mono_int16(np.array([0.5, -2.0])).tolist() == [16383, -32767]
    assert frames.as_mono_int16(np.ones((2, 100), dtype=np.int16)).shape == (100,)
    assert frames.as_mono_int16(np.ones((100, 2), dtype=np.int16)).shape == (100,)
    # int16 in one or two channels keeps its values (averaging makes floats of them,
    # which must not be read as [-1, 1] floats: the demo's echo came back as noise)
    pieces = np.array([[100, -200, 3000]], dtype=np.int16)
    assert frames.as_mono_int16(pieces).tolist() == [100, -200, 3000]
    stereo = np.array([[100, 300], [-200, -400], [3000, 3000]], dtype=np.int16)
    assert frames.as_mono_int16(stereo).tolist() == [200, -300, 3000]
    out = frames.AudioOut()
    same = out.convert(48000, np.zeros(960, dtype=np.int16))
    assert same.shape == (960,)
    made = sum(len(out.convert(24000, np.zeros(2400, dtype=np.float32))) for _ in range(4))
    assert 4 * 4800 - 64 <= made <= 4 * 4800
    assert frames.is_audio((24000, np.zeros(3))) and not frames.is_audio((1, 2))
    assert frames.is_video(np.zeros((4, 4, 3))) and not frames.is_video(np.zeros((4, 4)))
    with pytest.raises(ValueError, match="image array"):
        frames.array_to_video(np.zeros((4, 4, 5)), 0)


def test_the_audio_buffer_plays_whole_frames_and_clears_at_once():
    pytest.importorskip("aiortc")
    from rillet.rtc.tracks import AudioOutput

    async def go():
        track = AudioOutput()
        track.push(np.full(960 * 3, 1000, dtype=np.int16))
        sounding = [np.abs((await track.recv()).to_ndarray()).max() for _ in range(2)]
        track.clear()  # barge-in: what was not sent is dropped
        after = np.abs((await track.recv()).to_ndarray()).max()
        track.push(np.full(400, 1000, dtype=np.int16))  # a short start waits one frame
        waited = np.abs((await track.recv()).to_ndarray()).max()
        flushed = np.abs((await track.recv()).to_ndarray()).max()
        track.stop()
        return sounding, after, waited, flushed, track.buffered

    sounding, after, waited, flushed, left = asyncio.run(go())
    assert sounding == [1000, 1000] and after == 0 and waited == 0 and flushed == 1000
    assert left == 0


def test_additional_outputs_keep_their_values():
    assert AdditionalOutputs(1, "two").args == (1, "two")


def test_importing_the_component_loads_no_transport():
    code = (
        "import sys; import rillet.components.webrtc; "
        "print(','.join(m for m in ('aiortc', 'av', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_fastrtc_names_port_from_rillet_rtc():
    import rillet.rtc as rtc

    assert rtc.WebRTC is WebRTC and rtc.AdditionalOutputs is AdditionalOutputs
    assert rtc.StreamHandler is StreamHandler
    with pytest.raises(AttributeError):
        rtc.Stream  # noqa: B018 - FastRTC's standalone Stream is not offered


def test_the_guides_programs_build():
    """Each program in docs/real-time.md builds its app (launch left out)."""
    from pathlib import Path

    guide = Path(__file__).resolve().parents[2] / "docs" / "real-time.md"
    blocks = guide.read_text().split("```python\n")[1:]
    programs = [b.split("```")[0] for b in blocks if "gr.Blocks()" in b]
    assert len(programs) >= 2
    for program in programs:
        scope: dict = {}
        exec(compile(program.replace("demo.launch()", ""), str(guide), "exec"), scope)  # noqa: S102 - the guide's own code
        assert scope["demo"].spec.dependencies
