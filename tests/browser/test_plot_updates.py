"""Streamed plots and tables in Chromium, as the page draws their updates: a long line grows
by appended rows into the same Vega view, its drawn rows the same as a fresh reduction of the
whole line and its x domain the one Vega-Lite computes; series are coloured in Gradio's
order (first appearance, the tableau10 scheme, ``color_map`` as Gradio applies it); a range
of x is brushed only when the app listens to ``.select``; a large table scrolled to its
middle keeps its rows while rows are appended below."""

from __future__ import annotations

import json
import threading

import pytest

import rillet as gr
from rillet.testing import serve

from .conftest import open_app

pd = pytest.importorskip("pandas")

#: The long line: rows at its first yield, at its last, and rows per yield.
FIRST = 1_500
LAST = 3_000
STEP = 30
#: Gradio 6.31's colours for series c, a, b, d (in that order of first appearance), read
#: from its page: Vega's tableau10 in the order the series appear.
GRADIO_COLOURS = ["#4c78a8", "#f58518", "#e45756", "#72b7b2"]
#: ... and with ``color_map={"a": "red", "b": "green"}``: the series it leaves out get none.
GRADIO_MAPPED = [None, "red", "green", None]


def wave(n: int, series: bool = False):
    """``n`` rows of a jagged line (two series when ``series``)."""
    frame = pd.DataFrame(
        {"step": range(n), "value": [float((i * 37) % 101 + (i // 7) % 5) for i in range(n)]}
    )
    if series:
        frame["kind"] = ["up" if i % 2 else "down" for i in range(n)]
    return frame


#: The same rows in the page (JavaScript), as [step, value(, kind)] arrays.
WAVE_JS = """(n, series) => Array.from({length: n}, (_, i) => {
    const row = [i, (i * 37) % 101 + Math.floor(i / 7) % 5];
    if (series) row.push(i % 2 ? 'up' : 'down');
    return row;
})"""


def kinds():
    rows = 30
    return pd.DataFrame(
        {
            "x": list(range(rows)),
            "y": [(i * 7) % 11 for i in range(rows)],
            "kind": [["c", "a", "b", "d"][i % 4] for i in range(rows)],
        }
    )


def picked_range(selection: gr.SelectData) -> str:
    low, high = selection.index
    return f"{low:.3f},{high:.3f}"


@pytest.fixture(scope="module")
def app():
    # each stream waits after its first frame until its Release button is clicked
    gates = {"line": threading.Event(), "table": threading.Event()}

    def grow_line():
        for n in range(FIRST, LAST + 1, STEP):
            if n == FIRST + STEP:
                gates["line"].wait(30)
            yield wave(n), str(n)

    def grow_two():
        for n in range(FIRST, LAST + 1, STEP):
            yield wave(n, series=True), str(n)

    def table_rows():
        yield wave(5_000)
        gates["table"].wait(30)
        for n in range(5_010, 5_101, 10):  # to rows 0..5099
            yield wave(n)

    with gr.Blocks() as demo:
        line = gr.LinePlot(x="step", y="value", elem_id="line")
        line_rows = gr.Textbox(elem_id="line_rows")
        gr.Button("Grow", elem_id="grow").click(grow_line, None, [line, line_rows])
        gr.Button("Release", elem_id="release").click(gates["line"].set)
        two = gr.LinePlot(x="step", y="value", color="kind", elem_id="two")
        two_rows = gr.Textbox(elem_id="two_rows")
        gr.Button("Grow two", elem_id="grow_two").click(grow_two, None, [two, two_rows])
        gr.LinePlot(kinds(), x="x", y="y", color="kind", elem_id="colours")
        gr.LinePlot(
            kinds(),
            x="x",
            y="y",
            color="kind",
            color_map={"a": "red", "b": "green"},
            elem_id="mapped",
        )
        gr.ScatterPlot(kinds(), x="x", y="y", elem_id="free")
        listened = gr.ScatterPlot(kinds(), x="x", y="y", elem_id="listened")
        picked = gr.Textbox(elem_id="picked")
        listened.select(picked_range, None, picked)
        free_clicks = gr.ScatterPlot(kinds(), x="x", y="y", elem_id="free_clicks")
        clicks = gr.Textbox(elem_id="clicks")
        free_clicks.double_click(lambda: "double", None, clicks)
        table = gr.Dataframe(elem_id="table", max_height=400)
        gr.Button("Table", elem_id="table_go").click(table_rows, None, table)
        gr.Button("Release the table", elem_id="release_table").click(gates["table"].set)
    with serve(demo) as url:
        yield url
        for gate in gates.values():
            gate.set()  # no generator left waiting


def open_tall(page, url):
    page.set_viewport_size({"width": 1280, "height": 3200})
    open_app(page, url)


def view(elem: str) -> str:
    return f"document.querySelector('#{elem}').rilletView"


def text(page, elem):
    return page.locator(f"#{elem} [data-testid=textbox]").inner_text()


def wait_rows(page, elem, n):
    """Until the stream's row count (a textbox beside the plot) reads ``n``."""
    page.wait_for_function(
        f"() => document.querySelector('#{elem} [data-testid=textbox]').textContent === '{n}'",
        timeout=60_000,
    )


def reduced(page, series: bool) -> list[int]:
    """The rows (their steps) a fresh reduction of the whole streamed line keeps."""
    return page.evaluate(
        f"""async () => {{
        const {{ reduceIndices }} = await import('/static/components/nativeplot.js');
        return reduceIndices(({WAVE_JS})({LAST}, {str(series).lower()}), 0, 1,
            {2 if series else -1}, null);
    }}"""
    )


# null until the chart's first Vega view is drawn (it may come after the rows under load)
DRAWN = """(id) => { const v = document.querySelector(`#${id}`).rilletView;
    return v ? v.data('data').map((d) => d.step).sort((a, b) => a - b) : null; }"""


def wait_drawn(page, elem: str, steps: list[int]) -> None:
    """Until the plot's Vega view holds the rows of ``steps`` (or fail showing what it holds)."""
    expected = json.dumps(steps, separators=(",", ":"))
    try:
        page.wait_for_function(
            f"() => JSON.stringify(({DRAWN})('{elem}')) === '{expected}'", timeout=30_000
        )
    except Exception:
        assert page.evaluate(DRAWN, elem) == steps
        raise


def test_a_long_line_grows_in_the_same_view_as_a_fresh_reduction(page, app):
    open_tall(page, app)
    page.locator("#grow").click()
    page.wait_for_function(f"() => Boolean({view('line')})")
    page.locator("#line").evaluate("el => { el.rilletView.kept = 'first'; }")
    page.locator("#release").click()
    last = LAST - 1
    wait_rows(page, "line_rows", LAST)
    fresh = reduced(page, series=False)
    assert 0 < len(fresh) <= 2 * 250 + 2
    # the last frame drawn, by the appends alone: the rows a fresh reduction keeps
    wait_drawn(page, "line", fresh)
    assert page.locator("#line").evaluate("el => el.rilletView.kept") == "first"  # same view
    # the x domain is the one Vega-Lite gives a line of these rows: their extent, made nice
    domain = page.evaluate(f"() => {view('line')}.scale('x').domain()")
    nice = page.evaluate(f"() => vega.scale('linear')().domain([0, {last}]).nice().domain()")
    assert domain == nice
    y_domain = page.evaluate(f"() => {view('line')}.scale('y').domain()")
    assert y_domain == page.evaluate(
        f"""() => {{
        const ys = ({WAVE_JS})({LAST}, false).map((r) => r[1]);
        return vega.scale('linear')().domain([Math.min(...ys), Math.max(...ys)]).nice().domain();
    }}"""
    )


def test_two_series_grow_each_reduced(page, app):
    open_tall(page, app)
    page.locator("#grow_two").click()
    wait_rows(page, "two_rows", LAST)
    wait_drawn(page, "two", reduced(page, series=True))
    kinds_drawn = page.evaluate(
        f"() => [...new Set({view('two')}.data('data').map((d) => d.kind))]"
    )
    assert sorted(kinds_drawn) == ["down", "up"]


REDUCER = """async ([n, step, range, series]) => {
    const { LineReducer, reduceIndices } = await import('/static/components/nativeplot.js');
    const rows = [];
    let seed = 7;
    const next = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < n; i += 1) {
        rows.push([i * 0.5 + next(), next() * 100, series ? `s${i % 3}` : 'one']);
    }
    const first = 1000;
    const reducer = new LineReducer(0, 1, series ? 2 : -1, range);
    const kept = new Set(reducer.build(rows.slice(0, first)));
    let rebuilt = 0;
    for (let end = first + step; end <= n; end += step) {
        const part = rows.slice(0, end);
        const change = reducer.extend(part, end - step);
        if (!change) {
            rebuilt += 1;
            kept.clear();
            for (const i of reducer.build(part)) kept.add(i);
            continue;
        }
        for (const i of change.removed) {
            if (!kept.delete(i)) return 'removed a row not kept: ' + i;
        }
        for (const i of change.added) kept.add(i);
    }
    const fresh = reduceIndices(rows, 0, 1, series ? 2 : -1, range);
    return { same: JSON.stringify([...kept].sort((a, b) => a - b)) === JSON.stringify(fresh),
             rebuilt, kept: kept.size };
}"""


@pytest.mark.parametrize(
    ("range_", "series"), [(None, False), (None, True), ([300, 900], False), ([None, 700], True)]
)
def test_appended_rows_change_the_reduction_as_a_fresh_one(page, app, range_, series):
    open_app(page, app)
    got = page.evaluate(REDUCER, [4000, 10, range_, series])
    assert isinstance(got, dict), got
    assert got["same"], got
    # the slices stay while the line grows: a few rebuilds, not one per append
    assert got["rebuilt"] < 10


def legend(page, elem):
    labels = page.locator(f"#{elem} svg .role-legend-label text").all_text_contents()
    strokes = page.evaluate(
        f"() => [...document.querySelectorAll('#{elem} svg .role-legend-symbol path')]"
        ".map((p) => p.getAttribute('stroke'))"
    )
    lines = page.evaluate(
        f"() => [...document.querySelectorAll('#{elem} svg .mark-line path')]"
        ".map((p) => p.getAttribute('stroke'))"
    )
    return labels, strokes, lines


def test_series_colours_follow_gradios_order(page, app):
    open_tall(page, app)
    for elem in ("colours", "mapped"):
        page.wait_for_function(
            f"() => document.querySelectorAll('#{elem} svg .role-legend-label text').length === 4"
        )
    labels, strokes, lines = legend(page, "colours")
    assert labels == ["c", "a", "b", "d"]  # the order the series first appear, as in Gradio
    assert strokes == GRADIO_COLOURS
    assert lines == GRADIO_COLOURS
    labels, strokes, lines = legend(page, "mapped")
    assert labels == ["c", "a", "b", "d"]
    assert strokes == GRADIO_MAPPED
    assert lines == GRADIO_MAPPED


def drag(page, elem, left=0.3, right=0.7):
    box = page.locator(f"#{elem} svg").first.bounding_box()
    y = box["y"] + box["height"] * 0.4
    page.mouse.move(box["x"] + box["width"] * left, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * (left + right) / 2, y, steps=5)
    page.mouse.move(box["x"] + box["width"] * right, y, steps=5)
    page.mouse.up()


def domain(page, elem):
    return page.evaluate(f"() => {view(elem)}.scale('x').domain()")


def test_without_a_select_listener_dragging_neither_brushes_nor_zooms(page, app):
    open_tall(page, app)
    for elem in ("free", "listened"):
        page.wait_for_function(f"() => Boolean({view(elem)})")
    signals = f"() => Object.keys({view('free')}.getState({{signals: () => true}}).signals)"
    assert "brush" not in page.evaluate(signals)
    before = domain(page, "free")
    drag(page, "free")
    # the listened plot, dragged next, brushes and zooms (its select comes back): by then
    # the free plot would have zoomed too
    drag(page, "listened")
    page.wait_for_function(
        "() => document.querySelector('#picked [data-testid=textbox]').textContent !== ''"
    )
    low, high = (float(v) for v in text(page, "picked").split(","))
    assert 0 < low < high < 29
    page.wait_for_function(f"() => {view('listened')}.scale('x').domain()[1] < 29")
    assert domain(page, "free") == before
    assert page.locator("#free svg .mark-rect path").count() == 0  # no brush drawn


def test_a_double_click_fires_without_a_select_listener(page, app):
    open_tall(page, app)
    page.wait_for_function(f"() => Boolean({view('free_clicks')})")
    page.locator("#free_clicks svg").first.dblclick()
    page.wait_for_function(
        "() => document.querySelector('#clicks [data-testid=textbox]').textContent === 'double'"
    )


ROW_TEXTS = """() => [...document.querySelectorAll('#table tbody tr.rillet-df-row')]
    .map((tr) => tr.querySelector('td').textContent)"""


def test_rows_appended_below_a_scrolled_table_leave_its_rows(page, app):
    open_tall(page, app)
    page.locator("#table_go").click()
    page.wait_for_function(
        "() => document.querySelectorAll('#table tbody tr.rillet-df-row').length > 0"
    )
    scroller = page.locator("#table [data-testid=dataframe]")
    scroller.evaluate("e => { e.scrollTop = e.scrollHeight / 2; }")
    page.wait_for_function(f"() => ({ROW_TEXTS})().includes('2500')")
    shown = page.evaluate(ROW_TEXTS)
    top = scroller.evaluate("e => e.scrollTop")
    height = scroller.evaluate("e => e.scrollHeight")
    page.locator("#table tr[data-row='2500']").evaluate("tr => { tr.dataset.kept = 'yes'; }")
    page.locator("#release_table").click()
    # the scroll area grows by the new rows; the rows in view stay (the same elements)
    page.wait_for_function(
        "(h) => document.querySelector('#table [data-testid=dataframe]').scrollHeight >= h",
        arg=height + 100 * 20,
    )
    assert page.evaluate(ROW_TEXTS) == shown
    assert scroller.evaluate("e => e.scrollTop") == top
    assert page.locator("#table tr[data-row='2500']").get_attribute("data-kept") == "yes"
    # and the last one is there at the end
    scroller.evaluate("e => { e.scrollTop = e.scrollHeight; }")
    page.wait_for_function(f"() => ({ROW_TEXTS})().includes('5099')")
