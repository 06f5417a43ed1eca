"""A streaming dashboard: readings of three sensors (ten a second each, replayed ten times
faster) into a table and a line chart that grow in place. Brush across the chart to zoom
in (double click: out), or pick a range with the two dates."""

import time
from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd

import rillet as gr

SENSORS = ["north", "south", "east"]


def readings(start, count, rng):
    """``count`` rows of readings from ``start`` on, one per sensor every 0.1 s."""
    t = [start + timedelta(seconds=0.1 * (i // len(SENSORS))) for i in range(count)]
    sensor = [SENSORS[i % len(SENSORS)] for i in range(count)]
    base = np.array([20.0, 22.0, 18.0] * (count // len(SENSORS) + 1))[:count]
    return pd.DataFrame(
        {"time": t, "sensor": sensor, "celsius": (base + rng.normal(0, 0.4, count)).round(2)}
    )


def stream(seconds):
    """Yield the whole frame so far, one second of readings (30 rows) longer each 0.1 s:
    only the new rows travel
    (to the plot and the full table; the latest rows change in the middle: sent whole)."""
    rng = np.random.default_rng(0)
    start = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    frame = None
    for step in range(int(seconds * 10)):
        new = readings(start + timedelta(seconds=step), 30, rng)
        frame = new if frame is None else pd.concat([frame, new], ignore_index=True)
        yield frame, frame, frame.tail(12), f"{len(frame):,} rows"
        time.sleep(0.1)


def zoom(selection: gr.SelectData):
    """A brushed range (seconds, for dates) becomes the plot's x_lim."""
    return gr.LinePlot(x_lim=selection.index)


with gr.Blocks(title="Data dashboard") as demo:
    gr.Markdown("# Sensor dashboard")
    with gr.Row():
        seconds = gr.Slider(5, 120, value=30, step=5, label="Stream for (s)")
        start = gr.Button("Start", variant="primary")
        count = gr.Textbox(label="Rows", interactive=False)
    plot = gr.LinePlot(x="time", y="celsius", color="sensor", title="Temperature", height=320)
    with gr.Row():
        since = gr.DateTime("now - 5m", label="From")
        until = gr.DateTime("now", label="To")
        apply = gr.Button("Show this range")
        reset = gr.Button("Show all")
    latest = gr.Dataframe(label="Latest readings", max_height=300)
    history = gr.Dataframe(label="Every reading", max_height=400, show_search="search")

    start.click(stream, seconds, [plot, history, latest, count])
    plot.select(zoom, None, plot)
    plot.double_click(lambda: gr.LinePlot(x_lim=None), None, plot)
    apply.click(lambda a, b: gr.LinePlot(x_lim=[a, b]), [since, until], plot)
    reset.click(lambda: gr.LinePlot(x_lim=None), None, plot)

if __name__ == "__main__":
    demo.launch()
