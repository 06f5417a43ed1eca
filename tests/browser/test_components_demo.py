"""The components guide's program (demo/components/run.py, docs/components.md) runs as it is:
every component draws, ticking a fruit streams pictures into the gallery, Clear empties."""

from __future__ import annotations

from .conftest import open_app, run_demo


def test_the_components_guide_program(page):
    with run_demo("demo/components/run.py") as url:
        open_app(page, url)
        for kind in ("checkboxgroup", "file", "code", "gallery", "colorpicker", "datetime"):
            assert page.locator(f"[data-rillet-type={kind}]").count() == 1, kind
        assert page.locator("[data-rillet-type=sidebar]").count() == 1
        page.get_by_label("apple").check()
        # "pear" and "apple" ticked: the last yield holds len(name) pictures (4 or 5)
        page.wait_for_function(
            "document.querySelectorAll('[data-rillet-type=gallery] img').length >= 4"
        )
        page.get_by_role("button", name="Clear").click()
        page.wait_for_function(
            "[...document.querySelectorAll('[data-rillet-type=checkboxgroup] input')]"
            ".every(box => !box.checked)"
        )
