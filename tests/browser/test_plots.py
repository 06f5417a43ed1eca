"""Native plots in Chromium: Vega-Lite draws the right number of marks, a plot fed by a
generator grows in place (rows inserted into the drawn view, not drawn again), and a brush
across x fires "select" with [min, max]; a double click fires "double_click"."""

from __future__ import annotations

import json
import threading
import time

import pytest

import rillet as gr
from rillet.components.barplot import BarPlot
from rillet.components.lineplot import LinePlot
from rillet.components.plot import Plot
from rillet.components.scatterplot import ScatterPlot
from rillet.testing import serve

from .conftest import open_app

pd = pytest.importorskip("pandas")

POINTS = 7
#: An altair chart as Gradio sends it: its Vega-Lite spec as JSON text (three bars).
ALTAIR = {
    "type": "altair",
    "plot": json.dumps(
        {
            "mark": "bar",
            "data": {"values": [{"k": "a", "v": 1}, {"k": "b", "v": 3}, {"k": "c", "v": 2}]},
            "encoding": {
                "x": {"field": "k", "type": "nominal"},
                "y": {"field": "v", "type": "quantitative"},
            },
        }
    ),
}


def mpl_figure():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure = plt.figure(figsize=(4, 3))
    plt.plot([1, 3, 2])
    return figure


def points(n):
    return pd.DataFrame({"x": [float(i) for i in range(n)], "y": [i * i for i in range(n)]})


def picked(evt: gr.SelectData):
    low, high = evt.index
    return f"{low:.3f},{high:.3f}"


@pytest.fixture(scope="module")
def app():
    gate = threading.Event()

    def stream():
        yield points(5)
        gate.wait(30)
        for n in (8, 11):
            yield points(n)
            time.sleep(0.2)

    runs = pd.DataFrame(
        {"step": [0, 1, 2, 0, 1, 2], "loss": [3, 2, 1, 4, 3, 2], "run": list("aaabbb")}
    )
    fruit = pd.DataFrame({"fruit": ["fig", "plum", "pear", "kiwi"], "kg": [1, 2, 3, 4]})
    with gr.Blocks() as demo:
        LinePlot(runs, x="step", y="loss", color="run", elem_id="line")
        BarPlot(fruit, x="fruit", y="kg", elem_id="bars")
        chosen = ScatterPlot(points(POINTS), x="x", y="y", elem_id="scatter")
        live = ScatterPlot(x="x", y="y", elem_id="live")
        out = gr.Textbox(elem_id="out")
        clicks = gr.Textbox(elem_id="clicks")
        done = gr.Textbox(elem_id="done")
        go = gr.Button("Go", elem_id="go")
        go.click(stream, None, live).then(lambda: "done", None, done)
        release = gr.Button("Release", elem_id="release")
        release.click(gate.set)
        chosen.select(picked, None, out)
        chosen.double_click(lambda: "double", None, clicks)
        Plot(ALTAIR, elem_id="altair")
        figure = Plot(format="png", elem_id="mpl")
        draw = gr.Button("Draw", elem_id="draw")
        draw.click(mpl_figure, None, figure)
    with serve(demo) as url:
        yield url


#: The scatter plot's axis labels, as one string (page script).
LABELS = (
    "[...document.querySelectorAll('#scatter svg .role-axis-label text')]"
    ".map((t) => t.textContent).join(' ')"
)


def marks(page, elem, kind):
    return page.locator(f"#{elem} svg g.mark-{kind} path")


def wait_marks(page, elem, kind, n):
    page.wait_for_function(
        f"() => document.querySelectorAll('#{elem} svg g.mark-{kind} path').length === {n}",
        timeout=20000,
    )


def open_tall(page, url):
    # tall enough that nothing scrolls: a scrollbar appearing would resize (redraw) plots
    page.set_viewport_size({"width": 1280, "height": 3000})
    open_app(page, url)


def test_plots_draw_one_mark_per_row_bar_and_series(page, app):
    open_tall(page, app)
    wait_marks(page, "scatter", "symbol", POINTS)
    wait_marks(page, "bars", "rect", 4)
    wait_marks(page, "line", "line", 2)
    assert marks(page, "line", "line").count() == 2
    legend = page.locator("#line svg .role-legend-label text").all_text_contents()
    assert legend == ["a", "b"]
    axis = page.locator("#bars svg .role-axis-label text").all_text_contents()
    assert axis[:4] == ["fig", "kiwi", "pear", "plum"]


def test_a_streamed_plot_grows_in_place(page, app):
    open_tall(page, app)
    page.locator("#go").click()
    wait_marks(page, "live", "symbol", 5)
    page.locator("#live svg").first.evaluate("svg => { svg.dataset.mark = 'kept'; }")
    page.locator("#release").click()
    wait_marks(page, "live", "symbol", 11)
    assert page.locator("#live svg").first.get_attribute("data-mark") == "kept"
    page.wait_for_function(
        "() => document.querySelector('#done [data-testid=textbox]').textContent === 'done'"
    )
    assert marks(page, "live", "symbol").count() == 11


def test_brushing_x_fires_select_with_the_range(page, app):
    open_tall(page, app)
    wait_marks(page, "scatter", "symbol", POINTS)
    before = page.evaluate(f"() => {LABELS}")
    box = page.locator("#scatter svg").first.bounding_box()
    y = box["y"] + box["height"] * 0.4
    page.mouse.move(box["x"] + box["width"] * 0.3, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, y, steps=5)
    page.mouse.move(box["x"] + box["width"] * 0.7, y, steps=5)
    page.mouse.up()
    page.wait_for_function(
        "() => document.querySelector('#out [data-testid=textbox]').textContent !== ''"
    )
    low, high = (
        float(v) for v in page.locator("#out [data-testid=textbox]").inner_text().split(",")
    )
    assert 0 < low < high < POINTS - 1
    # zoomed in: the x axis shows the brushed range, until a double click zooms out
    page.wait_for_function(f"() => {LABELS} !== {before!r}")
    page.locator("#scatter svg").first.dblclick()
    page.wait_for_function(
        "() => document.querySelector('#clicks [data-testid=textbox]').textContent === 'double'"
    )
    page.wait_for_function(f"() => {LABELS} === {before!r}")
    assert marks(page, "scatter", "symbol").count() == POINTS


def test_plot_draws_an_altair_chart(page, app):
    open_tall(page, app)
    wait_marks(page, "altair", "rect", 3)


def test_plot_shows_a_matplotlib_figure(page, app):
    pytest.importorskip("matplotlib")
    open_tall(page, app)
    page.locator("#draw").click()
    image = page.locator("#mpl img")
    image.wait_for()
    assert image.get_attribute("src").startswith("data:image/png;base64,")
    page.wait_for_function("() => document.querySelector('#mpl img').naturalWidth === 400")
