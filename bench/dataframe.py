"""A growing frame in a Dataframe and a LinePlot, on rillet and on Gradio, in one run.

    .venv/bin/python bench/dataframe.py [--yields 1000] [--page-yields 100] [--json FILE]

A generator yields a frame that grows by 10 rows per yield up to 10,000 rows (``--yields``
yields, 1,000 by default: from 0 rows; fewer start nearer 10,000), into a ``gr.Dataframe``
and a ``gr.LinePlot``. Each framework serves the same app (this file, run as
``python dataframe.py rillet|gradio PORT YIELDS PAGE_YIELDS``) from its own process, and the
measures are the same for both:

- bytes on the wire per yield: the session's SSE stream read by a raw HTTP/1.1 client
  speaking sse_v3 (``bench/client.py``, which accepts gzip as browsers do), over the whole
  run (its first message holds the starting frame) and over its last tenth (10 rows into
  ~10,000: flat or growing);
- server CPU per yield: the server process's user + system time from ``/proc``;
- the page's main-thread time per update at 10,000 rows, in headless Chromium, for the
  table and the plot apart: a 10,000-row frame is drawn first, then ``--page-yields``
  yields of 10 rows each; the figure is the time of the page's main-thread tasks over
  those yields (from a Chromium trace), less the page's idle rate, divided by their
  number; and the same for the main thread's CPU time, which a busy machine inflates less
  (a task's wall time counts its waits on the compositor thread too), with the machine's
  load average before and after;
- the time to show a 100,000-row frame: click → a row's cell in the page.

Prints a table with rillet / Gradio ratios and writes the raw figures as JSON. To run it
with the others, ``bench/run`` could call :func:`run` and add :func:`rows` to its table.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
#: Rows the frame has at its last yield, and rows each yield adds.
FINAL_ROWS = 10_000
STEP = 10
#: The frame shown at once for the "time to show" figure.
BIG_ROWS = 100_000
#: Seconds between yields (a stream of data, not a flood): the same on both.
DELAY = 0.01
#: Between yields in the page runs: each update has time to be drawn.
PAGE_DELAY = 0.03
#: Seconds the page runs wait after the first (10,000-row) frame before the measured yields.
HOLD = 4.0
#: A page that has not shown the last update by then (ms) is reported as not finishing.
PAGE_TIMEOUT = 180_000


# -- the app (served by each framework) ------------------------------------------------


def make_frame(rows: int) -> Any:
    """A frame of ``rows`` rows: a step, a time, a value and a name per row."""
    import numpy as np
    import pandas as pd

    i = np.arange(rows)
    return pd.DataFrame(
        {
            "step": i,
            "time": (i * 0.1).round(1),
            "value": (np.sin(i / 40.0) * 10 + (i % 7) * 0.25).round(3),
            "name": [f"r{k}" for k in i],
        }
    )


def serve(framework: str, port: int, yields: int, page_yields: int) -> None:
    """Serve the benchmark app with ``framework`` on 127.0.0.1:``port``; print READY."""
    gr = importlib.import_module(framework)
    full = make_frame(max(FINAL_ROWS + page_yields * STEP, BIG_ROWS))
    start = max(0, FINAL_ROWS - yields * STEP)

    def grow() -> Any:
        """``yields`` frames, each 10 rows longer, ending at 10,000 rows."""
        for k in range(1, yields + 1):
            time.sleep(DELAY)
            part = full.iloc[: start + k * STEP]
            yield part, part

    def grow_page() -> Any:
        """A 10,000-row frame, a pause, then ``page_yields`` frames 10 rows longer each;
        the first and last row counts go to a textbox the page watches (``gr.skip()``
        leaves it as it is in between, so only the frames cost the page)."""
        part = full.iloc[:FINAL_ROWS]
        yield part, str(len(part))
        time.sleep(HOLD)
        for k in range(1, page_yields + 1):
            time.sleep(PAGE_DELAY)
            part = full.iloc[: FINAL_ROWS + k * STEP]
            yield part, str(len(part)) if k == page_yields else gr.skip()

    def big() -> Any:
        return full.iloc[:BIG_ROWS]

    with gr.Blocks() as demo:
        table = gr.Dataframe(elem_id="table")
        plot = gr.LinePlot(x="step", y="value", elem_id="plot")
        go = gr.Button("Grow", elem_id="go")
        go.click(grow, None, [table, plot], api_name="grow")
        page_table = gr.Dataframe(elem_id="page_table")
        table_rows = gr.Textbox(elem_id="table_rows")
        gr.Button("Grow the table", elem_id="table_go").click(
            grow_page, None, [page_table, table_rows], api_name="grow_table"
        )
        page_plot = gr.LinePlot(x="step", y="value", elem_id="page_plot")
        plot_rows = gr.Textbox(elem_id="plot_rows")
        gr.Button("Grow the plot", elem_id="plot_go").click(
            grow_page, None, [page_plot, plot_rows], api_name="grow_plot"
        )
        big_table = gr.Dataframe(elem_id="big_table")
        gr.Button("Show 100,000 rows", elem_id="big_go").click(big, None, big_table, api_name="big")
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    print(f"READY http://127.0.0.1:{port}", flush=True)
    demo.block_thread()


# -- the wire and the server -----------------------------------------------------------


async def wire(url: str, yields: int, cpu_seconds: Any) -> dict[str, float]:
    """Bytes and server CPU per yield of ``grow``, from a raw sse_v3 client: over the whole
    run (its first message holds the whole starting frame) and over its last tenth."""
    import httpx
    from client import Session, connect

    class Counted(Session):
        """Notes the bytes read so far each time a generating message arrives."""

        marks: list[int]

        def _take(self, blocks: list[str], got: Any, now: float) -> bool:
            self.marks.extend(got.wire_bytes for b in blocks if '"process_generating"' in b)
            return bool(super()._take(blocks, got, now))

    async with httpx.AsyncClient(timeout=600) as http:
        fns = await connect(url, http)
        session = Counted(url, fns)
        session.marks = []
        cpu = cpu_seconds()
        got = await session.call("grow", [])
        cpu = cpu_seconds() - cpu
    marks = session.marks
    tenth = max(1, len(marks) // 10)
    last = (marks[-1] - marks[-1 - tenth]) / tenth if len(marks) > tenth else float("nan")
    return {
        "bytes_per_yield": got.wire_bytes / yields,
        "bytes_per_yield_last_tenth": last,
        "messages": len(marks),
        "server_cpu_ms_per_yield": cpu * 1000 / yields,
    }


# -- the page ----------------------------------------------------------------------------

#: The value of a textbox, rillet's or Gradio's.
TEXT = """(id) => { const e = document.querySelector(`#${id} textarea, #${id} input,
    #${id} [data-testid=textbox]`); return e ? e.value : ''; }"""

CLICK = """(id) => { const go = document.querySelector(`#${id}`);
    (go.tagName === 'BUTTON' ? go : go.querySelector('button')).click(); }"""

#: Click → a row's name cell ("r123") in the table, ms.
SHOW_BIG = """() => new Promise((resolve, reject) => {
    const root = document.querySelector('#big_table');
    const start = performance.now();
    const shown = () => [...root.querySelectorAll('td')].slice(0, 64)
        .some((td) => /^r[0-9]+$/.test(td.textContent.trim()));
    const tick = () => shown() ? resolve(performance.now() - start)
        : performance.now() - start > 120000 ? reject(new Error('no row after 120 s'))
        : requestAnimationFrame(tick);
    const go = document.querySelector('#big_go');
    (go.tagName === 'BUTTON' ? go : go.querySelector('button')).click();
    tick();
})"""

ARGS = ["--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1"]


def page_updates(url: str, which: str, page_yields: int) -> dict[str, float]:
    """Main-thread ms per update of the table or the plot (``which``) at 10,000 rows: wall
    time in tasks and CPU time, from a Chromium trace (see :func:`main_thread_time`)."""
    from playwright.sync_api import sync_playwright

    final = str(FINAL_ROWS + page_yields * STEP)
    load_before = os.getloadavg()[0]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        page.wait_for_selector(f"#{which}_go")
        page.wait_for_load_state("networkidle")

        def rows_shown(value: str) -> None:
            page.wait_for_function(
                f"() => ({TEXT})('{which}_rows') === '{value}'", timeout=PAGE_TIMEOUT, polling=100
            )

        def mark(name: str) -> None:
            page.evaluate("(name) => console.timeStamp(name)", name)

        page.evaluate(CLICK, f"{which}_go")
        rows_shown(str(FINAL_ROWS))
        time.sleep(HOLD / 2)  # the 10,000-row frame drawn; the page idle until the yields
        browser.start_tracing(page=page, categories=TRACED)
        mark(MARKS[0])
        time.sleep(HOLD / 4)  # the idle rate (a status timer ticks meanwhile)
        mark(MARKS[1])
        rows_shown(final)
        time.sleep(0.5)  # work the last update scheduled (a chart's next frame)
        mark(MARKS[2])
        trace = json.loads(browser.stop_tracing())
        browser.close()
    wall, cpu = main_thread_time(trace)
    return {
        "main_thread_ms_per_update": max(0.0, wall) / page_yields,
        "main_thread_cpu_ms_per_update": max(0.0, cpu) / page_yields,
        # the machine's 1-minute load average before and after (other work inflates the
        # wall time: a task's wall time counts the time its thread was not scheduled)
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }


#: Console time stamps around the idle window and the updates, in the trace.
MARKS = ("bench-idle", "bench-updates", "bench-end")
#: The trace's categories: the main thread's tasks (``RunTask``) and the time stamps.
TRACED = ["devtools.timeline", "disabled-by-default-devtools.timeline"]


def main_thread_time(trace: Any) -> tuple[float, float]:
    """The page's main-thread time in the updates, less its idle rate, ms: the wall time of
    its top-level tasks and their CPU time (which a busy machine inflates less: the wall
    time counts waits on the compositor and time the thread was not scheduled)."""
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    stamps = {
        message: e
        for e in events
        if e.get("name") == "TimeStamp"
        and (message := e.get("args", {}).get("data", {}).get("message")) in MARKS
    }
    thread = (stamps[MARKS[0]]["pid"], stamps[MARKS[0]]["tid"])
    t0, t1, t2 = (stamps[m]["ts"] for m in MARKS)
    tasks = (
        e
        for e in events
        if (e.get("pid"), e.get("tid")) == thread and e.get("ph") == "X" and e["name"] == "RunTask"
    )
    sums = {"idle": [0.0, 0.0], "updates": [0.0, 0.0]}
    for e in tasks:
        window = "idle" if t0 <= e["ts"] < t1 else "updates" if t1 <= e["ts"] < t2 else None
        if window:
            sums[window][0] += e.get("dur", 0)
            sums[window][1] += e.get("tdur", 0)
    scale = (t2 - t1) / (t1 - t0)
    wall, cpu = (u - i * scale for u, i in zip(sums["updates"], sums["idle"], strict=True))
    return wall / 1000, cpu / 1000


def show_big(url: str) -> float:
    """Click → the rows of a 100,000-row frame shown, ms."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        page.wait_for_selector("#big_go")
        page.wait_for_load_state("networkidle")
        ms = float(page.evaluate(SHOW_BIG))  # the probe gives up after 120 s
        browser.close()
    return ms


