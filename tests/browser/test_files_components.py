"""File components in real Chromium: pick and drop files, progress, remove and clear,
select and download events, the file_types check, too-large uploads, the upload and
download buttons, and the file explorer's tree."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Page

import rillet as gr
from rillet.testing import serve

from .conftest import open_app

#: The app's upload limit (bytes): a bigger file is refused.
LIMIT = 200_000


def names(files):
    items = files if isinstance(files, list) else [files]
    return ",".join(Path(f).name for f in items or [])


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("browserfiles")
    (root / "report.csv").write_text("a,b\n1,2\n")
    (root / "tree" / "docs").mkdir(parents=True)
    (root / "tree" / "docs" / "guide.md").write_text("# guide")
    (root / "tree" / "docs" / "notes.md").write_text("notes")
    (root / "tree" / "top.txt").write_text("top")
    (root / "tree" / ".secret").write_text("no")
    return root


@pytest.fixture(scope="module")
def app_url(folder):
    with gr.Blocks() as demo:
        log = gr.Textbox(elem_id="log")
        fin = gr.File(file_count="multiple", elem_id="fin", label="Files in")
        fout = gr.File(elem_id="fout", label="File out", value=str(folder / "report.csv"))
        pdf = gr.File(file_types=[".pdf"], elem_id="pdf")
        fin.upload(lambda f: f"upload:{names(f)}", fin, log)

        def deleted(data: gr.DeletedFileData) -> str:
            return f"delete:{data.file.orig_name}"

        def selected(data: gr.SelectData) -> str:
            return f"select:{data.index}:{data.value}"

        fin.delete(deleted, None, log)
        fin.clear(lambda: "cleared", None, log)
        fin.select(selected, None, log)
        fout.download(lambda: "downloaded", None, log)
        pdf.upload(lambda f: f"pdf:{names(f)}", pdf, log)
        ub = gr.UploadButton("Pick files", file_count="multiple", elem_id="ub")
        ub.upload(lambda f: f"button:{names(f)}", ub, log)
        db = gr.DownloadButton("Get CSV", value=str(folder / "report.csv"), elem_id="db")
        db.click(lambda: "db-clicked", None, log)
        empty = gr.DownloadButton("Nothing", elem_id="empty")
        empty.click(lambda: str(folder / "report.csv"), None, empty)
        fe = gr.FileExplorer(root_dir=folder / "tree", elem_id="fe")
        fe.change(lambda f: f"explore:{names(f)}", fe, log)
    with serve(demo, allowed_paths=[str(folder)], max_file_size=LIMIT) as url:
        yield url


@contextmanager
def page_expecting(browser, allowed: str) -> Iterator[Page]:
    """A page like conftest's ``checked_page`` whose console may log errors containing
    ``allowed`` (and no other)."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_default_timeout(20_000)
    try:
        yield page
    finally:
        context.close()
    assert [e for e in errors if allowed not in e] == []


def log_is(page, text):
    page.wait_for_function(
        """([t]) => {
            const el = document.querySelector('#log [data-testid=textbox]');
            return el !== null && (el.value ?? el.textContent) === t;
        }""",
        arg=[text],
    )


def rows(page, elem_id):
    return page.locator(f"#{elem_id} .rillet-file-row")


def test_pick_several_files_then_remove_and_clear(page, app_url):
    open_app(page, app_url)
    page.set_input_files(
        "#fin input[type=file]",
        [
            {"name": "one.txt", "mimeType": "text/plain", "buffer": b"1"},
            {"name": "two.txt", "mimeType": "text/plain", "buffer": b"22"},
        ],
    )
    log_is(page, "upload:one.txt,two.txt")
    assert rows(page, "fin").count() == 2
    assert rows(page, "fin").nth(1).locator(".rillet-file-size").text_content() == "2 B"
    rows(page, "fin").nth(1).locator(".rillet-file-cell-size, .rillet-file-size").click()
    log_is(page, "select:1:two.txt")
    page.click("#fin [aria-label='Remove one.txt']")
    log_is(page, "delete:one.txt")
    assert rows(page, "fin").all_text_contents()[0].startswith("two.txt")
    page.click("#fin [aria-label=Clear]")
    log_is(page, "cleared")
    page.wait_for_selector("#fin .rillet-file-drop")


def test_drop_files_and_more_files_add_to_the_list(page, app_url):
    open_app(page, app_url)
    page.evaluate(
        """() => {
            const dt = new DataTransfer();
            dt.items.add(new File(["dropped"], "dropped.txt", {type: "text/plain"}));
            const zone = document.querySelector('#fin .rillet-file-frame');
            zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true}));
            zone.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true}));
        }"""
    )
    log_is(page, "upload:dropped.txt")
    page.set_input_files(
        "#fin input[type=file]", {"name": "more.txt", "mimeType": "text/plain", "buffer": b"m"}
    )
    log_is(page, "upload:dropped.txt,more.txt")


