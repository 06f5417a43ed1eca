"""Native plots wired as Gradio's plot guide and live dashboard wire them, in Chromium:
two ``gr.DateTime`` set a date plot's ``x_lim`` (seconds, as the DateTime gives them); a
brushed range comes back as ``SelectData.index`` (seconds for dates) and, returned as
``x_lim``, zooms the plot, which stays zoomed while a timer replaces its value, until a
double click sets ``x_lim=None``; a long line streamed from a generator is drawn from a
reduced set of its rows, updated in place."""

from __future__ import annotations

import threading

import pytest

import rillet as gr
from rillet.components.datetime import DateTime
from rillet.components.lineplot import LinePlot
from rillet.components.timer import Timer
from rillet.testing import serve

from .conftest import open_app

pd = pytest.importorskip("pandas")

#: 2026-01-01 00:00 UTC, in seconds.
START = 1767225600
HOURS = 48
LONG = 3000


def prices():
    """A price a minute for two days (2,880 rows: a long line)."""
    minutes = HOURS * 60
    return pd.DataFrame(
        {
            "time": pd.to_datetime([START + 60 * i for i in range(minutes)], unit="s"),
            "price": [100 + (i % 97) * 0.5 for i in range(minutes)],
        }
    )


def wave(offset):
    return pd.DataFrame(
        {"x": [offset + i / 10 for i in range(100)], "y": [i % 10 for i in range(100)]}
    )


def brushed(selection: gr.SelectData):
    low, high = selection.index
    return f"{low},{high}"


def line(n):
    return pd.DataFrame({"step": range(n), "value": [float(i % 50) for i in range(n)]})


@pytest.fixture(scope="module")
def app():
    gate = threading.Event()
    ticks = {"n": 0}

    def tick():
        ticks["n"] += 1
        return gr.LinePlot(value=wave(ticks["n"] % 2), x="x", y="y", title="live")

    def grow():
        yield line(LONG)
        gate.wait(30)
        for k in range(1, 4):
            yield line(LONG + 10 * k)

    def select(selection: gr.SelectData):
        low, high = selection.index
        return gr.LinePlot(x_lim=selection.index), low, high

    with gr.Blocks() as demo:
        # plot_guide_datetime
        with gr.Row():
            start = DateTime("2026-01-01 12:00:00", timezone="UTC", elem_id="start")
            end = DateTime("2026-01-02 00:00:00", timezone="UTC", elem_id="end")
            apply = gr.Button("Apply", elem_id="apply")
        dated = LinePlot(prices(), x="time", y="price", elem_id="dated")
        limits = gr.Textbox(elem_id="limits")
        apply.click(
            lambda s, e: (gr.BarPlot(x_lim=[s, e]), f"{s},{e}"), [start, end], [dated, limits]
        )
        picked = gr.Textbox(elem_id="picked")
        dated.select(brushed, None, picked)
        # live_dashboard
        live = LinePlot(show_label=False, elem_id="live")
        low = gr.Textbox(elem_id="low")
        high = gr.Textbox(elem_id="high")
        Timer(0.3).tick(tick, None, live)
        live.select(select, None, [live, low, high])
        live.double_click(lambda: gr.LinePlot(x_lim=None), None, live)
        # a long line streamed
        long = LinePlot(x="step", y="value", elem_id="long")
        gr.Button("Grow", elem_id="grow").click(grow, None, long)
        gr.Button("Release", elem_id="release").click(gate.set)
    with serve(demo) as url:
        yield url


#: The live plot's x domain as text (page script).
LIVE_DOMAIN = "document.querySelector('#live').rilletView.scale('x').domain().join()"


def open_tall(page, url):
    page.set_viewport_size({"width": 1280, "height": 3000})
    open_app(page, url)


def domain(page, elem):
    """The x scale's domain of the drawn view, as numbers."""
    return page.evaluate(
        f"() => document.querySelector('#{elem}').rilletView.scale('x').domain().map(Number)"
    )


def wait_view(page, elem):
    page.wait_for_function(f"() => Boolean(document.querySelector('#{elem}').rilletView)")


def text(page, elem):
    return page.locator(f"#{elem} [data-testid=textbox]").inner_text()