# -- the run -----------------------------------------------------------------------------


def measure(framework: str, yields: int, page_yields: int) -> dict[str, Any]:
    """Every figure for one framework, its server started and stopped here."""
    from run import Server

    server = Server(framework, app="dataframe.py", argv=[str(yields), str(page_yields)])
    try:
        out: dict[str, Any] = asyncio.run(wire(server.url, yields, server.cpu_seconds))
        print(f"  {framework} wire: {out}", flush=True)
        for which in ("table", "plot"):
            out[f"{which}_page"] = unless_stuck(
                lambda w=which: page_updates(server.url, w, page_yields)
            )
            print(f"  {framework} {which} page: {out[f'{which}_page']}", flush=True)
        out["show_100k_ms"] = unless_stuck(lambda: show_big(server.url), float("nan"))
    finally:
        server.close()
    return out


def unless_stuck(measure: Any, stuck: Any = None) -> Any:
    """``measure()``, or ``stuck`` (NaN figures) when the page did not get there in time."""
    from playwright.sync_api import Error

    try:
        return measure()
    except Error as error:
        print(f"  did not finish: {str(error).splitlines()[0]}", flush=True)
        nan = float("nan")
        return (
            stuck
            if stuck is not None
            else {"main_thread_ms_per_update": nan, "main_thread_cpu_ms_per_update": nan}
        )


