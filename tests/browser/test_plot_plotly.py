"""gr.Plot's plotly figures in Chromium, under the page's Content-Security-Policy (the page
fixture fails on any console error, CSP violations included): plotly.js loads only with the
first plotly figure, marks are drawn (scatter points, bars, a WebGL scatter), a generator's
figures update the same drawing in place, a figure's animation plays, the figure follows
the component's width and the page's dark theme, a figure that cannot be drawn says why, a
plot that leaves the page is purged, and the guide's program runs as it is."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

import rillet as gr
from rillet.rendering import render
from rillet.testing import serve

from .conftest import ROOT, open_app, run_demo

go = pytest.importorskip("plotly.graph_objects")

#: The vendor file's public path; the page fetches it once, on the first plotly figure.
PLOTLY_JS = "/static/vendor/plotly.js"
#: Whether the page has fetched plotly.js, and how often (page script).
PLOTLY_FETCHES = (
    "() => performance.getEntriesByType('resource')"
    f".filter((e) => new URL(e.name).pathname.endsWith('{PLOTLY_JS}')).length"
)
GL_POINTS = 2000


def points(n: int) -> go.Figure:
    xs = list(range(n))
    return go.Figure(go.Scatter(x=xs, y=[x * x for x in xs], mode="markers"))


def fruit() -> go.Figure:
    return go.Figure(go.Bar(x=["fig", "plum", "pear", "kiwi"], y=[3, 1, 4, 2]))


def many() -> go.Figure:
    xs = list(range(GL_POINTS))
    return go.Figure(go.Scattergl(x=xs, y=[x % 17 for x in xs], mode="markers"))


def animated() -> go.Figure:
    """Two points, and a Play button that animates to its frames of 3, then 5 points."""
    play = {"frame": {"duration": 0, "redraw": True}, "transition": {"duration": 0}}
    return go.Figure(
        data=[go.Scatter(x=[0, 1], y=[0, 1], mode="markers")],
        frames=[
            go.Frame(data=[go.Scatter(x=list(range(n)), y=list(range(n)))], name=str(n))
            for n in (3, 5)
        ],
        layout={
            "xaxis": {"range": [-1, 6]},
            "updatemenus": [
                {
                    "type": "buttons",
                    "buttons": [{"label": "Play", "method": "animate", "args": [None, play]}],
                }
            ],
        },
    )


@pytest.fixture(scope="module")
def app():
    gate = threading.Event()

    def frames():
        yield points(3)
        gate.wait(30)
        yield points(5)
        yield points(7)

    with gr.Blocks() as demo:
        live = gr.Plot(elem_id="live")
        bars = gr.Plot(elem_id="bars")
        gl = gr.Plot(elem_id="gl")
        broken = gr.Plot(elem_id="broken")
        anim = gr.Plot(elem_id="anim")
        show = gr.Checkbox(False, label="show", elem_id="show")
        with gr.Column(elem_id="area"):

            @render(inputs=[show])
            def shown(on: bool) -> None:
                if on:
                    gr.Plot(points(4), elem_id="rendered")

        with gr.Tabs():
            with gr.Tab("First"):
                gr.Markdown("first")
            with gr.Tab("Second"):
                tabbed = gr.Plot(elem_id="tabbed")

        gr.Button("Go", elem_id="go").click(frames, None, live)
        gr.Button("Release", elem_id="release").click(gate.set)
        gr.Button("Bars", elem_id="draw-bars").click(fruit, None, bars)
        gr.Button("GL", elem_id="draw-gl").click(many, None, gl)
        gr.Button("Animated", elem_id="draw-anim").click(animated, None, anim)
        gr.Button("Tabbed", elem_id="draw-tabbed").click(fruit, None, tabbed)
        gr.Button("Broken", elem_id="draw-broken").click(
            lambda: {"type": "plotly", "plot": "{not json"}, None, broken
        )
    with serve(demo) as url:
        yield url


def count(page, selector: str) -> int:
    return page.locator(selector).count()


def wait_count(page, selector: str, n: int) -> None:
    page.wait_for_function(f"() => document.querySelectorAll({selector!r}).length === {n}")


def scatter_points(elem: str) -> str:
    return f"#{elem} .scatterlayer .trace .points path.point"


BARS = "#bars .barlayer .trace .point path"


def test_plotly_loads_only_with_the_first_plotly_figure(page, app):
    open_app(page, app)
    assert page.evaluate(PLOTLY_FETCHES) == 0
    assert page.evaluate("() => typeof window.Plotly") == "undefined"
    page.click("#draw-bars button")
    wait_count(page, BARS, 4)
    page.click("#draw-gl button")
    page.wait_for_function("() => document.querySelector('#gl .gl-container canvas') !== null")
    assert page.evaluate(PLOTLY_FETCHES) == 1


def wait_filled(page, elem: str, low: int, high: int) -> None:
    """Wait until the figure's drawing is as wide as the component, between low and high."""
    page.wait_for_function(
        "([elem, low, high]) => {"
        " const svg = document.querySelector(`#${elem} .main-svg`);"
        " const box = document.querySelector(`#${elem} .rillet-plot-figure`);"
        " const width = svg ? svg.getBoundingClientRect().width : 0;"
        " return Math.abs(width - box.clientWidth) <= 1 && width > low && width < high; }",
        arg=[elem, low, high],
    )


def test_a_bar_figure_draws_its_bars_at_the_components_width(page, app):
    page.set_viewport_size({"width": 1280, "height": 900})
    open_app(page, app)
    page.click("#draw-bars button")
    wait_count(page, BARS, 4)
    wait_filled(page, "bars", 1000, 1280)
    height = page.evaluate(
        "() => document.querySelector('#bars .main-svg').getBoundingClientRect().height"
    )
    assert height == 450  # plotly's own default, as the figure sets none
    page.set_viewport_size({"width": 390, "height": 900})
    wait_filled(page, "bars", 200, 390)
    assert count(page, BARS) == 4


