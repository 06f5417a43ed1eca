"""``gr.File``, ``gr.UploadButton``, ``gr.DownloadButton``, ``gr.FileExplorer``: Gradio's
arguments and defaults, schemas, conversions, file-type checks, and the explorer's rule
that nothing outside ``root_dir`` is listed, accepted or returned (no sockets)."""

from __future__ import annotations

import inspect
import json
import os
import warnings
from pathlib import Path

import pytest

import rillet as gr
from rillet.components.file import NamedString, valid_file
from rillet.core.files import FILE_META, FileOut, FileRefused, FileStore, writing_to

#: Gradio 6.31's constructor arguments, in order, with their defaults.
GRADIO_SIGNATURES = {
    gr.File: [
        ("value", None), ("file_count", "single"), ("file_types", None),
        ("type", "filepath"), ("label", None), ("every", None), ("inputs", None),
        ("show_label", None), ("container", True), ("scale", None), ("min_width", 160),
        ("height", None), ("interactive", None), ("visible", True), ("elem_id", None),
        ("elem_classes", None), ("render", True), ("key", None),
        ("preserved_by_key", "value"), ("allow_reordering", False), ("buttons", None),
    ],
    gr.UploadButton: [
        ("label", "Upload a File"), ("value", None), ("every", None), ("inputs", None),
        ("variant", "secondary"), ("visible", True), ("size", "lg"), ("icon", None),
        ("scale", None), ("min_width", None), ("interactive", True), ("elem_id", None),
        ("elem_classes", None), ("render", True), ("key", None),
        ("preserved_by_key", "value"), ("type", "filepath"), ("file_count", "single"),
        ("file_types", None),
    ],
    gr.DownloadButton: [
        ("label", "Download"), ("value", None), ("every", None), ("inputs", None),
        ("variant", "secondary"), ("visible", True), ("size", "lg"), ("icon", None),
        ("scale", None), ("min_width", None), ("interactive", True), ("elem_id", None),
        ("elem_classes", None), ("render", True), ("key", None),
        ("preserved_by_key", "value"),
    ],
    gr.FileExplorer: [
        ("glob", "**/*"), ("value", None), ("file_count", "multiple"), ("root_dir", "."),
        ("ignore_glob", None), ("label", None), ("every", None), ("inputs", None),
        ("show_label", None), ("container", True), ("scale", None), ("min_width", 160),
        ("height", None), ("max_height", 500), ("min_height", None), ("interactive", None),
        ("visible", True), ("elem_id", None), ("elem_classes", None), ("render", True),
        ("key", None), ("preserved_by_key", "value"), ("buttons", None),
    ],
}  # fmt: skip

EVENTS = {
    gr.File: ("change", "select", "clear", "upload", "delete", "download"),
    gr.UploadButton: ("change", "click", "upload"),
    gr.DownloadButton: ("change", "click"),
    gr.FileExplorer: ("change", "input", "select"),
}


def file_data(path: Path | str, name: str | None = None) -> dict:
    return {"path": str(path), "orig_name": name or Path(path).name, "meta": dict(FILE_META)}


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name, data in {
        "a.pdf": b"%PDF-1",
        "b.png": b"\x89PNG",
        "c.txt": b"hi",
        "d.nii.gz": b"x",
    }.items():
        out[name] = tmp_path / name
        out[name].write_bytes(data)
    return out


# --- Gradio's surface -------------------------------------------------------------------------


@pytest.mark.parametrize("cls", list(GRADIO_SIGNATURES))
def test_arguments_and_defaults_are_gradios(cls):
    params = inspect.signature(cls.__init__).parameters
    ours = [(n, p.default) for n, p in params.items() if n != "self"]
    assert ours == GRADIO_SIGNATURES[cls]


@pytest.mark.parametrize("cls", list(EVENTS))
def test_events_and_block_name(cls, tmp_path):
    assert EVENTS[cls] == cls.EVENTS
    block = cls(root_dir=tmp_path) if cls is gr.FileExplorer else cls()
    assert block.get_block_name() == cls.__name__.lower()
    for event in EVENTS[cls]:
        assert callable(getattr(block, event))
    config = block.get_config()
    assert json.loads(json.dumps(config)) == config


def test_file_config_props():
    config = gr.File(file_count="multiple", file_types=[".pdf"], height=200).get_config()
    assert config["file_count"] == "multiple"
    assert config["file_types"] == [".pdf"]
    assert config["type"] == "filepath"
    assert config["height"] == 200
    assert config["allow_reordering"] is False and config["buttons"] == []


