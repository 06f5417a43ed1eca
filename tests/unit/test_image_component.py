"""``gr.Image``: arrays, PIL images and paths in and out, modes, formats, safety."""

from __future__ import annotations

import base64
from io import BytesIO
from pathlib import Path

import pytest

np = pytest.importorskip("numpy")
PIL_Image = pytest.importorskip("PIL.Image")

from rillet.components import Image  # noqa: E402
from rillet.core.contract import Run  # noqa: E402
from rillet.core.files import FILE_META, FileOut, FileStore  # noqa: E402


def decode(out: FileOut) -> np.ndarray:
    assert isinstance(out, FileOut) and out.data is not None
    return np.asarray(PIL_Image.open(BytesIO(out.data)))


def gradient(h: int = 64, w: int = 48) -> np.ndarray:
    """A smooth float image in [0, 1] (smooth, so lossy codecs keep it close)."""
    y, x = np.mgrid[0:h, 0:w]
    return np.stack([y / (h - 1), x / (w - 1), np.full((h, w), 0.5)], axis=-1)


def file_data(path: Path) -> dict:
    return {"path": str(path), "url": None, "orig_name": path.name, "meta": dict(FILE_META)}


@pytest.fixture
def png_file(tmp_path: Path) -> Path:
    pixels = np.zeros((10, 20, 4), np.uint8)
    pixels[..., 0] = 200
    pixels[..., 1] = np.arange(20, dtype=np.uint8)[None, :] * 10
    pixels[..., 3] = 255
    path = tmp_path / "pic.png"
    PIL_Image.fromarray(pixels, "RGBA").save(path)
    return path


def test_image_defaults_and_class_settings():
    image = Image()
    assert (image.format, image.type, image.image_mode) == ("webp", "numpy", "RGB")
    assert image.sources == ["upload", "webcam", "clipboard"]
    assert Image(streaming=True).sources == ["webcam"]
    assert Image.heavy is True
    assert image.output_stream(Run(generator=True, live=False, state={})).policy == "latest"
    config = image.get_config()
    assert config["buttons"] == ["download", "share", "fullscreen"]
    assert config["webcam_options"] == {"mirror": True, "constraints": None}
    assert Image(show_download_button=False).get_config()["show_download_button"] is False
    assert Image(buttons=["fullscreen"]).get_config()["buttons"] == ["fullscreen"]
    with pytest.raises(ValueError):
        Image(type="bytes")
    with pytest.raises(ValueError):
        Image(streaming=True, sources=["upload"])


def test_float_array_webp_decodes_close():
    source = gradient()
    out = Image().postprocess(source)
    assert out.orig_name == "image.webp" and out.mime_type == "image/webp"
    assert out.data[:4] == b"RIFF" and out.data[8:12] == b"WEBP"
    back = decode(out).astype(int)
    assert back.shape == source.shape
    assert np.abs(back - np.rint(source * 255)).mean() < 4


def test_float_array_png_is_exact():
    source = gradient()
    out = Image(format="png").postprocess(source)
    assert out.orig_name == "image.png" and out.mime_type == "image/png"
    assert np.array_equal(decode(out), np.rint(source * 255).astype(np.uint8))


def test_float_values_are_clipped_and_nan_is_black():
    source = np.array([[[-0.5, 1.5, np.nan], [0.5, 0.0, 1.0]]])
    got = decode(Image(format="png").postprocess(source))
    assert got.tolist() == [[[0, 255, 0], [128, 0, 255]]]


def test_uint8_bool_and_greyscale_arrays():
    pixels = np.arange(48, dtype=np.uint8).reshape(4, 4, 3)
    assert np.array_equal(decode(Image(format="png").postprocess(pixels)), pixels)
    mask = np.array([[True, False]])
    assert decode(Image(format="png").postprocess(mask)).tolist() == [[255, 0]]
    grey = np.array([[[7], [9]]], np.uint8)
    assert decode(Image(format="png").postprocess(grey)).tolist() == [[7, 9]]
    ints = np.array([[300, -4]], np.int64)
    assert decode(Image(format="png").postprocess(ints)).tolist() == [[255, 0]]
    with pytest.raises(ValueError):
        Image().postprocess(np.zeros((2, 2, 5)))


def test_jpeg_and_rgba_to_jpeg():
    rgba = np.zeros((8, 8, 4), np.uint8)
    rgba[..., 0] = 250
    rgba[..., 3] = 255
    out = Image(format="jpeg").postprocess(rgba)
    assert out.orig_name == "image.jpeg" and out.mime_type == "image/jpeg"
    assert out.data[:2] == b"\xff\xd8"
    assert decode(out).shape == (8, 8, 3) and abs(int(decode(out)[0, 0, 0]) - 250) < 8


def test_pil_image_in():
    picture = PIL_Image.new("RGB", (5, 3), (10, 20, 30))
    got = decode(Image(format="png").postprocess(picture))
    assert got.shape == (3, 5, 3) and got[0, 0].tolist() == [10, 20, 30]


