"""The data-and-plots guide's program (demo/data_dashboard/run.py, docs/data-and-plots.md)
runs as it is: Start streams readings into the chart and the tables, which grow in place
(the chart's Vega view is the same one at the end), and a brushed range zooms the chart."""

from __future__ import annotations

import pytest

from .conftest import open_app, run_demo

pytest.importorskip("pandas")

#: The "Rows" textbox says the 5 s stream is over (page script).
ROWS_DONE = (
    "() => [...document.querySelectorAll('[data-rillet-type=textbox] [data-testid=textbox]')]"
    ".some((e) => (e.value ?? e.textContent) === '1,500 rows')"
)
VIEW = "document.querySelector('[data-rillet-type=nativeplot]').rilletView"


def test_the_data_and_plots_guide_program(page):
    with run_demo("demo/data_dashboard/run.py") as url:
        page.set_viewport_size({"width": 1280, "height": 2400})
        open_app(page, url)
        field = page.locator("[data-rillet-type=slider] input[type=number]").first
        field.fill("5")
        field.press("Enter")
        page.get_by_role("button", name="Start").click()
        page.wait_for_function(f"() => Boolean({VIEW})")
        page.evaluate(f"() => {{ {VIEW}.kept = 'yes'; }}")
        page.wait_for_function(ROWS_DONE, timeout=60000)
        page.wait_for_function(f"() => {VIEW}.data('data').length >= 500")
        assert page.evaluate(f"() => {VIEW}.kept") == "yes"
        series = page.evaluate(
            f"() => [...new Set({VIEW}.data('data').map((d) => d.sensor))].sort().join()"
        )
        assert series == "east,north,south"
        # the full table holds every row; only those in view are in the page
        assert page.locator("[data-testid=dataframe-table]").count() == 2
        assert page.locator("[data-testid=dataframe-table]").nth(1).locator("tr").count() < 100
        before = page.evaluate(f"() => {VIEW}.scale('x').domain().map(Number).join()")
        box = page.locator("[data-rillet-type=nativeplot] svg.marks").bounding_box()
        y = box["y"] + box["height"] * 0.4
        page.mouse.move(box["x"] + box["width"] * 0.3, y)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * 0.6, y, steps=8)
        page.mouse.up()
        page.wait_for_function(
            f"() => {VIEW} && {VIEW}.scale('x').domain().map(Number).join() !== '{before}'"
        )