def test_upload_progress_is_shown(page, app_url):
    open_app(page, app_url)
    page.evaluate(
        """() => {
            window.__progress = [];
            const bar = document.querySelector('#fin .rillet-file-progress');
            new MutationObserver(() => {
                if (!bar.hidden) window.__progress.push(bar.getAttribute('aria-valuenow'));
            }).observe(bar, {attributes: true});
        }"""
    )
    page.set_input_files(
        "#fin input[type=file]",
        {"name": "large.bin", "mimeType": "application/octet-stream", "buffer": b"x" * 150_000},
    )
    log_is(page, "upload:large.bin")
    seen = page.evaluate("() => window.__progress")
    assert seen and seen[-1] == "100"
    assert page.locator("#fin .rillet-file-progress").is_hidden()


@pytest.mark.parametrize("size", [LIMIT * 3, LIMIT * 40])
def test_too_large_file_is_refused_and_nothing_is_lost(browser, app_url, size, tmp_path):
    """The server's 413 is the one console error the page may log here (Chromium logs
    every failed request)."""
    huge = tmp_path / "huge.bin"
    huge.write_bytes(b"x" * size)
    with page_expecting(browser, "413") as page:
        refused_upload(page, app_url, huge)


def refused_upload(page, app_url, huge):
    open_app(page, app_url)
    page.set_input_files(
        "#fin input[type=file]", {"name": "keep.txt", "mimeType": "text/plain", "buffer": b"k"}
    )
    log_is(page, "upload:keep.txt")
    page.set_input_files("#fin input[type=file]", huge)
    toast = page.locator(".rillet-toast[data-level=error]")
    toast.wait_for()
    assert "too large" in toast.text_content().lower()
    names = rows(page, "fin").locator(".rillet-file-name").all_text_contents()
    assert names == ["keep.txt"]


def test_file_types_are_checked_before_uploading(page, app_url):
    open_app(page, app_url)
    assert page.get_attribute("#pdf input[type=file]", "accept") == ".pdf"
    page.set_input_files(
        "#pdf input[type=file]", {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"n"}
    )
    page.locator(".rillet-toast[data-level=warning]", has_text="notes.txt").wait_for()
    assert rows(page, "pdf").count() == 0
    page.set_input_files(
        "#pdf input[type=file]", {"name": "a.PDF", "mimeType": "application/pdf", "buffer": b"%"}
    )
    log_is(page, "pdf:a.PDF")


def test_output_lists_the_file_with_a_download_link(page, app_url):
    open_app(page, app_url)
    link = page.locator("#fout a.rillet-file-name")
    assert link.text_content() == "report.csv"
    assert rows(page, "fout").locator(".rillet-file-size").text_content() == "8 B"
    assert page.locator("#fout [aria-label=Clear]").count() == 0
    with page.expect_download() as download:
        link.click()
    assert Path(download.value.path()).read_text() == "a,b\n1,2\n"
    log_is(page, "downloaded")


def test_upload_button_uploads_what_is_picked(page, app_url):
    open_app(page, app_url)
    with page.expect_file_chooser() as chooser:
        page.click("#ub button")
    chooser.value.set_files(
        [
            {"name": "x.txt", "mimeType": "text/plain", "buffer": b"x"},
            {"name": "y.txt", "mimeType": "text/plain", "buffer": b"y"},
        ]
    )
    log_is(page, "button:x.txt,y.txt")
    assert page.locator("#ub button").text_content() == "Pick files"


def test_download_button_downloads_its_value_and_clicks(page, app_url):
    open_app(page, app_url)
    with page.expect_download() as download:
        page.click("#db button")
    assert download.value.suggested_filename == "report.csv"
    assert Path(download.value.path()).read_text() == "a,b\n1,2\n"
    log_is(page, "db-clicked")


def test_download_button_without_value_still_clicks_as_in_gradio(page, app_url):
    open_app(page, app_url)
    button = page.locator("#empty button")
    assert button.is_enabled()
    button.click()  # its listener gives it a file: the next click downloads it
    page.wait_for_function("() => document.querySelector('#empty button').dataset.hasFile === '1'")
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename == "report.csv"


def test_file_explorer_tree_and_selection(page, app_url):
    open_app(page, app_url)
    items = page.locator("#fe .rillet-fe-item")
    assert items.evaluate_all("els => els.map(e => e.dataset.path)") == ["docs", "top.txt"]
    assert ".secret" not in page.locator("#fe").inner_text()
    page.click("#fe [aria-label='Select top.txt']")
    log_is(page, "explore:top.txt")
    page.click("#fe [aria-label='Open docs']")
    page.click("#fe [aria-label='Select docs']")
    log_is(page, "explore:guide.md,notes.md,top.txt")
    page.click("#fe [aria-label='Select docs/notes.md']")
    log_is(page, "explore:guide.md,top.txt")
    assert page.locator("#fe [aria-label='Select docs']").evaluate("b => b.indeterminate")
