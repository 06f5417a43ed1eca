"""What decides whether a native plot can be brushed: Gradio's ``_selectable``, true when the
app listens to the plot's ``.select`` in any way (``plot.select``, its decorator form, or
``gr.on([plot.select], ...)``), false for other listeners; the page draws the brush only
then (checked in the browser tier)."""

from __future__ import annotations

import pytest

import rillet as gr

#: Gradio 6.31's ``_selectable`` for the three plots of :func:`listened` (read by running it).
GRADIO_SELECTABLE = [True, False, True, False]


def listened() -> list[bool]:
    with gr.Blocks():
        by_on = gr.LinePlot(x="x", y="y")
        by_double_click = gr.LinePlot(x="x", y="y")
        by_decorator = gr.ScatterPlot(x="x", y="y")
        unheard = gr.BarPlot(x="x", y="y")
        out = gr.Textbox()
        gr.on([by_on.select], lambda: "x", None, out)
        by_double_click.double_click(lambda: "x", None, out)

        @by_decorator.select(inputs=None, outputs=out)
        def picked() -> str:
            return "x"

        unheard.change(lambda: "x", None, out)
    return [p.get_config()["_selectable"] for p in (by_on, by_double_click, by_decorator, unheard)]


def test_selectable_as_in_gradio():
    assert listened() == GRADIO_SELECTABLE


def test_gr_on_with_several_triggers_makes_each_select_selectable():
    with gr.Blocks():
        a = gr.LinePlot(x="x", y="y")
        b = gr.LinePlot(x="x", y="y")
        out = gr.Textbox()
        gr.on([a.select, b.double_click], lambda: "x", None, out)
    assert a.get_config()["_selectable"] is True
    assert b.get_config()["_selectable"] is False


def test_a_plot_made_outside_blocks_is_not_selectable():
    assert gr.LinePlot(x="x", y="y").get_config()["_selectable"] is False


@pytest.mark.parametrize("event", ["change", "double_click"])
def test_other_events_leave_it_unselectable(event):
    with gr.Blocks():
        plot = gr.ScatterPlot(x="x", y="y")
        getattr(plot, event)(lambda: None)
    assert plot.get_config()["_selectable"] is False