def run(
    yields: int = 1000, page_yields: int = 100, only: tuple[str, ...] = ("rillet", "gradio")
) -> dict[str, Any]:
    """Both frameworks (or ``only`` some), one after the other."""
    results: dict[str, Any] = {"yields": yields, "page_yields": page_yields}
    for framework in only:
        print(f"measuring {framework}...", flush=True)
        results[framework] = measure(framework, yields, page_yields)
    return results


def rows(r: dict[str, Any]) -> list[tuple[str, float, float, str]]:
    """The table's rows: name, rillet, Gradio, target."""
    R, G = r["rillet"], r["gradio"]
    n = r["yields"]
    return [
        (
            f"{n} yields of 10 rows: bytes/yield (first frame included)",
            R["bytes_per_yield"],
            G["bytes_per_yield"],
            "",
        ),
        (
            "  bytes/yield, last tenth (10 rows into 10,000)",
            R["bytes_per_yield_last_tenth"],
            G["bytes_per_yield_last_tenth"],
            "≤ 1/3, flat",
        ),
        (
            "  server CPU ms/yield",
            R["server_cpu_ms_per_yield"],
            G["server_cpu_ms_per_yield"],
            "lower",
        ),
        (
            "table page at 10,000 rows: main thread ms/update",
            R["table_page"]["main_thread_ms_per_update"],
            G["table_page"]["main_thread_ms_per_update"],
            "≤ 4 ms",
        ),
        (
            "  table: main thread CPU ms/update",
            R["table_page"].get("main_thread_cpu_ms_per_update", float("nan")),
            G["table_page"].get("main_thread_cpu_ms_per_update", float("nan")),
            "lower",
        ),
        (
            "line plot page at 10,000 rows: main thread ms/update",
            R["plot_page"]["main_thread_ms_per_update"],
            G["plot_page"]["main_thread_ms_per_update"],
            "≤ 4 ms",
        ),
        (
            "  line plot: main thread CPU ms/update",
            R["plot_page"].get("main_thread_cpu_ms_per_update", float("nan")),
            G["plot_page"].get("main_thread_cpu_ms_per_update", float("nan")),
            "lower",
        ),
        ("show a 100,000-row frame (ms)", R["show_100k_ms"], G["show_100k_ms"], "lower"),
    ]


