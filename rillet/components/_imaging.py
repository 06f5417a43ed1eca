"""Image conversions for ``gr.Image`` (not a component): arrays to uint8, encoding, decoding.

numpy and Pillow are imported inside the functions, so importing rillet stays light.
"""

from __future__ import annotations

import base64
import tempfile
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rillet.codecs.limits import Limits, TooLarge, max_pixels

if TYPE_CHECKING:
    import numpy as np
    import PIL.Image


def to_uint8(array: Any) -> np.ndarray:
    """An HxW(xC) image array as ``uint8``.

    float: clipped to [0, 1] (NaN -> 0), times 255, rounded (Gradio refuses values outside
    [-1, 1] and clips negatives); bool: 0/255; uint16: top 8 bits; other ints: clipped to
    [0, 255]. HxWx1 becomes HxW.
    """
    import numpy as np

    arr = np.asarray(array)
    if arr.ndim == 3 and arr.shape[2] == 1:
        arr = arr[:, :, 0]
    if arr.ndim not in (2, 3) or (arr.ndim == 3 and arr.shape[2] not in (2, 3, 4)):
        raise ValueError(f"expected an HxW, HxWx3 or HxWx4 image array, got shape {arr.shape}")
    if arr.dtype == np.uint8:
        return arr
    if arr.dtype == np.bool_:
        return arr.astype(np.uint8) * 255
    if arr.dtype.kind == "f":
        work = np.multiply(arr, 255.0, dtype=np.float64 if arr.dtype == np.float64 else np.float32)
        np.fmax(work, 0, out=work)  # fmax/fmin also turn NaN into 0
        np.fmin(work, 255, out=work)
        work += 0.5
        return work.astype(np.uint8)
    if arr.dtype == np.uint16:
        return (arr >> 8).astype(np.uint8)
    if arr.dtype.kind in "iu":
        return np.clip(arr, 0, 255).astype(np.uint8)
    raise ValueError(f"cannot show an array of dtype {arr.dtype} as an image")


def encode(image: PIL.Image.Image, fmt: str) -> tuple[bytes, str]:
    """``image`` encoded as ``fmt`` (formats Pillow cannot write fall back to PNG, as in
    Gradio); returns the bytes and the file extension."""
    pil_format, options = _encoder(fmt)
    try:
        return _save(image, pil_format, options), fmt
    except KeyError:  # Pillow has no writer for this format
        pil_format, options = _encoder("png")
        return _save(image, pil_format, options), "png"


def _save(image: PIL.Image.Image, pil_format: str, options: dict[str, Any]) -> bytes:
    out = BytesIO()
    try:
        image.save(out, pil_format, **options)
    except (OSError, ValueError):  # a mode this format cannot store
        alpha = pil_format != "JPEG" and ("A" in image.mode or "transparency" in image.info)
        out = BytesIO()
        image.convert("RGBA" if alpha else "RGB").save(out, pil_format, **options)
    return out.getvalue()


def _encoder(fmt: str) -> tuple[str, dict[str, Any]]:
    """Pillow's format name and the save options chosen by measurement (module docstring)."""
    if fmt == "webp":
        return "WEBP", {"quality": 80, "method": 0}
    if fmt in ("jpeg", "jpg"):
        return "JPEG", {"quality": 90}
    if fmt == "png":
        return "PNG", {"compress_level": 1}
    return fmt.upper(), {}


def open_image(source: Path | BytesIO) -> PIL.Image.Image:
    """The decoded image. ValueError for files that are not images; TooLarge for images of
    more than ``PIL.Image.MAX_IMAGE_PIXELS`` pixels, told from the header before decoding
    (:mod:`rillet.codecs.limits`)."""
    import PIL.Image

    limits = Limits(pixels=max_pixels())
    try:
        image = PIL.Image.open(source)
    except PIL.Image.DecompressionBombError as error:  # over twice Pillow's limit
        raise TooLarge(
            f"the image has more than the {limits.pixels or 0:,} pixels this app accepts"
        ) from error
    except PIL.UnidentifiedImageError as error:
        raise ValueError(f"not an image file: {error}") from error
    try:
        limits.check_pixels(image.width, image.height, "the image")
        image.load()
    except BaseException:
        image.close()
        raise
    return image


def mode_of(path: Path) -> str:
    """The image's mode (``"RGB"``, ``"L"``...) read from its header alone."""
    import PIL.Image

    try:
        with PIL.Image.open(path) as image:
            return image.mode
    except PIL.Image.DecompressionBombError as error:  # over twice Pillow's limit
        raise TooLarge(
            f"the image has more than the {max_pixels() or 0:,} pixels this app accepts"
        ) from error
    except PIL.UnidentifiedImageError as error:
        raise ValueError(f"not an image file: {error}") from error


def data_url_bytes(url: str) -> bytes:
    header, _, data = url.partition(",")
    if ";base64" not in header:
        raise ValueError("expected a base64 data URL")
    return base64.b64decode(data)


def temp_file(data: bytes, suffix: str) -> str:
    with tempfile.NamedTemporaryFile(prefix="rillet-image-", suffix=suffix, delete=False) as handle:
        handle.write(data)
    return handle.name
