"""``gr.Model3D``: a 3D model (.obj, .glb, .gltf, .stl, .ply, .splat) the page draws with
three.js (rillet/vendor), to orbit, zoom and pan; as an input, a file to drop or pick.

The value is a file path both ways: the function receives the uploaded file's path and
returns a path (or URL, or a ``FileData``-like dict) that the page fetches and draws.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Literal

from rillet.components._common import warn_unhonoured
from rillet.components.base import Component
from rillet.components.file import files_schema, postprocess_files
from rillet.core.files import FILE_META, FileOut, is_file_data

EXAMPLE_URL = (
    "https://raw.githubusercontent.com/gradio-app/gradio/main/gradio/media_assets/models3d/Fox.gltf"
)
DISPLAY_MODES = ("solid", "point_cloud", "wireframe")
#: Gradio's background when ``clear_color`` is not given: transparent.
TRANSPARENT = [0, 0, 0, 0]


class Model3D(Component):
    """A 3D model. Input: the uploaded file's path (``str``). Output: a path, URL or
    ``FileData``-like dict of a .obj, .glb, .gltf, .stl, .ply or .splat file.

    ``display_mode`` draws it solid, as a wireframe or as points; ``clear_color`` (RGBA,
    0-1) is the background; ``camera_position`` (alpha and beta in degrees, radius) where
    the camera starts; ``zoom_speed`` and ``pan_speed`` scale the mouse's zoom and pan.
    """

    EVENTS: ClassVar[tuple[str, ...]] = ("change", "upload", "edit", "clear")

    def __init__(
        self,
        value: str | Callable[..., Any] | None = None,
        *,
        display_mode: Literal["solid", "point_cloud", "wireframe"] | None = None,
        clear_color: tuple[float, float, float, float] | None = None,
        camera_position: tuple[float | None, float | None, float | None] = (None, None, None),
        zoom_speed: float = 1,
        pan_speed: float = 1,
        height: int | str | None = None,
        label: str | None = None,
        show_label: bool | None = None,
        every: float | None = None,
        inputs: Any = None,
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
        buttons: Sequence[Any] | None = None,
    ) -> None:
        if display_mode is not None and display_mode not in DISPLAY_MODES:
            raise ValueError(
                f"Invalid display_mode {display_mode!r}: choose one of {list(DISPLAY_MODES)}"
            )
        self.display_mode = display_mode
        self.clear_color = list(clear_color) if clear_color else list(TRANSPARENT)
        self.camera_position = camera_position
        self.zoom_speed = zoom_speed
        self.pan_speed = pan_speed
        self.height = height
        warn_unhonoured(
            self,
            every=every,
            inputs=inputs,
            preserved_by_key=preserved_by_key,
            buttons=buttons or None,  # Gradio's are custom gr.Button entries only
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

    def preprocess(self, payload: Any) -> str | None:
        """The uploaded file's path, as Gradio hands it over (any file type: Gradio does
        not check it either)."""
        if payload is None:
            return None
        if not is_file_data(payload):
            raise ValueError(
                "expected a model as FileData: {'path': ..., 'meta': {'_type': 'gradio.FileData'}}"
            )
        return str(payload["path"])

    def postprocess(self, value: Any) -> FileOut | dict[str, Any] | None:
        """A path (``str`` or ``Path``) the app may read as a served file named after
        itself; a URL as a link; a ``FileData``-like dict (or object) keeps its
        ``orig_name``."""
        if value is None:
            return None
        if isinstance(value, (list, tuple)):
            raise ValueError("gr.Model3D shows one model: return a single path, not a list")
        result: FileOut | dict[str, Any] = postprocess_files(value)
        return result

    def api_info(self) -> dict[str, Any]:
        return files_schema("single")

    def example_payload(self) -> Any:
        return {"path": EXAMPLE_URL, "meta": dict(FILE_META), "orig_name": "Fox.gltf",
                "url": EXAMPLE_URL}  # fmt: skip

    def example_value(self) -> Any:
        return EXAMPLE_URL

    def api_python_type(self) -> str:
        return "filepath"

    def props(self) -> dict[str, Any]:
        return {
            **super().props(),
            "display_mode": self.display_mode,
            "clear_color": self.clear_color,
            "camera_position": list(self.camera_position),
            "zoom_speed": self.zoom_speed,
            "pan_speed": self.pan_speed,
            "height": self.height,
            "buttons": [],
        }
