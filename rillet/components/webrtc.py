"""``WebRTC``: camera and microphone to a Python handler and back, over WebRTC.

In FastRTC's shape, so that a FastRTC program ports by changing its imports::

    with gr.Blocks() as demo:
        cam = WebRTC(modality="video", mode="send-receive")
        cam.stream(lambda frame: frame[::-1], inputs=[cam], outputs=[cam], time_limit=60)

The page opens a peer connection (``rillet/components/webrtc.js``) through
``/gradio_api/webrtc/offer`` (``rillet/server/webrtc.py``); the frames travel over it, not
through the queue. The component's value is the connection's id. Two events tie the
connection to the page's session: ``tick`` (fired once connected) holds the connection for
as long as it lives and gives the handler the other inputs' values, so Stop, the session
leaving and ``demo`` shutting down close it; ``state_change`` carries the handler's
``AdditionalOutputs`` to other components (``on_additional_outputs``).
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from typing import Any, ClassVar, Literal

from rillet.components._common import warn_unhonoured
from rillet.components.base import Component
from rillet.core import spec as specs
from rillet.core.errors import Error
from rillet.core.request import Request
from rillet.core.streams import is_update
from rillet.rtc.stream import RtcStream

#: The camera FastRTC asks for by default (``track_constraints=None``, video).
VIDEO_CONSTRAINTS: dict[str, Any] = {
    "facingMode": "user",
    "width": {"ideal": 1280},
    "height": {"ideal": 720},
    "frameRate": {"ideal": 30},
}
#: The microphone FastRTC asks for by default (``track_constraints=None``, audio).
AUDIO_CONSTRAINTS: dict[str, Any] = {
    "echoCancellation": True,
    "noiseSuppression": {"exact": True},
    "autoGainControl": {"exact": True},
    "sampleRate": {"ideal": 24000},
    "sampleSize": {"ideal": 16},
    "channelCount": {"exact": 1},
}
log = logging.getLogger(__name__)

MODES = ("send-receive", "receive", "send")
MODALITIES = ("video", "audio", "audio-video")
GONE = (
    "This WebRTC connection is closed or belongs to another session: press the "
    "component's start button again."
)


class WebRTC(Component):
    """A live connection to a Python handler. Value: the connection's id (a string) while
    it is open, else None.

    ``mode``: ``"send-receive"`` (the handler answers what the page sends, on the same
    connection), ``"send"`` (the page sends only) or ``"receive"`` (the server sends only).
    ``modality``: ``"video"``, ``"audio"`` or ``"audio-video"``. ``rtc_configuration``
    (``{"iceServers": [...]}``, or a function returning it) is given to the browser's
    ``RTCPeerConnection``; ``server_rtc_configuration`` to the server's. ``track_constraints``
    are ``getUserMedia``'s constraints for the camera or microphone."""

    EVENTS: ClassVar[tuple[str, ...]] = (
        "tick",
        "state_change",
        "submit",
        "start_recording",
        "stop_recording",
    )

    def __init__(
        self,
        value: None = None,
        height: int | str | None = None,
        width: int | str | None = None,
        label: str | None = None,
        every: Any = None,
        inputs: Any = None,
        show_label: bool | None = None,
        container: bool = True,
        scale: int | None = None,
        min_width: int = 160,
        interactive: bool | None = None,
        visible: bool = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: int | str | None = None,
        mirror_webcam: bool = True,
        rtc_configuration: dict[str, Any] | Callable[[], dict[str, Any]] | None = None,
        server_rtc_configuration: dict[str, Any] | None = None,
        track_constraints: dict[str, Any] | None = None,
        time_limit: float | None = None,
        allow_extra_tracks: bool = False,
        mode: Literal["send-receive", "receive", "send"] = "send-receive",
        modality: Literal["video", "audio", "audio-video"] = "video",
        rtp_params: dict[str, Any] | None = None,
        icon: str | None = None,
        icon_button_color: str | None = None,
        pulse_color: str | None = None,
        icon_radius: int | None = None,
        button_labels: dict[str, str] | None = None,
        variant: Literal["textbox", "wave"] = "wave",
        full_screen: bool | None = True,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}; got {mode!r}")
        if modality not in MODALITIES:
            raise ValueError(f"modality must be one of {MODALITIES}; got {modality!r}")
        self.height = height
        self.width = width
        self.mirror_webcam = mirror_webcam
        self.rtc_configuration = rtc_configuration
        self.server_rtc_configuration = server_rtc_configuration
        self.track_constraints = track_constraints
        self.time_limit = time_limit
        self.mode = mode
        self.modality = modality
        self.button_labels = {"start": "", "stop": "", "waiting": "", **(button_labels or {})}
        self.full_screen = full_screen
        #: What ``.stream()`` registered (the server's offer route looks for it).
        self.rtc_stream: RtcStream | None = None
        warn_unhonoured(
            self,
            every=every,
            inputs=inputs,
            allow_extra_tracks=allow_extra_tracks or None,
            rtp_params=rtp_params,
            icon=icon,
            icon_button_color=icon_button_color,
            pulse_color=pulse_color,
            icon_radius=icon_radius,
            variant=None if variant == "wave" else variant,
        )
        super().__init__(
            value,
            label=label,
            show_label=show_label,
            container=container,
            scale=scale,
            min_width=min_width,
            interactive=interactive,
            visible=visible,
            elem_id=elem_id,
            elem_classes=elem_classes,
            render=render,
            key=key,
        )

    # --- values -----------------------------------------------------------------------

    def preprocess(self, payload: Any) -> str | None:
        """The connection's id (FastRTC's ``webrtc_id``), or None before it connects."""
        if isinstance(payload, dict):
            payload = payload.get("webrtc_id")
        return payload if isinstance(payload, str) and payload else None

    def postprocess(self, value: Any) -> str | None:
        return value if isinstance(value, str) else None

    def api_info(self) -> dict[str, Any]:
        return {"type": "string", "description": "a WebRTC connection's id"}

    def example_payload(self) -> Any:
        return None

    def api_python_type(self) -> str:
        return "str | None"

    def constraints(self) -> dict[str, Any]:
        """``getUserMedia``'s constraints, per kind: what was given, or FastRTC's default."""
        given = self.track_constraints
        if given is not None and ("video" in given or "audio" in given):
            return dict(given)
        wants_video = "video" in self.modality
        video = given if given is not None and wants_video else VIDEO_CONSTRAINTS
        audio = given if given is not None and not wants_video else AUDIO_CONSTRAINTS
        return {
            "video": video if wants_video else False,
            "audio": audio if "audio" in self.modality else False,
        }

    def props(self) -> dict[str, Any]:
        config = self.rtc_configuration
        return {
            **super().props(),
            "height": self.height,
            "width": self.width,
            "mirror_webcam": self.mirror_webcam,
            # a function (short-lived TURN credentials) is called per connection, through
            # the transport's route, not once into the page's config
            "rtc_configuration": None if callable(config) else config,
            "rtc_configuration_fresh": callable(config),
            "track_constraints": self.constraints(),
            "time_limit": self.time_limit,
            "mode": self.mode,
            "modality": self.modality,
            "button_labels": self.button_labels,
            "full_screen": self.full_screen,
            "streaming": self.rtc_stream is not None,
        }

    def current_rtc_configuration(self) -> dict[str, Any] | None:
        """The browser's ICE configuration now (a function given is called each time)."""
        config = self.rtc_configuration
        return config() if callable(config) else config

    # --- listeners --------------------------------------------------------------------

    def stream(
        self,
        fn: Any = None,
        inputs: Any = None,
        outputs: Any = None,
        js: str | None = None,
        concurrency_limit: int | Literal["default"] | None = "default",
        concurrency_id: str | None = None,
        time_limit: float | None = None,
        trigger: Any = None,
        send_input_on: Literal["submit", "change"] = "change",
    ) -> Any:
        """Answer this component's connections with ``fn``: a ``StreamHandler`` or
        ``AsyncStreamHandler`` (copied per connection), a function ``frame -> frame`` for
        video (on the newest frame: a slow function skips frames), or a generator function
        of the other inputs for ``mode="receive"``. ``inputs`` after this component are
        passed to it (``handler.latest_args``, or the function's further arguments) and
        sent again on their ``send_input_on`` event. At most ``concurrency_limit``
        connections at once (``"default"``: 1, as FastRTC; None: no limit); each is
        closed after ``time_limit`` seconds (else the component's)."""
        spec = specs.current_spec()
        if spec is None:
            raise RuntimeError("WebRTC.stream() must be called inside 'with gr.Blocks():'")
        if self.rtc_stream is not None:
            raise ValueError("this WebRTC component already has a .stream(); it takes one")
        others = [c for c in specs.as_list(inputs) if c is not self]
        extra_outputs = [c for c in specs.as_list(outputs) if c is not self]
        if extra_outputs:
            raise ValueError(
                "WebRTC.stream() outputs are the WebRTC component itself; update other "
                "components with .on_additional_outputs(fn, outputs=[...])"
            )
        _warn_listener(self, js=js, trigger=trigger, concurrency_id=concurrency_id)
        limit = 1 if concurrency_limit == "default" else concurrency_limit
        self.rtc_stream = RtcStream(
            fn,
            self.mode,
            self.modality,
            extra_inputs=len(others),
            initial_args=lambda: [_initial_arg(c) for c in others],
            time_limit=time_limit if time_limit is not None else self.time_limit,
            concurrency_limit=limit,
            server_rtc_configuration=self.server_rtc_configuration,
        )
        self._wire_inputs(spec, others, send_input_on)
        return spec.listen(
            [(self, "tick")],
            self._holder(),
            [self, *others],
            [],
            show_progress="hidden",
            concurrency_limit=None,
            api_visibility="private",
        )

    def _holder(self) -> Callable[..., Any]:
        """The ``tick`` event's function: claim the connection for the session, give it the
        other inputs, and hold it; the event ending (Stop, the session leaving) closes it."""
        stream = self.rtc_stream

        async def hold(webrtc_id: Any, *args: Any, request: Request) -> None:
            peer = stream.find(webrtc_id, request.session_hash) if stream else None
            if peer is None:
                raise Error(GONE)
            peer.set_args(list(args))
            try:
                await peer.ended.wait()
            finally:
                await peer.close("the stream's event ended")

        return hold

    def _wire_inputs(self, spec: Any, others: list[Any], event: str) -> None:
        """The other inputs' new values reach the handler on their ``event``."""
        stream = self.rtc_stream
        targets = [(c, event) for c in others if event in getattr(c, "EVENTS", ())]
        if not targets:
            return

        def update(webrtc_id: Any, *args: Any, request: Request) -> None:
            peer = stream.find(webrtc_id, request.session_hash) if stream else None
            if peer is not None:
                peer.set_args(list(args))

        spec.listen(
            targets,
            update,
            [self, *others],
            [],
            show_progress="hidden",
            queue=False,
            api_visibility="private",
            trigger_mode="always_last",
        )

    def on_additional_outputs(
        self,
        fn: Callable[..., Any],
        inputs: Any = None,
        outputs: Any = None,
        js: str | None = None,
        concurrency_limit: int | Literal["default"] | None = "default",
        concurrency_id: str | None = None,
        show_progress: Literal["full", "minimal", "hidden"] = "full",
        queue: bool = True,
    ) -> Any:
        """Update ``outputs`` with ``fn(*inputs' values, *additional_outputs.args)`` each
        time the handler emits ``AdditionalOutputs(...)``, for as long as the connection
        lives. An input that is also an output is given its latest value (what ``fn``
        last returned for it), so ``lambda chat, msg: chat + [msg]`` keeps every message.
        Shown with a minimal progress (as FastRTC) unless ``show_progress`` says
        "hidden" or "minimal"."""
        spec = specs.current_spec()
        if spec is None:
            raise RuntimeError(
                "WebRTC.on_additional_outputs() must be called inside 'with gr.Blocks():'"
            )
        _warn_listener(self, js=js, concurrency_id=concurrency_id, queue=None if queue else False)
        component = self
        outs = specs.as_list(outputs)
        fed_back = _fed_back(specs.as_list(inputs), outs)

        async def side(webrtc_id: Any, *given: Any, request: Request) -> Any:
            stream = component.rtc_stream
            peer = stream.find(webrtc_id, request.session_hash) if stream else None
            if peer is None:
                return
            args = list(given)
            async for extra in peer.side_outputs_stream():
                result = fn(*args, *extra.args)
                if inspect.isawaitable(result):
                    result = await result
                _feed_back(args, result, fed_back, len(outs))
                yield result

        return spec.listen(
            [(self, "state_change")],
            side,
            [self, *specs.as_list(inputs)],
            outputs,
            show_progress="minimal" if show_progress == "full" else show_progress,
            concurrency_limit=None if concurrency_limit == "default" else concurrency_limit,
            api_visibility="private",
        )


