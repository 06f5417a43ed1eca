"""``gr.Gallery``: items in and out, captions, videos, Gradio's defaults and schema, and the
stream that sends only the new items of a grown gallery."""

from __future__ import annotations

import inspect
import warnings
from io import BytesIO
from pathlib import Path

import pytest

np = pytest.importorskip("numpy")
PIL_Image = pytest.importorskip("PIL.Image")

from rillet.components import Gallery  # noqa: E402
from rillet.components.gallery import GalleryStream, allowed_type, fingerprint  # noqa: E402
from rillet.core.contract import UNCHANGED, Run  # noqa: E402
from rillet.core.files import FILE_META, FileOut, FileStore  # noqa: E402
from rillet.core.outputs import Files, Outputs  # noqa: E402

GENERATOR = Run(generator=True, live=False, state={})

#: Gradio 6's constructor arguments, in order.
GRADIO_ARGS = [
    "value", "format", "file_types", "label", "every", "inputs", "show_label", "container",
    "scale", "min_width", "visible", "elem_id", "elem_classes", "render", "key",
    "preserved_by_key", "columns", "rows", "height", "allow_preview", "preview",
    "selected_index", "object_fit", "buttons", "interactive", "type", "fit_columns", "sources",
]  # fmt: skip


def picture(seed: int, h: int = 12, w: int = 16) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 255, (h, w, 3), dtype=np.uint8)


def png(tmp_path: Path, name: str = "a.png", seed: int = 0) -> Path:
    path = tmp_path / name
    PIL_Image.fromarray(picture(seed)).save(path)
    return path


def item(path: Path, caption: str | None = None, kind: str = "image") -> dict:
    return {"caption": caption, kind: {"path": str(path), "meta": dict(FILE_META)}}


def test_arguments_and_defaults_follow_gradio():
    names = list(inspect.signature(Gallery.__init__).parameters)[1:]
    assert names == GRADIO_ARGS
    config = Gallery().get_config()
    expected = {
        "format": "webp",
        "file_types": None,
        "columns": 2,
        "rows": None,
        "height": None,
        "allow_preview": True,
        "preview": None,
        "selected_index": None,
        "object_fit": None,
        "buttons": ["share", "download", "download_all", "fullscreen"],
        "type": "filepath",
        "fit_columns": True,
        "sources": ["upload"],
        "value": [],
    }
    assert {k: config[k] for k in expected} == expected
    assert Gallery.EVENTS == (
        "select",
        "upload",
        "change",
        "delete",
        "preview_close",
        "preview_open",
    )
    assert Gallery().get_block_name() == "gallery"
    with pytest.raises(ValueError):
        Gallery(type="bytes")  # type: ignore[arg-type]


