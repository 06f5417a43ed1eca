"""``gr.Model3D``: Gradio's arguments and defaults, events, schema, the props in ``/config``,
paths in and served files out, and the arguments warned about (no sockets)."""

from __future__ import annotations

import inspect
import json
import re
import warnings
from pathlib import Path

import pytest

from rillet.components.file import files_schema
from rillet.components.model3d import Model3D
from rillet.core.files import FILE_META, FileOut
from rillet.media import get_model3d
from rillet.server.app import VENDOR, VENDOR_FILES

#: Gradio 6.31's constructor arguments, in order, with their defaults.
GRADIO_SIGNATURE = [
    ("value", None), ("display_mode", None), ("clear_color", None),
    ("camera_position", (None, None, None)), ("zoom_speed", 1), ("pan_speed", 1),
    ("height", None), ("label", None), ("show_label", None), ("every", None), ("inputs", None),
    ("container", True), ("scale", None), ("min_width", 160), ("interactive", None),
    ("visible", True), ("elem_id", None), ("elem_classes", None), ("render", True),
    ("key", None), ("preserved_by_key", "value"), ("buttons", None),
]  # fmt: skip


def file_data(path: str, name: str | None = None) -> dict:
    return {"path": path, "orig_name": name or Path(path).name, "meta": dict(FILE_META)}


def test_constructor_matches_gradio() -> None:
    params = list(inspect.signature(Model3D.__init__).parameters.values())[1:]
    assert [(p.name, p.default) for p in params] == GRADIO_SIGNATURE
    assert params[0].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params[1:])


def test_block_name_and_events_match_gradio() -> None:
    m = Model3D()
    assert m.get_block_name() == "model3d"
    assert Model3D.EVENTS == ("change", "upload", "edit", "clear")
    for event in Model3D.EVENTS:
        assert callable(getattr(m, event))


def test_props_are_gradios() -> None:
    props = Model3D(height=250).props()
    assert props["display_mode"] is None
    assert props["clear_color"] == [0, 0, 0, 0]  # Gradio's transparent default
    assert props["camera_position"] == [None, None, None]
    assert (props["zoom_speed"], props["pan_speed"], props["height"]) == (1, 1, 250)
    assert props["buttons"] == []
    assert props["value"] is None
    shaped = Model3D(
        display_mode="wireframe", clear_color=(0.1, 0.2, 0.3, 1.0), camera_position=(30, None, 5)
    ).props()
    assert shaped["display_mode"] == "wireframe"
    assert shaped["clear_color"] == [0.1, 0.2, 0.3, 1.0]
    assert shaped["camera_position"] == [30, None, 5]


def test_an_unknown_display_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="display_mode"):
        Model3D(display_mode="shaded")  # type: ignore[arg-type]


def test_api_info_is_gradios_file_data() -> None:
    m = Model3D()
    assert m.api_info() == files_schema("single")
    assert m.api_info()["title"] == "FileData"
    assert m.api_python_type() == "filepath"
    payload = m.example_payload()
    assert payload["meta"] == FILE_META and payload["orig_name"] == "Fox.gltf"
    assert m.example_value().endswith("Fox.gltf")


def test_preprocess_hands_over_the_path() -> None:
    m = Model3D()
    path = get_model3d("Duck.glb")
    assert m.preprocess(file_data(path)) == path
    assert m.preprocess(None) is None
    with pytest.raises(ValueError, match="FileData"):
        m.preprocess({"path": path})  # no meta: not a file


def test_postprocess_serves_paths_urls_and_file_data() -> None:
    m = Model3D()
    for value in (get_model3d("Bunny.obj"), Path(get_model3d("Bunny.obj"))):
        out = m.postprocess(value)
        assert isinstance(out, FileOut)
        assert out.path == Path(get_model3d("Bunny.obj")) and out.orig_name == "Bunny.obj"
    named = m.postprocess({"path": get_model3d("sofia.stl"), "orig_name": "statue.stl"})
    assert isinstance(named, FileOut) and named.orig_name == "statue.stl"
    url = "https://example.com/models/Fox.gltf"
    linked = m.postprocess(url)
    assert isinstance(linked, dict)
    assert (linked["url"], linked["orig_name"]) == (url, "Fox.gltf")
    assert m.postprocess(None) is None


def test_postprocess_refuses_what_is_not_one_model(tmp_path: Path) -> None:
    m = Model3D()
    with pytest.raises(ValueError, match="Cannot find"):
        m.postprocess(str(tmp_path / "missing.obj"))
    with pytest.raises(ValueError, match="one model"):
        m.postprocess([get_model3d("Bunny.obj")])


def test_the_initial_value_is_served_and_a_callable_is_called() -> None:
    initial = Model3D(get_model3d("Fox.gltf")).initial_payload()
    assert isinstance(initial, FileOut) and initial.orig_name == "Fox.gltf"
    called = Model3D(value=lambda: get_model3d("Duck.glb")).initial_payload()
    assert isinstance(called, FileOut) and called.orig_name == "Duck.glb"


def test_unhonoured_arguments_warn_naming_themselves() -> None:
    with pytest.warns(UserWarning, match="every"):
        Model3D(every=2.0)
    with pytest.warns(UserWarning, match="buttons"):
        Model3D(buttons=[object()])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Model3D(
            get_model3d("Duck.glb"),
            display_mode="point_cloud",
            clear_color=(0, 0, 0, 1),
            camera_position=(0, 90, 3),
            zoom_speed=2,
            pan_speed=0.5,
            height=300,
            label="m",
        )


# --- the vendored three.js ----------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


def test_three_is_pinned_exactly_and_installed_at_that_version() -> None:
    vendor = ROOT / "rillet/vendor"
    version = json.loads((vendor / "package.json").read_text())["dependencies"]["three"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)  # exact, not a range
    locked = json.loads((vendor / "package-lock.json").read_text())["packages"]
    assert locked["node_modules/three"]["version"] == version
    installed = json.loads((VENDOR / "three/package.json").read_text())
    assert installed["version"] == version


def test_the_import_map_resolves_what_the_three_modules_import() -> None:
    """Every relative or bare import of a served three.js module lands on a served file:
    "three" and "../utils/X.js" through the page's import map, "./X.js" beside it."""
    html = (ROOT / "rillet/frontend/index.html").read_text()
    (text,) = re.findall(r'<script type="importmap">(.*?)</script>', html, re.DOTALL)
    imports = json.loads(text)["imports"]
    served = {f"./static/vendor/{name}" for name in VENDOR_FILES}
    assert imports["three"] in served
    for name, relative in VENDOR_FILES.items():
        if not relative.startswith("three/"):
            continue
        source = (VENDOR / relative).read_text()
        for spec in re.findall(r"^(?:import|export)\b[^;]*?from '([^']+)'", source, re.M | re.S):
            if spec == "three":
                continue
            if spec.startswith("../"):
                target = imports.get("./static/" + spec.removeprefix("../"))
            else:
                target = "./static/vendor/" + spec.removeprefix("./")
            assert target in served, f"{name} imports {spec}"