def test_path_and_url_are_sent_as_they_are(png_file: Path):
    out = Image().postprocess(str(png_file))
    assert out == FileOut(path=png_file, orig_name="pic.png", mime_type="image/png")
    assert Image().postprocess(png_file).data is None
    url = "https://example.com/a/cat.png?x=1"
    remote = Image().postprocess(url)
    assert remote["url"] == url and remote["orig_name"] == "cat.png"
    assert remote["meta"] == {"_type": "gradio.FileData"}
    assert Image().postprocess({"path": None, "url": url})["url"] == url
    assert Image().postprocess({"path": str(png_file), "meta": {}}).path == png_file
    assert Image().postprocess(None) is None
    with pytest.raises(ValueError):
        Image().postprocess(12)


def test_initial_value_is_a_file_out_the_store_can_serve(png_file: Path, tmp_path: Path):
    image = Image(np.zeros((2, 2, 3), np.uint8))
    value = image.get_config()["value"]
    assert isinstance(value, FileOut)
    store = FileStore(root=tmp_path / "store")
    (tmp_path / "store").mkdir()
    described = store.file_data(value)
    assert described["mime_type"] == "image/webp" and Path(described["path"]).is_file()


def test_preprocess_numpy_pil_filepath(png_file: Path):
    array = Image().preprocess(file_data(png_file))
    assert array.dtype == np.uint8 and array.shape == (10, 20, 3)
    assert array[0, 3].tolist() == [200, 30, 0]
    array[0, 0] = 0  # the user may change it in place
    pil = Image(type="pil").preprocess(file_data(png_file))
    assert pil.mode == "RGB" and pil.size == (20, 10)
    assert Image(type="filepath", image_mode=None).preprocess(file_data(png_file)) == str(png_file)
    assert Image(type="filepath", image_mode="RGBA").preprocess(file_data(png_file)) == str(
        png_file
    )
    converted = Path(Image(type="filepath").preprocess(file_data(png_file)))
    assert converted != png_file and converted.suffix == ".png"
    assert PIL_Image.open(converted).mode == "RGB"
    converted.unlink()
    assert Image().preprocess(None) is None


def test_preprocess_image_mode_l(png_file: Path):
    grey = Image(image_mode="L").preprocess(file_data(png_file))
    assert grey.shape == (10, 20)
    kept = Image(image_mode=None).preprocess(file_data(png_file))
    assert kept.shape == (10, 20, 4)


def test_preprocess_webcam_data_url(png_file: Path):
    url = "data:image/png;base64," + base64.b64encode(png_file.read_bytes()).decode()
    array = Image().preprocess({"path": None, "url": url, "meta": dict(FILE_META)})
    assert array.shape == (10, 20, 3)


def test_preprocess_refuses_paths_without_file_data_meta(png_file: Path):
    with pytest.raises(ValueError, match="FileData"):
        Image().preprocess({"path": str(png_file)})
    with pytest.raises(ValueError):
        Image().preprocess(str(png_file))


def test_preprocess_rejects_non_images(tmp_path: Path):
    bogus = tmp_path / "notes.png"
    bogus.write_text("not an image")
    with pytest.raises(ValueError, match="not an image"):
        Image().preprocess(file_data(bogus))


def test_unknown_format_falls_back_to_png():
    out = Image(format="nosuchformat").postprocess(np.zeros((2, 2, 3), np.uint8))
    assert out.orig_name == "image.png" and out.data[:8] == b"\x89PNG\r\n\x1a\n"
    gif = Image(format="gif").postprocess(np.zeros((2, 2, 3), np.uint8))
    assert gif.orig_name == "image.gif" and gif.data[:3] == b"GIF"


def test_filepath_input_of_a_non_image_is_refused(tmp_path: Path):
    bogus = tmp_path / "notes.png"
    bogus.write_text("not an image")
    with pytest.raises(ValueError, match="not an image"):
        Image(type="filepath").preprocess(file_data(bogus))


def test_exif_orientation_is_applied(tmp_path: Path):
    pixels = np.zeros((2, 4, 3), np.uint8)  # 2 high, 4 wide
    picture = PIL_Image.fromarray(pixels)
    exif = picture.getexif()
    exif[274] = 6  # rotate 90° clockwise on display
    path = tmp_path / "rotated.jpeg"
    picture.save(path, exif=exif)
    assert Image().preprocess(file_data(path)).shape == (4, 2, 3)


def test_generator_frames_are_sent_as_jpeg_when_opaque_and_webp_is_asked():
    import numpy as np

    from rillet.components import Image

    frame = np.random.default_rng(0).random((40, 40, 3))
    assert Image().stream_chunk(frame, {}).orig_name == "image.jpeg"
    rgba = np.zeros((8, 8, 4), np.uint8)
    assert Image().stream_chunk(rgba, {}).orig_name == "image.webp"
    assert Image(format="png").stream_chunk(frame, {}).orig_name == "image.png"
