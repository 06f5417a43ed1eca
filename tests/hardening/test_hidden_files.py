"""Hidden files and folders (``.env``, ``.git/config``, ``.ssh/...``) are neither copied
from a function's result nor served from ``allowed_paths``, unless an ``allowed_paths``
entry names the hidden file or folder itself."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

import rillet as gr
from rillet.server.app import runtime
from rillet.testing import serve

from .conftest import completed, file_data, run

SECRET = "API_KEY=do-not-serve-me"


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    """A working directory holding secrets beside a normal file, and a served folder."""
    for relative in (
        ".env",
        ".git/config",
        ".ssh/id_ed25519",
        "site/.env",
        "site/.git/config",
        "site/.well-known/.hidden",
    ):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(SECRET)
    (tmp_path / "site" / "ok.txt").write_text("public")
    (tmp_path / "site" / ".well-known" / "security.txt").write_text("contact")
    (tmp_path / "visible.png").write_bytes((Path(__file__).parent / "conftest.py").read_bytes())
    monkeypatch.chdir(tmp_path)
    return tmp_path


def app() -> gr.Blocks:
    with gr.Blocks() as demo:
        name = gr.Textbox()
        gr.Button().click(lambda n: n, name, gr.Image(), api_name="image")
        gr.Button().click(lambda n: n, name, gr.Audio(), api_name="audio")
    return demo


def stored_text(root: Path) -> str:
    return "".join(p.read_text(errors="ignore") for p in root.rglob("*") if p.is_file())


@pytest.mark.parametrize(
    "name", [".env", ".git/config", ".ssh/id_ed25519", "./.env", "site/.git/config"]
)
@pytest.mark.parametrize("fn_index", [0, 1])
def test_a_returned_hidden_path_fails_the_event_with_a_clear_message(workdir, name, fn_index):
    demo = app()
    with serve(demo, allowed_paths=[str(workdir / "site")]) as url:
        final = completed(run(url, f"s-{fn_index}", fn_index, [name]))
        assert final["success"] is False
        assert "hidden" in final["output"]["error"], final
        assert SECRET not in stored_text(runtime(demo.server.app).store.root)


def test_a_returned_visible_path_and_an_allowed_hidden_one_are_served(workdir):
    demo = app()
    with serve(demo, allowed_paths=[str(workdir / ".env")]) as url:
        for index, name in enumerate(["visible.png", ".env"]):
            final = completed(run(url, f"s-{index}", 0, [name]))
            assert final["success"] is True, final
            assert httpx.get(final["output"]["data"][0]["url"]).status_code == 200


def test_hidden_files_in_allowed_paths_are_not_served(workdir):
    demo = app()
    site = workdir / "site"
    with serve(demo, allowed_paths=[str(site), str(site / ".well-known")]) as url:
        for hidden in (".env", ".git/config", ".well-known/.hidden", "./.env"):
            r = httpx.get(f"{url}/gradio_api/file={site}/{hidden}")
            assert r.status_code == 403, hidden
            assert SECRET not in r.text
        assert httpx.get(f"{url}/gradio_api/file={site}/ok.txt").text == "public"
        named = httpx.get(f"{url}/gradio_api/file={site}/.well-known/security.txt")
        assert named.status_code == 200 and named.text == "contact"


def test_a_hidden_file_named_as_an_input_is_refused(workdir):
    demo = app()
    with serve(demo, allowed_paths=[str(workdir / "site")]) as url:
        final = completed(run(url, "s-in", 1, [file_data(workdir / "site" / ".env")]))
        assert final["success"] is False
        assert "may not read" in final["output"]["error"]
