"""``gr.Video``: a video input (upload, webcam recording) or output (a player, or a stream).

As a streaming output (``streaming=True``), every chunk the generator yields (a file path,
a file's bytes, ``(fps, frames)`` or frames) becomes a standalone fragmented MP4 whose
timestamps go on from the previous chunk's (H.264 copied, anything else encoded to H.264;
``rillet.codecs.video``), sent as a FileData marked ``is_stream`` whose ``mime_type`` carries
the codecs (``video/mp4; codecs="avc1.64001F, mp4a.40.2"``). The page appends each one to
a MediaSource as it arrives; ``gradio_client`` gets each as a playable file. When the
stream ends, the chunks are joined into one MP4 without re-encoding: the final value.
PyAV is imported only when video is processed, so importing rillet stays light.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar, Literal

from rillet.codecs.limits import Limits
from rillet.components._buttons import warn_unhonoured_buttons
from rillet.components._common import (
    FileValued,
    buttons_list,
    file_out,
    readable_file,
    require_av,
    url_file_data,
    warn_unhonoured,
)
from rillet.core.contract import OutputStream, Run
from rillet.core.files import FileOut, is_file_data, new_file
from rillet.core.streams import ChunkStream

EXAMPLE_URL = "https://github.com/gradio-app/gradio/raw/main/gradio/media_assets/videos/world.mp4"
SOURCES = ("upload", "webcam")
#: The ``buttons`` the page draws (Gradio's "share" needs Hugging Face Spaces).
HONOURED = ("download",)
#: Containers ``format`` may name.
FORMATS = ("mp4", "webm", "mov", "mkv")
#: The ones a finished stream is joined into without re-encoding (H.264 + AAC).
JOINED = ("mp4", "mov", "mkv")


class Video(FileValued):
    """Video. Input: the uploaded or recorded file's path (converted to ``format`` when it
    is set and the file is in another).

    Output: a file path or URL, a file's bytes, or frames: ``(fps, frames)`` or frames alone
    (25 fps), ``frames`` being ``(n, height, width, 3)`` RGB uint8. A file browsers cannot
    play (or not in ``format``) is converted to MP4 first.
    """

    EVENTS: ClassVar[tuple[str, ...]] = (
        "change",
        "clear",
        "start_recording",
        "stop_recording",
        "stop",
        "play",
        "pause",
        "end",
        "upload",
        "input",
    )
    example_url = EXAMPLE_URL
    heavy: ClassVar[bool] = True

    def __init__(
        self,
        value: Any = None,
        *,
        format: str | None = None,
        sources: Sequence[str] | str | None = None,
        height: int | str | None = None,
        width: int | str | None = None,
        label: str | None = None,
        every: float | None = None,
        inputs: Any = None,
        show_label: bool | None = None,
        container: bool = True,
        scale: int | None = None,
        min_width: int = 160,
        interactive: bool | None = None,
        visible: bool | Literal["hidden"] = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = "value",
        webcam_options: Any = None,
        mirror_webcam: bool | None = None,
        webcam_constraints: dict[str, Any] | None = None,
        include_audio: bool | None = None,
        autoplay: bool = False,
        buttons: Sequence[Any] | None = None,
        show_share_button: bool | None = None,
        show_download_button: bool | None = None,
        min_length: int | None = None,
        max_length: int | None = None,
        loop: bool = False,
        streaming: bool = False,
        watermark: Any = None,
        subtitles: Any = None,
        playback_position: float = 0,
    ) -> None:
        self.format = format.lower().lstrip(".") if format else None
        if self.format is not None and self.format not in FORMATS:
            raise ValueError(f"`format` must be one of {list(FORMATS)} or None, got {format!r}")
        self.sources = _sources(sources)
        self.height, self.width = height, width
        self.webcam_options = _webcam_options(webcam_options, mirror_webcam, webcam_constraints)
        self.include_audio = "upload" in self.sources if include_audio is None else include_audio
        self.autoplay = autoplay
        self.buttons = _buttons(buttons, show_download_button, show_share_button)
        warn_unhonoured_buttons(
            self, ["share"] if buttons is None and show_share_button else buttons, HONOURED
        )
        self.min_length, self.max_length = min_length, max_length
        self.loop = loop
        self.streaming = streaming
        self.playback_position = playback_position
        warn_unhonoured(
            self,
            every=every,
            inputs=inputs,
            watermark=watermark,
            subtitles=subtitles,
            preserved_by_key=preserved_by_key,
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

    # ---- input ----

    def preprocess(self, payload: Any) -> str | None:
        """The uploaded or recorded file's path: converted to ``format`` (when set and the
        file has another extension), without its audio when ``include_audio`` is False."""
        if payload is None:
            return None
        if isinstance(payload, dict) and "video" in payload and "path" not in payload:
            payload = payload["video"]  # Gradio 5's {"video": FileData, "subtitles": ...}
            if payload is None:
                return None
        if not is_file_data(payload):
            raise ValueError(
                "expected a video as FileData: {'path': ..., 'meta': {'_type': 'gradio.FileData'}}"
            )
        path = Path(payload["path"])
        join = _media()
        limits = Limits.for_input(self.max_length)  # rillet.codecs.limits: no video bombs
        if self.min_length is not None or self.max_length is not None:
            self._check_length(join.duration_of(path))
        fmt = self.format
        suffix = path.suffix.lower().lstrip(".")
        drop_audio = not self.include_audio and join.probe(path)["audio"] is not None
        if (fmt is None or suffix == fmt) and not drop_audio:
            return str(path)
        fmt = fmt or (suffix if suffix in FORMATS else "mp4")
        return str(
            join.convert(
                path, new_file(f"{path.stem}.{fmt}"), fmt, audio=self.include_audio, limits=limits
            )
        )

    def _check_length(self, seconds: float) -> None:
        from rillet.core.errors import Error

        if self.min_length is not None and seconds < self.min_length:
            raise Error(f"Video is too short, and must be at least {self.min_length} seconds")
        if self.max_length is not None and seconds > self.max_length:
            raise Error(f"Video is too long, and must be at most {self.max_length} seconds")

    # ---- output ----

    def postprocess(self, value: Any) -> FileOut | dict[str, Any] | None:
        """A file for the player: playable files as they are, others converted to MP4 (or
        to ``format``); frames encoded as H.264 MP4; URLs passed on as links."""
        if value is None or isinstance(value, FileOut):
            return value
        value = _video_of(value)
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return url_file_data(value, "video.mp4")
        join = _media()
        fmt = self.format or "mp4"
        if isinstance(value, (str, Path)):
            path = readable_file(value, "video")
            suffix = path.suffix.lower().lstrip(".")
            if (self.format is None and join.playable(join.probe(path))) or suffix == self.format:
                return file_out(path)
            return file_out(join.convert(path, new_file(f"{path.stem}.{fmt}"), fmt))
        if isinstance(value, (bytes, bytearray)):
            return file_out(join.convert(bytes(value), new_file(f"video.{fmt}"), fmt))
        return file_out(join.convert(value, new_file(f"video.{fmt}"), fmt))

    def output_stream(self, run: Run) -> OutputStream:
        """With ``streaming=True``: every chunk, in order, joined into one file at the end;
        else each value whole."""
        if self.streaming:
            return ChunkStream(self, run)
        return super().output_stream(run)

    def stream_chunk(self, value: Any, state: dict[str, Any]) -> FileOut | None:
        """One yielded chunk as a standalone fragmented MP4 that continues the stream.
        ValueError when it is not playable video (core then skips that chunk and warns)."""
        if value is None or isinstance(value, FileOut):
            return value
        value = _video_of(value)
        if isinstance(value, (str, Path)):
            if str(value).startswith(("http://", "https://")):
                raise ValueError(
                    "a streamed video chunk must be a local file, bytes or frames, "
                    f"not a URL ({value})"
                )
            value = readable_file(value, "video")
        stream = state.get("video")
        if stream is None:
            _media()
            from rillet.codecs.video import VideoStream

            stream = state["video"] = VideoStream()
        chunk = stream.add(value)
        return FileOut(
            data=chunk.data,
            orig_name=f"chunk-{stream.chunks}.mp4",
            mime_type=chunk.mime,
            is_stream=True,
        )

    def join_stream(self, chunks: list[Any], state: dict[str, Any]) -> FileOut | None:
        """The whole stream as one file, nothing re-encoded (MP4, or ``format`` if it is
        mov or mkv): replay, seek and download in the page, and the final value through
        the API."""
        paths = [c["path"] for c in chunks if is_file_data(c)]
        if state.get("video") is None or not paths:
            return None
        fmt = self.format if self.format in JOINED else "mp4"
        out = _media().join(paths, new_file(f"video-stream.{fmt}"), fmt)
        return file_out(out)

    # ---- description ----

    def props(self) -> dict[str, Any]:
        return {
            **super().props(),
            "sources": self.sources,
            "format": self.format,
            "height": self.height,
            "width": self.width,
            "autoplay": self.autoplay,
            "loop": self.loop,
            "streaming": self.streaming,
            "include_audio": self.include_audio,
            "webcam_options": self.webcam_options,
            "buttons": self.buttons,
            "show_download_button": "download" in self.buttons,
            "show_share_button": "share" in self.buttons,
            "min_length": self.min_length,
            "max_length": self.max_length,
            "playback_position": self.playback_position,
        }


def _media() -> ModuleType:
    """:mod:`rillet.codecs.video_join` (join, convert, probe), once PyAV is known to be there."""
    require_av("gr.Video", "process video")
    from rillet.codecs import video_join

    return video_join


def _video_of(value: Any) -> Any:
    """The video in a value: a FileData-like dict's path, Gradio's ``(video, subtitles)``."""
    if isinstance(value, dict):
        inner = value.get("video", value)
        if isinstance(inner, dict):
            return inner.get("path") or inner.get("url")
        return inner
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], (str, Path)):
        return value[0]
    return value


def _sources(sources: Sequence[str] | str | None) -> list[str]:
    if sources is None:
        return list(SOURCES)
    chosen = [sources] if isinstance(sources, str) else list(sources)
    for source in chosen:
        if source not in SOURCES:
            raise ValueError(f"`sources` must be a list of {list(SOURCES)}, got {source!r}")
    return chosen


def _webcam_options(
    options: Any, mirror: bool | None, constraints: dict[str, Any] | None
) -> dict[str, Any]:
    """``webcam_options`` (a dict or a ``WebcamOptions``-like object) as JSON, with Gradio 5's
    ``mirror_webcam`` / ``webcam_constraints`` folded in."""
    if options is None:
        found: dict[str, Any] = {}
    elif isinstance(options, dict):
        found = dict(options)
    else:
        found = {k: v for k, v in vars(options).items() if not k.startswith("_")}
    found.setdefault("mirror", True if mirror is None else mirror)
    found.setdefault("constraints", constraints)
    return found


def _buttons(buttons: Sequence[Any] | None, download: bool | None, share: bool | None) -> list[str]:
    """Gradio 6's ``buttons`` (default: download only); Gradio 5's ``show_download_button``
    and ``show_share_button`` adjust Gradio 5's defaults (download and share)."""
    legacy = download is not None or share is not None
    default = ["download", "share"] if legacy else ["download"]
    return buttons_list(buttons, default, download=download, share=share)
