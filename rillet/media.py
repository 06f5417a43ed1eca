"""``gradio.media``: sample files for demos, by name (``get_image("cheetah1.jpg")``).

Gradio's demos take their example pictures, sounds, videos, 3D models and data files from
``gradio.media``; rillet ships files under the same names, in the same five folders, so
those demos run unchanged. Every file was made by ``scripts/make_media.py`` (drawn,
synthesised or written by code: a "cheetah" is a drawn spotted cat), none copied from Gradio.

    from rillet.media import get_image, get_video, MEDIA_PATHS
    gr.Image(get_image("lion.jpg"))
    demo.launch(allowed_paths=MEDIA_PATHS)   # to return these files from a function

Each ``get_*`` returns the file's absolute path as a ``str``; with no name, a random file of
that kind; an ``http(s)://`` URL is returned as it is. A name the set does not hold raises
``FileNotFoundError`` listing the names it does. Only plain names are looked up (no
``..``, no subfolders).
"""

from __future__ import annotations

import random
from pathlib import Path

#: The folder that holds the sample files, one subfolder per kind.
MEDIA_ROOT = Path(__file__).resolve().parent / "media_files"

#: Each kind's subfolder, in Gradio's order (pass them to ``launch(allowed_paths=...)``).
MEDIA_PATHS = (
    MEDIA_ROOT / "images",
    MEDIA_ROOT / "videos",
    MEDIA_ROOT / "audio",
    MEDIA_ROOT / "models3d",
    MEDIA_ROOT / "data",
)


def available(media_type: str) -> list[str]:
    """The file names of one kind (``"images"``, ``"videos"``, ``"audio"``, ``"models3d"``,
    ``"data"``), sorted."""
    folder = _folder(media_type)
    return sorted(p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def get_image(filename: str | None = None) -> str:
    """The path of a sample picture (``"cheetah1.jpg"``, ``"lion.jpg"``, ``"logo.png"``...);
    a random one if ``filename`` is None."""
    return _get_media_path("images", filename)


def get_video(filename: str | None = None) -> str:
    """The path of a sample video (``"world.mp4"``, ``"a.mp4"``, ``"b.mp4"``...); a random
    one if ``filename`` is None."""
    return _get_media_path("videos", filename)


def get_audio(filename: str | None = None) -> str:
    """The path of a sample sound (``"cantina.wav"``, ``"sax.wav"``, ``"cate_blanch.mp3"``...);
    a random one if ``filename`` is None."""
    return _get_media_path("audio", filename)


def get_model3d(filename: str | None = None) -> str:
    """The path of a sample 3D model (``"Duck.glb"``, ``"Bunny.obj"``, ``"Fox.gltf"``...); a
    random one if ``filename`` is None."""
    return _get_media_path("models3d", filename)


def get_file(filename: str | None = None) -> str:
    """The path of a sample data file (``"titanic.csv"``, ``"sample.txt"``, ``"s1.srt"``...); a
    random one if ``filename`` is None."""
    return _get_media_path("data", filename)


def _folder(media_type: str) -> Path:
    kinds = [p.name for p in MEDIA_PATHS]
    if media_type not in kinds:
        raise ValueError(f"No sample media of type {media_type!r}: the types are {kinds}")
    return MEDIA_ROOT / media_type


def _get_media_path(media_type: str, filename: str | None = None) -> str:
    """The absolute path of ``filename`` among the samples of ``media_type`` (a random one if
    None; a URL as it is)."""
    names = available(media_type)
    if filename is None:
        if not names:
            raise FileNotFoundError(f"No sample {media_type} in {MEDIA_ROOT / media_type}")
        filename = random.choice(names)
    elif filename.startswith(("http://", "https://")):
        return filename
    elif filename not in names:
        raise FileNotFoundError(
            f"No sample {media_type} file named {filename!r}; the {media_type} are: "
            + ", ".join(names)
        )
    return str(MEDIA_ROOT / media_type / filename)
