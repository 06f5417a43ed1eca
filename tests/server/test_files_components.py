"""``gr.File``, ``gr.UploadButton``, ``gr.DownloadButton`` and ``gr.FileExplorer`` on a real
server, driven by Gradio's own client: files up and back, lists, bytes, the ``file_types``
check, the explorer's root, and the API's description of them."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError

import rillet as gr
from rillet.testing import serve


def describe(paths):
    """What a function got: each file's name and contents (paths or a list of them)."""
    items = paths if isinstance(paths, list) else [paths]
    return "; ".join(f"{Path(p).name}={Path(p).read_text()}" for p in items)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("files")
    (root / "served.csv").write_text("a,b\n1,2\n")
    (root / "tree" / "sub").mkdir(parents=True)
    (root / "tree" / "top.txt").write_text("top")
    (root / "tree" / "sub" / "inner.txt").write_text("inner")
    (root / "tree" / ".env").write_text("SECRET")
    (root / "outside.txt").write_text("outside")
    return root


@pytest.fixture(scope="module")
def app(folder):
    with gr.Blocks() as demo:
        one = gr.File()
        many = gr.File(file_count="multiple")
        pdf = gr.File(file_types=[".pdf"])
        raw = gr.File(type="binary")
        out = gr.File(file_count="multiple")
        text = gr.Textbox()
        one.upload(describe, one, text, api_name="one")
        many.upload(describe, many, text, api_name="many")
        many.change(lambda files: files, many, out, api_name="echo")
        pdf.upload(lambda p: Path(p).name, pdf, text, api_name="pdf")
        raw.upload(lambda b: f"{type(b).__name__}:{len(b)}", raw, text, api_name="raw")
        button = gr.UploadButton(file_count="multiple")
        button.upload(lambda files: [f.name for f in files], button, out, api_name="button")
        download = gr.DownloadButton(value=str(folder / "served.csv"))
        made = gr.Button()
        made.click(lambda: str(folder / "served.csv"), None, download, api_name="download")
        explorer = gr.FileExplorer(root_dir=folder / "tree", file_count="multiple")
        explorer.change(describe, explorer, text, api_name="explore")
    with serve(demo, allowed_paths=[str(folder)], max_file_size=10_000) as url:
        client = Client(url + "/", verbose=False, download_files=str(folder / "downloads"))
        yield url, client
        client.close()


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_one_file_round_trip(app, tmp_path):
    _, client = app
    got = client.predict(handle_file(write(tmp_path, "hello.txt", "hi")), api_name="/one")
    assert got == "hello.txt=hi"


def test_several_files_in_and_back(app, tmp_path):
    _, client = app
    files = [handle_file(write(tmp_path, f"f{i}.txt", f"n{i}")) for i in range(3)]
    assert client.predict(files, api_name="/many") == "f0.txt=n0; f1.txt=n1; f2.txt=n2"
    back = client.predict(files, api_name="/echo")
    assert [Path(p).read_text() for p in back] == ["n0", "n1", "n2"]


def test_file_types_are_checked_on_the_server(app, tmp_path):
    _, client = app
    with pytest.raises(
        AppError,
        match=r"Invalid file type\. Please upload a file that is one of these formats: \['\.pdf'\]",
    ):
        client.predict(handle_file(write(tmp_path, "notes.txt", "x")), api_name="/pdf")
    ok = client.predict(handle_file(write(tmp_path, "doc.pdf", "%PDF")), api_name="/pdf")
    assert ok == "doc.pdf"


def test_binary_gives_bytes(app, tmp_path):
    _, client = app
    got = client.predict(handle_file(write(tmp_path, "b.bin", "12345")), api_name="/raw")
    assert got == "bytes:5"


def test_upload_button_gives_paths_with_names(app, tmp_path):
    _, client = app
    files = [
        handle_file(write(tmp_path, "u1.txt", "one")),
        handle_file(write(tmp_path, "u2.txt", "2")),
    ]
    back = client.predict(files, api_name="/button")
    assert sorted(Path(p).read_text() for p in back) == ["2", "one"]


def test_download_button_value_is_served(app, folder):
    url, client = app
    path = client.predict(api_name="/download")
    assert Path(path).read_text() == "a,b\n1,2\n"
    config = httpx.get(f"{url}/config").json()
    (entry,) = [c for c in config["components"] if c["type"] == "downloadbutton"]
    value = entry["props"]["value"]
    assert value["orig_name"] == "served.csv"
    assert httpx.get(value["url"]).text == "a,b\n1,2\n"


def test_file_explorer_selection_and_root(app, folder):
    url, client = app
    got = client.predict([["top.txt"], ["sub", "inner.txt"]], api_name="/explore")
    assert got == "top.txt=top; inner.txt=inner"
    for bad in ([["..", "outside.txt"]], [[".env"]], [["sub", "..", "..", "outside.txt"]]):
        with pytest.raises(AppError, match="Invalid value"):
            client.predict(bad, api_name="/explore")
    config = httpx.get(f"{url}/config").json()
    (entry,) = [c for c in config["components"] if c["type"] == "fileexplorer"]
    tree = entry["props"]["tree"]
    assert [n["name"] for n in tree] == ["sub", "top.txt"]
    assert ".env" not in str(tree)


def test_api_describes_files_as_gradio_does(app):
    url, client = app
    info = httpx.get(f"{url}/gradio_api/info").json()["named_endpoints"]
    assert info["/one"]["parameters"][0]["type"]["title"] == "FileData"
    assert info["/many"]["parameters"][0]["type"]["title"] == "ListFiles"
    assert info["/explore"]["parameters"][0]["type"]["title"] == "FileExplorerData"
    assert "filepath" in client.view_api(print_info=False, return_format="str")


def test_too_large_upload_is_refused_with_a_reason(app):
    url, _ = app
    r = httpx.post(f"{url}/gradio_api/upload", files=[("files", ("big.bin", b"x" * 50_000))])
    assert r.status_code == 413
    assert "File too large" in r.json()["detail"]
