"""Gradio's template classes: a component with other defaults (``gr.Files`` is a
``gr.File`` with ``file_count="multiple"``). Each is drawn by its component's page module
and named like it; the string shortcuts (``"files"``) are in :mod:`shortcuts`."""

from __future__ import annotations

from typing import Any, ClassVar

from rillet.components.audio import Audio
from rillet.components.file import File
from rillet.components.video import Video


class Files(File):
    """``gr.File(file_count="multiple")``: several files in, a list of files out."""

    is_template: ClassVar[bool] = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("file_count", "multiple")
        super().__init__(*args, **kwargs)


class Microphone(Audio):
    """``gr.Audio(sources=["microphone"], format="wav")``: a recorder."""

    is_template: ClassVar[bool] = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("sources", ["microphone"])
        kwargs.setdefault("format", "wav")
        super().__init__(*args, **kwargs)


class PlayableVideo(Video):
    """``gr.Video(sources=["upload"], format="mp4")``: any video, played as MP4."""

    is_template: ClassVar[bool] = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("sources", ["upload"])
        kwargs.setdefault("format", "mp4")
        super().__init__(*args, **kwargs)


#: Gradio's short name for ``Microphone``.
Mic = Microphone
