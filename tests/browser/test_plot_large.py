"""A line plot growing to 10,000 rows in Chromium: the page draws most of its updates on the
line's path itself (Vega's view, which would lay out the axes and title again each time,
takes the rows afterwards), the path it draws is the one Vega draws, the view ends up holding
every row a fresh reduction of the 10,000 keeps, and brushing a range of x still selects and
zooms."""

from __future__ import annotations

import json
import threading
import time

import pytest

import rillet as gr
from rillet.testing import serve

from .conftest import open_app

pd = pytest.importorskip("pandas")

#: Rows at the stream's first yield, at its last, and rows per yield.
FIRST = 9_000
LAST = 10_000
STEP = 10
#: Seconds between yields: a stream of data (a page that falls behind draws the latest).
PACE = 0.03


def wave(n: int):
    """``n`` rows of a jagged line along ``step``."""
    return pd.DataFrame(
        {"step": range(n), "value": [float((i * 37) % 101 + (i // 7) % 5) for i in range(n)]}
    )


#: The same rows in the page, as [step, value] arrays.
WAVE_JS = """(n) => Array.from({length: n},
    (_, i) => [i, (i * 37) % 101 + Math.floor(i / 7) % 5])"""

VIEW = "document.querySelector('#big').rilletView"

#: Counts, from now on, the Vega runs of the plot's view and the changes of its line's path.
COUNT = """() => {
    const el = document.querySelector('#big');
    const view = el.rilletView;
    const counts = { runs: 0, paths: 0 };
    const runAsync = view.runAsync.bind(view);
    view.runAsync = (...args) => { counts.runs += 1; return runAsync(...args); };
    const path = el.querySelector('g.mark-line path');
    new MutationObserver((changes) => { counts.paths += changes.length; })
        .observe(path, { attributes: true, attributeFilter: ['d'] });
    el.counts = counts;
}"""

#: The steps of the rows the view holds, in order.
DRAWN = f"() => {VIEW}.data('data').map((d) => d.step).sort((a, b) => a - b)"

#: The steps a fresh reduction of all the rows keeps.
FRESH = f"""async () => {{
    const {{ reduceIndices }} = await import('/static/components/nativeplot.js');
    return reduceIndices(({WAVE_JS})({LAST}), 0, 1, -1, null);
}}"""

#: The path the page's `linePath` draws through the rows the view holds, with its scales.
PAGE_PATH = f"""async () => {{
    const {{ linePath }} = await import('/static/components/nativeplot.js');
    const view = {VIEW};
    const steps = view.data('data').map((d) => d.step);
    return linePath(({WAVE_JS})({LAST}), steps, 0, 1, view.scale('x'), view.scale('y'));
}}"""


def picked_range(selection: gr.SelectData) -> str:
    low, high = selection.index
    return f"{low:.3f},{high:.3f}"


@pytest.fixture(scope="module")
def app():
    release = threading.Event()

    def grow():
        release.clear()
        yield wave(FIRST), str(FIRST)
        release.wait(30)  # until the page counts what it draws
        for n in range(FIRST + STEP, LAST + 1, STEP):
            time.sleep(PACE)
            yield wave(n), str(n)

    with gr.Blocks() as demo:
        big = gr.LinePlot(x="step", y="value", elem_id="big")
        rows = gr.Textbox(elem_id="rows")
        picked = gr.Textbox(elem_id="picked")
        big.select(picked_range, None, picked)
        gr.Button("Grow", elem_id="grow").click(grow, None, [big, rows])
        gr.Button("Release", elem_id="release").click(release.set)
    with serve(demo) as url:
        yield url
        release.set()


def textbox(page, elem: str) -> str:
    return page.locator(f"#{elem} [data-testid=textbox]").inner_text()


def grown(page, app) -> None:
    """The page open and the line grown to LAST rows, the drawing of its updates counted."""
    page.set_viewport_size({"width": 1280, "height": 1200})
    open_app(page, app)
    page.locator("#grow").click()
    page.wait_for_function(
        f"() => document.querySelector('#rows [data-testid=textbox]').textContent === '{FIRST}'"
        f" && Boolean({VIEW}) && Boolean(document.querySelector('#big g.mark-line path'))"
    )
    page.evaluate(COUNT)
    page.locator("#release").click()
    page.wait_for_function(
        f"() => document.querySelector('#rows [data-testid=textbox]').textContent === '{LAST}'",
        timeout=60_000,
    )


def test_a_10000_row_line_shows_all_its_points(page, app):
    grown(page, app)
    fresh = page.evaluate(FRESH)
    assert 400 < len(fresh) <= 2 * 250 + 2
    expected = json.dumps(fresh, separators=(",", ":"))
    try:  # the view takes the rows the page drew once the stream pauses
        page.wait_for_function(f"() => JSON.stringify(({DRAWN})()) === '{expected}'")
    except Exception:
        assert page.evaluate(DRAWN) == fresh
        raise
    # Vega's own path through those rows: one point per row, the same as the page draws
    drawn = page.locator("#big g.mark-line path").get_attribute("d")
    assert drawn.count("M") == 1
    assert drawn.count("L") == len(fresh) - 1
    assert page.evaluate(PAGE_PATH) == drawn
    # most updates were drawn on the path without running Vega
    counts = page.evaluate("() => document.querySelector('#big').counts")
    assert counts["paths"] >= 10, counts
    assert counts["runs"] * 2 < counts["paths"], counts
    # the x axis is the one Vega-Lite gives those rows: their extent, made nice
    domain = page.evaluate(f"() => {VIEW}.scale('x').domain()")
    assert domain == page.evaluate(
        f"() => vega.scale('linear')().domain([0, {LAST - 1}]).nice().domain()"
    )


def test_brushing_the_10000_row_line_selects_and_zooms(page, app):
    grown(page, app)
    before = page.evaluate(f"() => {VIEW}.scale('x').domain()")
    box = page.locator("#big svg").first.bounding_box()
    y = box["y"] + box["height"] * 0.4
    page.mouse.move(box["x"] + box["width"] * 0.3, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, y, steps=5)
    page.mouse.move(box["x"] + box["width"] * 0.7, y, steps=5)
    page.mouse.up()
    page.wait_for_function(
        "() => document.querySelector('#picked [data-testid=textbox]').textContent !== ''"
    )
    low, high = (float(v) for v in textbox(page, "picked").split(","))
    assert 0 < low < high < LAST - 1
    # zoomed into the range: the x domain is the brushed range, the line reduced within it
    page.wait_for_function(
        f"() => {{ const d = {VIEW}.scale('x').domain();"
        f" return Math.abs(d[0] - {low}) < 1e-3 && Math.abs(d[1] - {high}) < 1e-3; }}"
    )
    steps = page.evaluate(DRAWN)
    inside = [s for s in steps if low <= s <= high]
    assert len(inside) >= len(steps) - 2  # and the nearest row outside on either side
    assert len(inside) > 100
    page.locator("#big svg").first.dblclick()
    before_json = json.dumps(before, separators=(",", ":"))
    page.wait_for_function(f"() => JSON.stringify({VIEW}.scale('x').domain()) === '{before_json}'")


def test_the_pages_line_path_is_vegas_format(page, app):
    open_app(page, app)
    got = page.evaluate(
        """async () => {
        const { linePath } = await import('/static/components/nativeplot.js');
        const x = (v) => v * 2;
        const y = (v) => 100 - v / 3;
        const rows = [[0, 3], [2, 1], [1, 2], [3, null]];
        return [linePath(rows, [0, 1, 2], 0, 1, x, y), linePath(rows, [2, 0], 0, 1, x, y),
                linePath(rows, [0, 3], 0, 1, x, y), linePath(rows, [], 0, 1, x, y)];
    }"""
    )
    # points in order of x, three decimals; a row without a number, or none, is Vega's to draw
    assert got == ["M0,99L2,99.333L4,99.667", "M0,99L2,99.333", None, None]
