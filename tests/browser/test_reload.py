"""Reload mode in Chromium: an edit changes the open page by itself; a broken edit shows
its error on the page while the last good app keeps working; the fix reloads the page."""

from __future__ import annotations

from tests.reloading import HELPER, rillet_cli, write_app

from .conftest import open_app


def test_the_open_page_follows_edits(page, tmp_path):
    write_app(tmp_path, 1)
    with rillet_cli(tmp_path) as app:
        open_app(page, app.url)
        page.get_by_text("version 1, run 1").wait_for()
        page.evaluate("window.__sameDocument = true")

        (tmp_path / "helper.py").write_text(HELPER.format(v=2))
        page.get_by_text("version 2, run 2").wait_for()  # the page reloaded itself
        assert page.evaluate("window.__sameDocument === undefined")
        page.wait_for_function("document.body.dataset.rilletReady === '1'")
        page.get_by_label("Name").fill("Ada")
        page.get_by_label("Name").press("Enter")
        page.get_by_text("Hello Ada from version 2").wait_for()

        good = (tmp_path / "app.py").read_text()
        (tmp_path / "app.py").write_text(good.replace("import helper", "import helper\n)"))
        banner = page.locator(".rillet-reload-error")
        banner.wait_for()
        assert "SyntaxError" in banner.inner_text() and "app.py, line 3" in banner.inner_text()
        page.get_by_label("Name").fill("Bo")  # the last good app still answers
        page.get_by_label("Name").press("Enter")
        page.get_by_text("Hello Bo from version 2").wait_for()

        (tmp_path / "app.py").write_text(good.replace("version", "release"))
        page.get_by_text("release 2, run 3").wait_for()
        assert banner.count() == 0
        page.close()  # before the server stops, so its streams end cleanly
