"""``gr.Audio``: an audio input (upload, microphone) or output (a player, or a stream).

As a streaming output (``streaming=True``), every chunk the generator yields (a file path,
the bytes of a file or a slice of one, ``(sample_rate, array)``) is decoded to PCM at the
stream's format and sent as its own small WAV file, marked ``is_stream``; the page plays
each one the moment it has decoded it, scheduled to start exactly where the one before
ends. When the stream ends, the chunks are joined into one file (``format``, WAV by
default), the final value. Decoding is PyAV's (``rillet.codecs``), imported only when audio
is processed, so importing rillet stays light.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar, Literal

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

if TYPE_CHECKING:
    import numpy as np

EXAMPLE_URL = "https://github.com/gradio-app/gradio/raw/main/test/test_files/audio_sample.wav"
FORMATS = ("wav", "mp3", "flac")
SOURCES = ("upload", "microphone")
#: The ``buttons`` the page draws (Gradio's "share" needs Hugging Face Spaces).
HONOURED = ("download",)


@dataclass
class WaveformOptions:
    """Gradio's ``gr.WaveformOptions``: how an audio's waveform is drawn.

    ``waveform_color`` (the bars; None: the page's muted colour) and
    ``waveform_progress_color`` (the part played; None: the page's primary colour) are any
    CSS colour; ``show_recording_waveform=False`` shows the browser's own player instead of
    the waveform. ``skip_length`` (Gradio's skip buttons), ``trim_region_color`` and
    ``sample_rate`` (its audio editor, trimming) are for controls rillet's player does not
    have (it is the browser's): set to other than their defaults, they warn.
    """

    waveform_color: str | None = None
    waveform_progress_color: str | None = None
    trim_region_color: str | None = None
    show_recording_waveform: bool = True
    skip_length: int | float = 5
    sample_rate: int = 44100


class Audio(FileValued):
    """Audio. Input: a file path (``type="filepath"``) or ``(sample_rate, int16 array)``
    (``type="numpy"``; shape ``(samples,)`` or ``(samples, channels)``).

    Output: a file path or URL, the bytes of a file, or ``(sample_rate, array)`` (int16,
    int32 or float; float arrays are scaled to their peak, as Gradio does, except in a
    stream, where 1.0 is full scale so the loudness does not jump between chunks).
    """

    EVENTS: ClassVar[tuple[str, ...]] = (
        "stream",
        "change",
        "clear",
        "play",
        "pause",
        "stop",
        "pause_recording",
        "start_recording",
        "stop_recording",
        "upload",
        "input",
    )
    example_url = EXAMPLE_URL
    heavy: ClassVar[bool] = True

    def __init__(
        self,
        value: Any = None,
        *,
        sources: Sequence[str] | str | None = None,
        type: Literal["numpy", "filepath"] = "numpy",
        label: str | None = None,
        every: float | None = None,
        inputs: Any = None,
        show_label: bool | None = None,
        container: bool = True,
        scale: int | None = None,
        min_width: int = 160,
        interactive: bool | None = None,
        visible: bool | Literal["hidden"] = True,
        streaming: bool = False,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = "value",
        format: Literal["wav", "mp3"] | None = None,
        autoplay: bool = False,
        editable: bool = True,
        buttons: Sequence[Any] | None = None,
        show_download_button: bool | None = None,
        show_share_button: bool | None = None,
        waveform_options: WaveformOptions | dict[str, Any] | None = None,
        loop: bool = False,
        recording: bool = False,
        subtitles: Any = None,
        min_length: int | None = None,
        max_length: int | None = None,
        playback_position: float = 0,
    ) -> None:
        if type not in ("numpy", "filepath"):
            raise ValueError(
                f"Invalid value for parameter `type`: {type!r}. "
                "Please choose from one of: ['numpy', 'filepath']"
            )
        self.sources = _sources(sources, streaming)
        self.format = format.lower().lstrip(".") if format else None
        if self.format is not None and self.format not in FORMATS:
            raise ValueError(f"`format` must be one of {list(FORMATS)} or None, got {format!r}")
        self.type = type
        self.streaming = streaming
        self.autoplay = autoplay
        self.editable = editable
        self.loop = loop
        self.recording = recording
        self.waveform_options = _waveform_options(waveform_options)
        self.min_length, self.max_length = min_length, max_length
        self.playback_position = playback_position
        self.buttons = buttons_list(
            buttons, ["download", "share"], download=show_download_button, share=show_share_button
        )
        warn_unhonoured_buttons(
            self, ["share"] if buttons is None and show_share_button else buttons, HONOURED
        )
        defaults = WaveformOptions()
        warn_unhonoured(
            self,
            every=every,
            inputs=inputs,
            subtitles=subtitles,
            preserved_by_key=preserved_by_key,
            **{
                f"waveform_options.{name}": getattr(self.waveform_options, name)
                for name in ("trim_region_color", "skip_length", "sample_rate")
                if getattr(self.waveform_options, name) != getattr(defaults, name)
            },
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

    def preprocess(self, payload: Any) -> str | tuple[int, np.ndarray] | None:
        """The uploaded or recorded file as a path (converted to ``format`` if it is set and
        the file is in another) or as ``(sample_rate, int16 array)``."""
        if payload is None:
            return None
        if not is_file_data(payload):
            raise ValueError(
                "expected audio as FileData: {'path': ..., 'meta': {'_type': 'gradio.FileData'}}"
            )
        media = _media()
        path = Path(payload["path"])
        limits = Limits.for_input(self.max_length)  # rillet.codecs.limits: no audio bombs
        if self.min_length is not None or self.max_length is not None:
            self._check_length(media.duration_of(path, stop_after=limits.seconds))
        if self.type == "filepath":
            if self.format is None or media.format_of(path) == self.format:
                return str(path)
            return str(
                media.convert(path, new_file(f"{path.stem}.{self.format}"), self.format, limits)
            )
        rate, channels, pcm = media.read_pcm(path, limits)
        import numpy as np

        samples = np.frombuffer(pcm, dtype=np.int16).copy()
        return rate, samples if channels == 1 else samples.reshape(-1, channels)

    def _check_length(self, seconds: float) -> None:
        from rillet.core.errors import Error

        if self.min_length is not None and seconds < self.min_length:
            raise Error(f"Audio is too short, and must be at least {self.min_length} seconds")
        if self.max_length is not None and seconds > self.max_length:
            raise Error(f"Audio is too long, and must be at most {self.max_length} seconds")

    # ---- output ----

    def postprocess(self, value: Any) -> FileOut | dict[str, Any] | None:
        """A file for the player: paths and bytes as they are (converted when ``format``
        asks for another), arrays encoded as ``format`` (WAV by default), URLs as links."""
        if value is None or isinstance(value, FileOut):
            return value
        if isinstance(value, dict):  # a FileData-like dict
            value = value.get("path") or value.get("url") or value
        if isinstance(value, (str, Path)) and str(value).startswith(("http://", "https://")):
            return url_file_data(str(value), "audio")
        media = _media()
        if isinstance(value, tuple) and len(value) == 2:
            return self._encoded(media.array_pcm(*value, peak=True), self.format or "wav")
        if isinstance(value, (str, Path)):
            path = readable_file(value, "audio")
            if self.format is None or media.format_of(path) == self.format:
                return FileOut(
                    path=path, orig_name=path.name, mime_type=mimetypes.guess_type(path.name)[0]
                )
            return file_out(
                media.convert(path, new_file(f"{path.stem}.{self.format}"), self.format)
            )
        if isinstance(value, (bytes, bytearray)):
            kind = media.format_of(bytes(value)) or "wav"
            if self.format is None or kind == self.format:
                return FileOut(
                    data=bytes(value),
                    orig_name=f"audio.{kind}",
                    mime_type=media.MIME_TYPES.get(kind),
                )
            return file_out(
                media.convert(bytes(value), new_file(f"audio.{self.format}"), self.format)
            )
        raise ValueError(f"Cannot process this value as Audio: it is a {type(value).__name__}")

    def _encoded(self, pcm: tuple[int, int, bytes], fmt: str) -> FileOut:
        media = _media()
        rate, channels, data = pcm
        if fmt == "wav":
            return FileOut(
                data=media.wav_bytes(data, rate, channels),
                orig_name="audio.wav",
                mime_type="audio/wav",
            )
        return file_out(media.write_audio([data], rate, channels, new_file(f"audio.{fmt}"), fmt))

    def output_stream(self, run: Run) -> OutputStream:
        """With ``streaming=True``: every chunk, in order, joined into one file at the end;
        else each value whole."""
        if self.streaming:
            return ChunkStream(self, run)
        return super().output_stream(run)

    def stream_chunk(self, value: Any, state: dict[str, Any]) -> FileOut | dict[str, Any] | None:
        """One yielded chunk as a WAV file at the stream's rate and channels (the first
        chunk fixes them). None when it gives no sound yet; ValueError when it is not
        audio (core then skips that chunk and warns the user)."""
        if isinstance(value, FileOut):
            return value
        if value is None:
            return None
        media = _media()
        stream = state.get("audio")
        if stream is None:
            stream = state["audio"] = media.AudioStream()
        if isinstance(value, dict):
            value = value.get("path") or value.get("url")
        if isinstance(value, (str, Path)):
            value = readable_file(value, "audio")
        pcm = stream.decode(value)
        if not pcm:
            return None
        state["count"] = state.get("count", 0) + 1
        return FileOut(
            data=media.wav_bytes(pcm, stream.rate, stream.channels),
            orig_name=f"chunk-{state['count']}.wav",
            mime_type="audio/wav",
            is_stream=True,
        )

    def join_stream(self, chunks: list[Any], state: dict[str, Any]) -> FileOut | None:
        """The whole stream as one file in ``format`` (WAV by default): replay, seek and
        download in the page, and the final value through the API."""
        stream = state.get("audio")
        if stream is None or stream.rate is None:
            return None
        media = _media()
        tail = stream.finish()
        paths = [c["path"] for c in chunks if is_file_data(c)]
        fmt = self.format or "wav"
        out = media.join_wavs(
            paths, tail, stream.rate, stream.channels, new_file(f"audio-stream.{fmt}"), fmt
        )
        return FileOut(path=out, orig_name=out.name, mime_type=media.MIME_TYPES[fmt])

    # ---- description ----

    def props(self) -> dict[str, Any]:
        return {
            **super().props(),
            "sources": self.sources,
            "type": self.type,
            "format": self.format,
            "streaming": self.streaming,
            "autoplay": self.autoplay,
            "editable": self.editable,
            "loop": self.loop,
            "recording": self.recording,
            "buttons": self.buttons,
            "show_download_button": "download" in self.buttons,
            "show_share_button": "share" in self.buttons,
            "waveform_options": asdict(self.waveform_options),
            "min_length": self.min_length,
            "max_length": self.max_length,
            "playback_position": self.playback_position,
        }


def _media() -> ModuleType:
    """:mod:`rillet.codecs.audio`, once PyAV is known to be installed."""
    require_av("gr.Audio", "process audio")
    from rillet.codecs import audio

    return audio


def _sources(sources: Sequence[str] | str | None, streaming: bool) -> list[str]:
    if sources is None:
        return ["microphone"] if streaming else list(SOURCES)
    chosen = [sources] if isinstance(sources, str) else list(sources)
    for source in chosen:
        if source not in SOURCES:
            raise ValueError(f"`sources` must be a list of {list(SOURCES)}, got {source!r}")
    return chosen


def _waveform_options(options: WaveformOptions | dict[str, Any] | None) -> WaveformOptions:
    """``waveform_options`` as Gradio takes it: None (the defaults), a dict of its fields
    (an unknown one is a TypeError, as in Gradio) or a ``WaveformOptions``."""
    if options is None:
        return WaveformOptions()
    if isinstance(options, dict):
        return WaveformOptions(**options)
    if isinstance(options, WaveformOptions):
        return options
    raise TypeError(
        f"waveform_options must be a gr.WaveformOptions or a dict, got {type(options).__name__}"
    )