def test_button_configs():
    up = gr.UploadButton("Pick", file_count="multiple", file_types=["image"]).get_config()
    assert (up["label"], up["variant"], up["size"], up["interactive"]) == (
        "Pick", "secondary", "lg", True)  # fmt: skip
    assert up["file_count"] == "multiple" and up["file_types"] == ["image"]
    down = gr.DownloadButton().get_config()
    assert down["label"] == "Download" and down["value"] is None


@pytest.mark.parametrize(
    "kwargs", [{"file_count": "many"}, {"type": "file"}, {"file_types": ".pdf"}]
)
def test_bad_options_are_refused_as_gradio_refuses_them(kwargs):
    with pytest.raises(ValueError):
        gr.File(**kwargs)
    with pytest.raises(ValueError):
        gr.UploadButton(**kwargs)


def test_unhonoured_arguments_warn_naming_themselves():
    with pytest.warns(UserWarning, match="allow_reordering"):
        gr.File(allow_reordering=True)
    with pytest.warns(UserWarning, match="`icon`"):
        gr.UploadButton(icon="local/icon.png")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gr.File()
        gr.UploadButton(icon="https://example.com/i.png")
        gr.DownloadButton()


# --- schemas ----------------------------------------------------------------------------------


def test_api_info_is_gradios_file_data_schema():
    single = gr.File().api_info()
    assert single["title"] == "FileData" and single["required"] == ["path"]
    assert single["properties"]["meta"] == {"$ref": "#/$defs/FileDataMeta"}
    assert single["$defs"]["FileDataMeta"]["properties"]["_type"]["const"] == "gradio.FileData"
    assert set(single["properties"]) == {
        "path", "url", "size", "orig_name", "mime_type", "is_stream", "meta"}  # fmt: skip
    for count in ("multiple", "directory"):
        many = gr.File(file_count=count).api_info()
        assert many["type"] == "array" and many["title"] == "ListFiles"
        assert many["items"] == {"$ref": "#/$defs/FileData"}
        assert many["$defs"]["FileData"]["title"] == "FileData"
    assert gr.UploadButton().api_info()["title"] == "FileData"
    assert gr.UploadButton(file_count="multiple").api_info()["type"] == "array"
    assert gr.DownloadButton().api_info()["title"] == "FileData"


def test_gradio_client_reads_the_schemas_as_files():
    from gradio_client.utils import json_schema_to_python_type

    assert json_schema_to_python_type(gr.File().api_info()) == "filepath"
    assert json_schema_to_python_type(gr.File(file_count="multiple").api_info()) == "list[filepath]"


def test_example_payloads():
    assert gr.File().example_payload()["meta"] == FILE_META
    assert isinstance(gr.File(file_count="multiple").example_payload(), list)
    assert gr.FileExplorer(root_dir=".").example_payload() == [["gradio", "app.py"]]


# --- preprocess -------------------------------------------------------------------------------


def test_preprocess_gives_paths_with_a_name(files):
    got = gr.File().preprocess(file_data(files["a.pdf"]))
    assert isinstance(got, NamedString) and got == str(files["a.pdf"])
    assert got.name == str(files["a.pdf"])
    assert gr.File().preprocess(None) is None


def test_preprocess_several_and_single_of_a_list(files):
    payload = [file_data(files["a.pdf"]), file_data(files["c.txt"])]
    assert gr.File(file_count="multiple").preprocess(payload) == [
        str(files["a.pdf"]), str(files["c.txt"])]  # fmt: skip
    assert gr.File(file_count="directory").preprocess(payload[0]) == [str(files["a.pdf"])]
    assert gr.File().preprocess(payload) == str(files["a.pdf"])


def test_preprocess_binary_gives_bytes(files):
    assert gr.File(type="binary").preprocess(file_data(files["c.txt"])) == b"hi"
    got = gr.UploadButton(type="binary", file_count="multiple").preprocess(
        [file_data(files["c.txt"]), file_data(files["a.pdf"])]
    )
    assert got == [b"hi", b"%PDF-1"]


@pytest.mark.parametrize(
    ("types", "name", "ok"),
    [
        ([".pdf"], "a.pdf", True),
        ([".PDF"], "A.Pdf", True),
        ([".pdf"], "c.txt", False),
        ([".pdf"], ".pdf", False),
        (["image"], "b.png", True),
        (["image", "video"], "c.txt", False),
        (["text"], "c.txt", True),
        ([".nii.gz"], "d.nii.gz", True),
        (["file"], "anything.bin", True),
        (["invalid file_type"], "a.pdf", False),
        (None, "whatever", True),
    ],
)
def test_file_types_rule(types, name, ok):
    assert valid_file(name, types) is ok