def brush(page, elem, left, right):
    box = page.locator(f"#{elem} svg.marks").bounding_box()
    y = box["y"] + box["height"] * 0.4
    page.mouse.move(box["x"] + box["width"] * left, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * (left + right) / 2, y, steps=5)
    page.mouse.move(box["x"] + box["width"] * right, y, steps=5)
    page.mouse.up()


def test_datetimes_set_a_date_plots_x_lim_in_seconds(page, app):
    open_tall(page, app)
    wait_view(page, "dated")
    before = domain(page, "dated")
    assert before[0] <= START * 1000 and before[1] >= (START + (HOURS - 1) * 3600) * 1000
    page.locator("#apply").click()
    page.wait_for_function(
        "() => document.querySelector('#limits [data-testid=textbox]').textContent"
    )
    low, high = (float(v) for v in text(page, "limits").split(","))
    assert (low, high) == (START + 12 * 3600, START + 24 * 3600)
    page.wait_for_function(
        f"() => document.querySelector('#dated').rilletView.scale('x').domain().map(Number)"
        f".join() === '{low * 1000:.0f},{high * 1000:.0f}'"
    )


def test_brushing_dates_selects_seconds(page, app):
    open_tall(page, app)
    wait_view(page, "dated")
    brush(page, "dated", 0.3, 0.6)
    page.wait_for_function(
        "() => document.querySelector('#picked [data-testid=textbox]').textContent"
    )
    low, high = (float(v) for v in text(page, "picked").split(","))
    assert START < low < high < START + HOURS * 3600


def test_live_dashboard_zooms_to_the_selection_and_back(page, app):
    open_tall(page, app)
    page.wait_for_function("() => document.querySelector('#live').rilletView")
    brush(page, "live", 0.3, 0.6)
    page.wait_for_function(
        "() => document.querySelector('#high [data-testid=textbox]').textContent"
    )
    low, high = float(text(page, "low")), float(text(page, "high"))
    assert 0 < low < high < 11
    page.wait_for_function(f"() => {LIVE_DOMAIN} === '{low},{high}'")
    # the timer replaces the value (in the same drawn view); the x_lim the selection set stays
    first = "() => document.querySelector('#live').rilletView.data('data')[0].x"
    seen = page.evaluate(first)
    page.wait_for_function(f"() => ({first})() !== {seen}")
    assert domain(page, "live") == [low, high]
    page.locator("#live svg.marks").dblclick()
    page.wait_for_function(f"() => {LIVE_DOMAIN} !== '{low},{high}'")


def test_a_long_streamed_line_is_drawn_reduced_and_updated_in_place(page, app):
    open_tall(page, app)
    page.locator("#grow").click()
    wait_view(page, "long")
    rows = "() => document.querySelector('#long').rilletView.data('data')"
    first = page.evaluate(f"{rows}.length")
    assert 0 < first <= 2 * 250 + 2
    page.locator("#long").evaluate("el => { el.rilletView.kept = 'yes'; }")
    page.locator("#release").click()
    last = LONG + 30 - 1
    page.wait_for_function(f"() => ({rows})().some((d) => d.step === {last})")
    assert page.evaluate(f"{rows}.length") <= 2 * 250 + 2
    assert page.locator("#long").evaluate("el => el.rilletView.kept") == "yes"
    low, high = domain(page, "long")
    assert low == 0 and high >= last


REDUCE = """async ([range, series]) => {
    const { reduceLine } = await import('/static/components/nativeplot.js');
    const rows = [];
    for (let i = 0; i < 2000; i += 1) rows.push([i, (i * 7) % 10, series ? `s${i % 2}` : 'one']);
    const kept = reduceLine(rows, 0, 1, series ? 2 : -1, range);
    return kept.map((r) => r[0]);
}"""


def test_reducing_a_line_keeps_each_slices_extremes_in_order(page, app):
    open_tall(page, app)
    kept = page.evaluate(REDUCE, [None, False])
    assert kept == sorted(kept) and kept[0] == 0 and len(kept) <= 500
    # the slices' lowest and highest rows: the line's extremes among them
    assert {0, 9} <= {(i * 7) % 10 for i in kept}
    zoomed = page.evaluate(REDUCE, [[500, 999], False])
    assert zoomed[0] == 499 and zoomed[-1] == 1000  # the neighbours outside the range
    assert all(500 <= i <= 999 for i in zoomed[1:-1])
    two = page.evaluate(REDUCE, [None, True])
    assert {i % 2 for i in two} == {0, 1} and len(two) <= 1000