def test_unhonoured_arguments_warn_by_name():
    with pytest.warns(UserWarning, match="`every`"):
        Gallery(every=1.0)
    with pytest.warns(UserWarning, match="`sources`"):
        Gallery(sources=["upload", "webcam"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Gallery(columns=3, rows=2, height=300, object_fit="contain", buttons=["download"])


def test_postprocess_images_captions_urls_and_videos(tmp_path):
    gallery = Gallery()
    still = png(tmp_path)
    out = gallery.postprocess(
        [
            picture(1),
            (PIL_Image.fromarray(picture(2)), "a PIL image"),
            (str(still), "a file"),
            "https://example.org/cat.jpg",
            ("https://example.org/clip.mp4", "a video"),
        ]
    )
    assert [o["caption"] for o in out] == [None, "a PIL image", "a file", None, "a video"]
    first = out[0]["image"]
    assert isinstance(first, FileOut) and first.mime_type == "image/webp"
    assert PIL_Image.open(BytesIO(first.data)).size == (16, 12)
    assert isinstance(out[2]["image"], FileOut) and Path(out[2]["image"].path) == still
    assert out[3]["image"]["url"] == "https://example.org/cat.jpg"
    assert out[4]["video"]["mime_type"] == "video/mp4" and "image" not in out[4]
    assert gallery.postprocess(None) == []
    with pytest.raises(ValueError):
        gallery.postprocess("not a list")
    png_gallery = Gallery(format="png").postprocess([picture(3)])
    assert png_gallery[0]["image"].orig_name == "image.png"


def test_preprocess_per_type(tmp_path):
    a, b = png(tmp_path, "a.png", 1), png(tmp_path, "b.png", 2)
    payload = [item(a, "first"), item(b), item(tmp_path / "v.mp4", "clip", kind="video")]
    assert Gallery().preprocess(payload) == [
        (str(a), "first"),
        (str(b), None),
        (str(tmp_path / "v.mp4"), "clip"),
    ]
    arrays = Gallery(type="numpy").preprocess(payload[:2])
    assert np.array_equal(arrays[0][0], picture(1)) and arrays[0][1] == "first"
    pil = Gallery(type="pil").preprocess(payload[:1])
    assert pil[0][0].size == (16, 12)
    assert Gallery().preprocess(None) is None
    assert Gallery().preprocess([]) is None
    with pytest.raises(ValueError, match="Invalid file type"):
        Gallery(file_types=[".jpg"]).preprocess(payload[:1])
    assert Gallery(file_types=["image"]).preprocess(payload[:1]) == [(str(a), "first")]


def test_file_types_rule():
    assert allowed_type("/x/a.PNG", [".png"])
    assert allowed_type("/x/a.png", ["image"])
    assert not allowed_type("/x/a.png", ["video", ".jpg"])
    assert allowed_type("/x/a.bin", ["file"])


def test_schema_reads_as_gradio_client_reads_gradio():
    utils = pytest.importorskip("gradio_client.utils")
    info = Gallery().api_info()
    assert utils.value_is_file(info)
    assert utils.json_schema_to_python_type(info) == Gallery().api_python_type()
    assert Gallery().api_python_type() == (
        "list[dict(image: filepath, caption: str | None) "
        "| dict(video: filepath, caption: str | None)]"
    )
    Gallery().preprocess(Gallery().example_payload())


def test_fingerprint():
    a = picture(1)
    assert fingerprint(a) == fingerprint(a.copy())
    assert fingerprint(a) != fingerprint(picture(2))
    assert fingerprint(a) != fingerprint(a.astype(np.float32))
    assert fingerprint(a[:, ::-1]) == fingerprint(np.ascontiguousarray(a[:, ::-1]))
    assert fingerprint("x.png") == fingerprint(Path("x.png"))
    assert fingerprint("x.png") != fingerprint(a)
    pil = PIL_Image.fromarray(a)
    assert fingerprint(pil) == fingerprint(PIL_Image.fromarray(a.copy()))
    assert fingerprint(pil) != fingerprint(a)
    before = fingerprint(a)
    a[0, 0] += 1  # changed in place: no longer the same media
    assert fingerprint(a) != before


@pytest.fixture
def outputs(tmp_path):
    store = FileStore(root=tmp_path / "store")
    store.root.mkdir()
    gallery = Gallery()
    return Outputs([gallery], GENERATOR, Files(store, "session", "http://testserver"))


def step(outputs: Outputs, value):
    prepared = outputs.prepare(value)
    return prepared.payloads[0], outputs.commit(prepared.payloads)[0]


def test_a_grown_gallery_sends_only_its_new_items(outputs):
    images = [(picture(0), "zero")]
    first, _ = step(outputs, list(images))
    assert len(first) == 1 and first[0]["image"]["url"].startswith("http://testserver/")
    images.append((picture(1), "one"))
    second, edits = step(outputs, list(images))
    assert edits == [["add", [1], second[1]]]
    assert second[0] == first[0]  # the same stored file, not encoded again
    # New arrays with the same pixels (a generator that builds its list anew) are kept too.
    rebuilt = [(picture(0), "zero"), (picture(1), "one"), (picture(2), "two")]
    third, edits = step(outputs, rebuilt)
    assert [e[0] for e in edits] == ["add"] and edits[0][1] == [2]
    assert third[:2] == second


def test_a_changed_item_is_replaced_and_a_shorter_list_deletes(outputs):
    first, _ = step(outputs, [picture(0), picture(1)])
    changed, edits = step(outputs, [picture(0), (picture(1), "captioned")])
    assert changed[0] == first[0] and changed[1] != first[1]
    assert all(path[:1] == [1] for _, path, _ in edits)
    _, edits = step(outputs, [picture(0)])
    assert edits == [["delete", [1], None]]
    _, edits = step(outputs, [picture(0)])
    assert edits is UNCHANGED or edits == []
    _, edits = step(outputs, None)
    assert edits == [["delete", [0], None]]


def test_an_array_changed_in_place_is_sent_again(outputs):
    image = picture(0)
    first, _ = step(outputs, [image])
    image //= 2
    second, edits = step(outputs, [image])
    assert second[0]["image"]["url"] != first[0]["image"]["url"]
    assert edits and edits[0][1][:1] == [0]


def test_one_result_is_sent_whole():
    gallery = Gallery()
    stream = gallery.output_stream(Run(generator=False, live=False, state={}))
    assert not isinstance(stream, GalleryStream)
    assert isinstance(gallery.output_stream(GENERATOR), GalleryStream)