def test_preprocess_refuses_other_types_with_a_readable_error(files):
    with pytest.raises(
        ValueError,
        match=r"Invalid file type\. Please upload a file that is one of these formats: \['\.pdf'\]",
    ):
        gr.File(file_types=[".pdf"]).preprocess(file_data(files["c.txt"]))
    with pytest.raises(ValueError, match="Invalid file type"):
        gr.File(file_types=["image"], type="binary").preprocess(file_data(files["c.txt"]))
    with pytest.raises(ValueError, match="Invalid file type"):
        gr.UploadButton(file_types=["image"], file_count="multiple").preprocess(
            [file_data(files["b.png"]), file_data(files["c.txt"])]
        )
    assert gr.File(file_types=["image"]).preprocess(file_data(files["b.png"]))


def test_preprocess_refuses_what_is_not_file_data():
    with pytest.raises(ValueError, match="FileData"):
        gr.File().preprocess({"path": "/etc/passwd"})
    with pytest.raises(ValueError, match="FileData"):
        gr.File().preprocess("/etc/passwd")


def test_downloadbutton_preprocess_gives_the_path(files):
    assert gr.DownloadButton().preprocess(file_data(files["a.pdf"])) == str(files["a.pdf"])
    assert gr.DownloadButton().preprocess(None) is None


# --- postprocess ------------------------------------------------------------------------------


def test_postprocess_paths_lists_and_file_data_likes(files):
    out = gr.File().postprocess(str(files["a.pdf"]))
    assert isinstance(out, FileOut) and out.orig_name == "a.pdf"
    assert out.mime_type == "application/pdf"
    many = gr.File(file_count="multiple").postprocess([files["a.pdf"], str(files["c.txt"])])
    assert [o.orig_name for o in many] == ["a.pdf", "c.txt"]
    renamed = gr.File().postprocess({"path": str(files["c.txt"]), "orig_name": "notes.txt"})
    assert renamed.orig_name == "notes.txt" and Path(renamed.path) == files["c.txt"]
    assert gr.File().postprocess(None) is None


def test_postprocess_urls_are_links():
    out = gr.File().postprocess("https://example.com/x/report.pdf?dl=1")
    assert out["url"] == out["path"] == "https://example.com/x/report.pdf?dl=1"
    assert out["orig_name"] == "report.pdf" and out["meta"] == FILE_META


def test_postprocess_missing_file_is_an_error(tmp_path):
    with pytest.raises(ValueError, match="Cannot find"):
        gr.File().postprocess(str(tmp_path / "nope.txt"))
    with pytest.raises(ValueError, match="a File"):
        gr.File().postprocess(3)


def test_postprocess_under_a_store_refuses_files_the_app_may_not_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    store = FileStore()
    secret = Path("/etc/hostname")
    try:
        with writing_to(store), pytest.raises(FileRefused):
            gr.File().postprocess(str(secret))
        with writing_to(store), pytest.raises(FileRefused):
            gr.DownloadButton().postprocess(str(secret))
    finally:
        store.close()


def test_stored_output_has_name_size_and_url(files):
    store = FileStore(allowed_paths=[str(files["a.pdf"].parent)])
    try:
        out = gr.File().postprocess(str(files["a.pdf"]))
        data = store.file_data(out)
        assert data["orig_name"] == "a.pdf" and data["size"] == 6
        assert data["url"].endswith("/a.pdf") and data["meta"] == FILE_META
    finally:
        store.close()


def test_downloadbutton_postprocess(files):
    out = gr.DownloadButton().postprocess(files["a.pdf"])
    assert isinstance(out, FileOut) and out.orig_name == "a.pdf"
    with pytest.raises(ValueError, match="one file"):
        gr.DownloadButton().postprocess([str(files["a.pdf"])])
    assert gr.DownloadButton("x", str(files["a.pdf"])).get_config()["value"].orig_name == "a.pdf"


# --- FileExplorer -----------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    (root / "docs" / "deep").mkdir(parents=True)
    (root / "empty").mkdir()
    (root / ".git").mkdir()
    (root / "a.txt").write_text("a")
    (root / "b.py").write_text("b")
    (root / ".env").write_text("SECRET=1")
    (root / ".git" / "config").write_text("x")
    (root / "docs" / "c.txt").write_text("c")
    (root / "docs" / "deep" / "d.txt").write_text("d")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("s")
    os.symlink(outside / "secret.txt", root / "link_out.txt")
    os.symlink(outside, root / "dir_out")
    os.symlink(root / "a.txt", root / "link_in.txt")
    return root


def names(nodes: list[dict]) -> list:
    return [
        (n["name"], names(n["children"])) if n["type"] == "folder" else n["name"] for n in nodes
    ]


def test_explorer_tree_lists_only_what_it_may(tree):
    fe = gr.FileExplorer(root_dir=tree)
    assert names(fe.get_config()["tree"]) == [
        ("docs", [("deep", ["d.txt"]), "c.txt"]),
        "a.txt",
        "b.py",
        "link_in.txt",
    ]
    assert fe.get_config()["root_dir"] == str(tree)