def _fed_back(inputs: list[Any], outputs: list[Any]) -> dict[int, int]:
    """For each input that is also an output: its input position -> its output position."""
    return {i: outputs.index(block) for i, block in enumerate(inputs) if block in outputs}


def _feed_back(args: list[Any], result: Any, fed_back: dict[int, int], outputs: int) -> None:
    """Give the inputs that are outputs the values ``result`` set (not updates or skips)."""
    if outputs == 1:
        values: Any = [result]
    elif isinstance(result, (tuple, list)) and len(result) == outputs:
        values = result
    else:
        return
    for arg, out in fed_back.items():
        if values[out] is not None and not is_update(values[out]):
            args[arg] = values[out]


def _warn_listener(block: WebRTC, **arguments: Any) -> None:
    """Listener arguments the transport does not act on, warned once each, named."""
    import warnings

    for name, value in arguments.items():
        if value is not None:
            warnings.warn(
                f"WebRTC: `{name}` has no effect in rillet's WebRTC listeners (accepted for "
                "compatibility with FastRTC)",
                UserWarning,
                stacklevel=3,
            )


def _initial_arg(component: Any) -> Any:
    """A component's initial value as a function takes it (None when it cannot be made
    without a page: a file of the session's, a value computed from other inputs)."""
    try:
        return component.preprocess(component.initial_payload())
    except Exception:  # logged; the handler gets None for it
        log.debug("no initial value for %s without a page", component, exc_info=True)
        return None