def test_a_figure_drawn_in_a_hidden_tab_fills_it_when_shown(page, app):
    page.set_viewport_size({"width": 1280, "height": 900})
    open_app(page, app)
    page.click("#draw-tabbed button")
    page.wait_for_function(
        "() => document.querySelector('#tabbed .rillet-plot-plotly')?._fullLayout !== undefined"
    )
    page.get_by_role("tab", name="Second").click()
    wait_filled(page, "tabbed", 1000, 1280)
    assert count(page, "#tabbed .barlayer .trace .point path") == 4


def test_a_webgl_scatter_draws_under_the_pages_policy(page, app):
    # plotly.js's usual bundle compiles WebGL code with Function(), which the policy
    # refuses: plotly then shows "WebGL is not supported" (.no-webgl) instead of the points
    open_app(page, app)
    page.click("#draw-gl button")
    page.wait_for_function(
        "() => { const gd = document.querySelector('#gl .rillet-plot-plotly');"
        " return gd && gd._fullData && gd._fullData[0].type === 'scattergl'"
        f" && gd._fullData[0]._length === {GL_POINTS}"
        " && document.querySelector('#gl .gl-container canvas') !== null; }"
    )
    drawn = page.evaluate(
        "() => { const gd = document.querySelector('#gl .rillet-plot-plotly');"
        " return {refused: gd.querySelector('.no-webgl') !== null,"
        " regl: typeof gd._fullLayout._glcanvas.data()[0].regl}; }"
    )
    assert drawn == {"refused": False, "regl": "function"}


def test_a_generator_updates_the_same_plot_in_place(page, app):
    open_app(page, app)
    page.click("#go button")
    wait_count(page, scatter_points("live"), 3)
    first_svg = page.evaluate_handle("() => document.querySelector('#live .main-svg')")
    page.click("#release button")
    wait_count(page, scatter_points("live"), 7)
    assert first_svg.evaluate("(svg) => svg.isConnected")
    assert first_svg.evaluate("(svg) => svg === document.querySelector('#live .main-svg')")
    assert count(page, "#live .rillet-plot-plotly") == 1
    xs = page.evaluate(
        "() => document.querySelector('#live .rillet-plot-plotly')._fullData[0].x.length"
    )
    assert xs == 7


def test_the_dark_theme_gives_the_figure_the_pages_colours(page, app):
    open_app(page, app + "/?__theme=dark")
    page.click("#draw-bars button")
    wait_count(page, BARS, 4)
    colours = page.evaluate(
        "() => { const svg = document.querySelector('#bars .main-svg');"
        " const tick = document.querySelector('#bars .xtick text');"
        " const probe = document.createElement('span');"
        " probe.style.color = 'var(--rillet-text)';"
        " document.querySelector('#bars').append(probe);"
        " const text = getComputedStyle(probe).color; probe.remove();"
        " return {paper: svg.style.background, tick: getComputedStyle(tick).fill, text}; }"
    )
    assert colours["paper"] == "rgba(0, 0, 0, 0)"
    assert colours["text"] == "rgb(244, 244, 245)"  # style.css's dark --rillet-text
    assert colours["tick"] == colours["text"]


def test_a_figures_animation_plays_its_frames(page, app):
    open_app(page, app)
    page.click("#draw-anim button")
    wait_count(page, scatter_points("anim"), 2)
    page.locator("#anim .updatemenu-button").click()
    wait_count(page, scatter_points("anim"), 5)


def test_a_figure_that_cannot_be_drawn_says_why(page, app):
    open_app(page, app)
    page.click("#draw-broken button")
    alert = page.locator("#broken [role=alert]")
    alert.wait_for()
    text = alert.inner_text()
    assert "could not be drawn" in text
    assert "JSON" in text


def test_a_plot_that_leaves_the_page_is_purged(page, app):
    open_app(page, app)
    page.click("#show input")
    wait_count(page, scatter_points("rendered"), 4)
    graph = page.evaluate_handle("() => document.querySelector('#rendered .rillet-plot-plotly')")
    assert graph.evaluate("(gd) => gd._fullLayout !== undefined && gd.childElementCount > 0")
    page.click("#show input")
    page.wait_for_function("() => document.querySelector('#rendered') === null")
    page.wait_for_function(
        "(gd) => !gd.isConnected && gd._fullLayout === undefined && gd.childElementCount === 0",
        arg=graph,
    )


def guide_program(tmp_path: Path) -> Path:
    """The program in docs/data-and-plots.md's "Figures: gr.Plot", as a file."""
    guide = (ROOT / "docs" / "data-and-plots.md").read_text()
    section = guide.split("## Figures: `gr.Plot`", 1)[1]
    found = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert found, "the section has no Python program"
    script = tmp_path / "walk.py"
    script.write_text(found.group(1))
    return script


def test_the_guides_plotly_program_streams_its_walk(page, tmp_path):
    with run_demo(str(guide_program(tmp_path))) as url:
        open_app(page, url)
        page.get_by_role("button", name="Walk").click()
        page.wait_for_function(
            "() => { const gd = document.querySelector('.rillet-plot-plotly');"
            " return gd && gd._fullLayout && gd._fullLayout.title.text === '200 steps'"
            " && gd._fullData[0]._length === 200; }",
            timeout=30000,
        )
        assert page.locator(".rillet-plot-plotly .scatterlayer .trace path.js-line").count() == 1