def test_explorer_glob_and_ignore_glob(tree):
    assert names(gr.FileExplorer("**/*.txt", root_dir=tree, ignore_glob="**/deep/*").tree()) == [
        ("docs", ["c.txt"]), "a.txt", "link_in.txt"]  # fmt: skip
    assert names(gr.FileExplorer("*.py", root_dir=tree).tree()) == ["b.py"]


def test_explorer_ls_is_gradios_listing(tree):
    listing = gr.FileExplorer("*.txt", root_dir=tree).ls()
    assert listing[0] == {"name": "docs", "type": "folder", "valid": False}
    assert {"name": "a.txt", "type": "file", "valid": True} in listing
    assert all(e["name"] not in (".env", ".git", "link_out.txt", "dir_out") for e in listing)
    with pytest.raises(ValueError):
        gr.FileExplorer(root_dir=tree).ls([".."])


def test_explorer_preprocess_gives_absolute_paths(tree):
    fe = gr.FileExplorer(root_dir=tree)
    assert fe.preprocess([["a.txt"], ["docs", "c.txt"]]) == [
        str(tree / "a.txt"), str(tree / "docs" / "c.txt")]  # fmt: skip
    single = gr.FileExplorer(root_dir=tree, file_count="single")
    assert single.preprocess([["docs", "deep", "d.txt"]]) == str(tree / "docs/deep/d.txt")
    assert single.preprocess([]) is None
    with pytest.raises(ValueError, match="only one"):
        single.preprocess([["a.txt"], ["b.py"]])


@pytest.mark.parametrize(
    "parts",
    [
        [".."],
        ["..", "outside", "secret.txt"],
        ["docs", "..", "..", "outside"],
        ["/etc/passwd"],
        ["docs/../../outside"],
        [".env"],
        [".git", "config"],
        ["link_out.txt"],
        ["dir_out", "secret.txt"],
        [""],
        ["a\0b"],
        "a.txt",
        [3],
    ],
)
def test_explorer_refuses_paths_outside_root(tree, parts):
    with pytest.raises(ValueError):
        gr.FileExplorer(root_dir=tree).preprocess([parts])


def test_explorer_postprocess(tree):
    fe = gr.FileExplorer(root_dir=tree)
    assert fe.postprocess(str(tree / "docs" / "c.txt")) == [["docs", "c.txt"]]
    assert fe.postprocess(["a.txt", tree / "b.py"]) == [["a.txt"], ["b.py"]]
    assert fe.postprocess(None) is None
    for bad in ["/etc/passwd", str(tree / ".." / "outside" / "secret.txt"), "../x", ".env", [3]]:
        with pytest.raises(ValueError):
            fe.postprocess(bad)


def test_explorer_options(tmp_path):
    with pytest.raises(ValueError, match="does not exist"):
        gr.FileExplorer(root_dir=tmp_path / "nope")
    (tmp_path / "f").write_text("")
    with pytest.raises(ValueError, match="not a directory"):
        gr.FileExplorer(root_dir=tmp_path / "f")
    with pytest.raises(ValueError, match="file_count"):
        gr.FileExplorer(root_dir=tmp_path, file_count="directory")
    config = gr.FileExplorer(root_dir=tmp_path).get_config()
    assert config["max_height"] == 500 and config["file_count"] == "multiple"
    assert gr.FileExplorer(root_dir=tmp_path).api_info()["title"] == "FileExplorerData"


def test_explorer_tree_is_bounded(tmp_path, monkeypatch, caplog):
    from rillet.components import fileexplorer

    monkeypatch.setattr(fileexplorer, "MAX_ENTRIES", 5)
    for i in range(20):
        (tmp_path / f"f{i:02}.txt").write_text("")
    assert len(gr.FileExplorer(root_dir=tmp_path).tree()) == 5
    assert "more than 5 entries" in caplog.text


def test_explorer_update_of_glob_relists_and_keeps_its_root(tree, tmp_path, caplog):
    from rillet.core.contract import Run

    fe = gr.FileExplorer(root_dir=tree)
    stream = fe.output_stream(Run(generator=False, live=False, state={}))
    sent = stream.prepare(gr.update(glob="*.py"))
    assert names(sent["tree"]) == ["b.py"]
    sent = stream.prepare(gr.update(ignore_glob="*.txt"))
    assert names(sent["tree"]) == ["b.py"]
    moved = stream.prepare(gr.update(root_dir=str(tmp_path)))
    assert "root_dir" not in moved and "not supported" in caplog.text
    assert stream.prepare("a.txt") == [["a.txt"]]
    assert fe.glob == "**/*"  # the app's explorer is unchanged