def table(r: dict[str, Any]) -> str:
    lines = ["| workload | rillet | Gradio | rillet / Gradio | target |", "|---|---|---|---|---|"]
    for name, rv, gv, target in rows(r):
        ratio = rv / gv if gv else float("nan")
        lines.append(f"| {name} | {rv:,.3g} | {gv:,.3g} | {ratio:.3g} | {target} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--yields", type=int, default=1000, help="yields of 10 rows (≤ 1000)")
    parser.add_argument(
        "--page-yields", type=int, default=100, help="yields measured in the page runs"
    )
    parser.add_argument("--json", help="default: bench/results/dataframe.json")
    parser.add_argument("--only", choices=["rillet", "gradio"], help="one framework only")
    parser.add_argument(
        "--gradio-from", help="Gradio's figures from an earlier run's JSON (with --only rillet)"
    )
    args = parser.parse_args()
    yields = max(1, min(args.yields, FINAL_ROWS // STEP))
    only = (args.only,) if args.only else ("rillet", "gradio")
    results = run(yields, max(1, args.page_yields), only)
    if args.gradio_from:
        results["gradio"] = json.loads(Path(args.gradio_from).read_text())["gradio"]
    out = Path(args.json or HERE / "results" / "dataframe.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    if "rillet" in results and "gradio" in results:
        print(table(results))
    print(f"\nraw figures: {out}")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    if len(sys.argv) > 1 and sys.argv[1] in ("rillet", "gradio"):
        serve(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    else:
        main()
