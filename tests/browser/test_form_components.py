"""CheckboxGroup, ColorPicker, DateTime, Timer and ClearButton on the page, in real Chromium:
what the user does reaches the functions, and what the functions return is shown."""

from __future__ import annotations

from datetime import datetime

import pytest

import rillet as gr
from rillet.testing import serve

from .conftest import open_app


def selected(evt: gr.SelectData):
    return {"index": evt.index, "value": evt.value, "selected": evt.selected}


def bump(state):
    return state + 1


@pytest.fixture(scope="module")
def form_app():
    with gr.Blocks() as demo:
        group = gr.CheckboxGroup(
            ["a", ("Bee", "b"), "c"], label="Letters", elem_id="cg", show_select_all=True
        )
        chosen = gr.JSON(elem_id="chosen")
        picked = gr.JSON(elem_id="picked")
        group.change(lambda v: {"v": v}, group, chosen)
        group.select(selected, None, picked)
        gr.Button("Choose c", elem_id="choose").click(lambda: ["c"], None, group)

        color = gr.ColorPicker("#112233", label="Colour", elem_id="cp")
        color_out = gr.Textbox(elem_id="cp-out")
        focus_out = gr.Textbox(elem_id="cp-focus")
        color.submit(lambda c: f"submitted {c}", color, color_out)
        color.blur(lambda: "blurred", None, focus_out)
        gr.Button("Paint", elem_id="paint").click(lambda: "#abcdef", None, color)

        when = gr.DateTime(label="When", elem_id="dt")
        when_out = gr.Number(elem_id="dt-out")
        when_sub = gr.Textbox(elem_id="dt-sub")
        when.change(lambda t: t, when, when_out)
        when.submit(lambda: "submitted", None, when_sub)

        text = gr.Textbox("hello", elem_id="tb", interactive=True)
        state = gr.State(5)
        state_out = gr.Textbox(elem_id="state-out")
        gr.Button("Bump", elem_id="bump").click(bump, state, state).then(str, state, state_out)
        gr.Button("Read", elem_id="read").click(str, state, state_out)
        gr.ClearButton([text, group, state], elem_id="clear")
    with serve(demo) as url:
        yield url


@pytest.fixture(scope="module")
def timer_app():
    with gr.Blocks() as demo:
        timer = gr.Timer(0.2, active=False)
        count = gr.Number(0, elem_id="count")
        timer.tick(lambda n: n + 1, count, count)
        gr.Button("Start", elem_id="start").click(lambda: gr.Timer(active=True), None, timer)
        gr.Button("Stop", elem_id="stop").click(lambda: gr.update(active=False), None, timer)
        gr.Button("Slow", elem_id="slow").click(lambda: 5, None, timer)
        echo = gr.Textbox(elem_id="echo")
        gr.Button("Echo", elem_id="echo-btn").click(lambda: "pong", None, echo)
        gr.DuplicateButton(elem_id="dup")
        with pytest.warns(UserWarning, match="not supported by rillet"):
            gr.LoginButton(elem_id="login")
    with serve(demo) as url:
        yield url


def json_of(page, elem_id):
    return page.locator(f"#{elem_id}").inner_text()


def wait_idle(page):
    page.wait_for_function("document.body.dataset.rilletRunning === '0'")


def field(page, elem_id):
    return page.locator(f"#{elem_id} [data-testid=textbox]").first


# --- CheckboxGroup -----------------------------------------------------------------------------


def test_ticking_boxes_sends_the_values_and_select_data(page, form_app):
    open_app(page, form_app)
    page.locator("#cg label.rillet-chip", has_text="Bee").locator("input").check()
    page.wait_for_function("document.querySelector('#chosen').innerText.includes('b')")
    page.locator("#cg label.rillet-chip", has_text="c").locator("input").check()
    page.wait_for_function(
        "(() => { const t = document.querySelector('#chosen').innerText;"
        " return t.includes('b') && t.includes('c'); })()"
    )
    wait_idle(page)
    assert '"index": 2' in json_of(page, "picked") or '"index":2' in json_of(page, "picked")
    page.locator("#cg label.rillet-chip", has_text="Bee").locator("input").uncheck()
    page.wait_for_function("!document.querySelector('#chosen').innerText.includes('\"b\"')")
    wait_idle(page)
    picked = json_of(page, "picked").replace(" ", "")
    assert '"selected":false' in picked and '"value":"b"' in picked and '"index":1' in picked


def test_select_all_and_a_returned_value_tick_the_boxes(page, form_app):
    open_app(page, form_app)
    page.locator("#cg [data-testid=checkboxgroup-all]").check()
    page.wait_for_function(
        "['a', 'b', 'c'].every((x) => document.querySelector('#chosen').innerText"
        ".includes(JSON.stringify(x)))"
    )
    page.click("#choose")
    page.wait_for_function(
        "[...document.querySelectorAll('#cg .rillet-chip input')].map((i) => i.checked)"
        ".join() === 'false,false,true'"
    )
    all_box = page.locator("#cg [data-testid=checkboxgroup-all]")
    assert all_box.evaluate("e => e.indeterminate") is True


# --- ColorPicker -------------------------------------------------------------------------------


def test_a_typed_hex_code_is_submitted(page, form_app):
    open_app(page, form_app)
    swatch = page.locator("#cp [data-testid=colorpicker-swatch]")
    assert swatch.input_value() == "#112233"
    hex_box = page.locator("#cp [data-testid=colorpicker-hex]")
    hex_box.fill("#F80")
    hex_box.press("Enter")
    page.wait_for_function(
        "document.querySelector('#cp-out [data-testid=textbox]').value === 'submitted #ff8800'"
    )
    assert swatch.input_value() == "#ff8800"
    page.click("#paint")  # also moves focus out of the picker
    page.wait_for_function(
        "document.querySelector('#cp [data-testid=colorpicker-swatch]').value === '#abcdef'"
    )
    assert hex_box.input_value() == "#abcdef"
    page.wait_for_function(
        "document.querySelector('#cp-focus [data-testid=textbox]').value === 'blurred'"
    )


def test_a_bad_hex_code_is_marked_and_not_taken(page, form_app):
    open_app(page, form_app)
    hex_box = page.locator("#cp [data-testid=colorpicker-hex]")
    hex_box.fill("#12")
    assert "rillet-invalid" in (hex_box.get_attribute("class") or "")
    hex_box.press("Enter")
    page.wait_for_function(
        "document.querySelector('#cp-out [data-testid=textbox]').value === 'submitted #112233'"
    )
    assert hex_box.input_value() == "#112233"


# --- DateTime ----------------------------------------------------------------------------------


def test_a_typed_date_reaches_the_function_as_a_timestamp(page, form_app):
    open_app(page, form_app)
    box = page.locator("#dt [data-testid=datetime-input]")
    box.fill("2024-05-06 07:08:09")
    box.press("Enter")
    expected = datetime(2024, 5, 6, 7, 8, 9).timestamp()
    page.wait_for_function(f"Number(document.querySelector('#dt-out input').value) === {expected}")
    page.wait_for_function(
        "document.querySelector('#dt-sub [data-testid=textbox]').value === 'submitted'"
    )


def test_now_minus_an_offset_is_resolved_by_the_server(page, form_app):
    open_app(page, form_app)
    box = page.locator("#dt [data-testid=datetime-input]")
    before = datetime.now().timestamp() - 7200
    box.fill("now - 2h")
    box.press("Enter")
    page.wait_for_function(f"Number(document.querySelector('#dt-out input').value) >= {before - 1}")
    after = datetime.now().timestamp() - 7200
    assert float(page.locator("#dt-out input").input_value()) <= after + 1


def test_text_that_is_not_a_date_is_marked_and_not_sent(page, form_app):
    open_app(page, form_app)
    box = page.locator("#dt [data-testid=datetime-input]")
    box.fill("2024-05-06 07:08:09")
    box.press("Enter")
    page.wait_for_function("document.querySelector('#dt-out input').value !== ''")
    wait_idle(page)
    shown = page.locator("#dt-out input").input_value()
    box.fill("next tuesday")
    assert "rillet-invalid" in (box.get_attribute("class") or "")
    box.press("Enter")  # submit still fires (as in Gradio); change does not
    page.wait_for_function(
        "document.querySelector('#dt-sub [data-testid=textbox]').value === 'submitted'"
    )
    wait_idle(page)
    assert page.locator("#dt-out input").input_value() == shown


def test_the_calendar_picker_fills_the_box(page, form_app):
    open_app(page, form_app)
    assert page.locator("#dt [data-testid=datetime-open]").is_visible()
    page.locator("#dt .rillet-datetime-picker").evaluate(
        "e => { e.value = '2024-01-02T03:04:05'; e.dispatchEvent(new Event('change')); }"
    )
    assert page.locator("#dt [data-testid=datetime-input]").input_value() == ("2024-01-02 03:04:05")
    expected = datetime(2024, 1, 2, 3, 4, 5).timestamp()
    page.wait_for_function(f"Number(document.querySelector('#dt-out input').value) === {expected}")


# --- ClearButton -------------------------------------------------------------------------------


def test_clear_button_empties_its_components_and_resets_state(page, form_app):
    open_app(page, form_app)
    page.locator("#cg label.rillet-chip", has_text="a").first.locator("input").check()
    page.click("#bump")
    page.wait_for_function(
        "document.querySelector('#state-out [data-testid=textbox]').value === '6'"
    )
    assert field(page, "tb").input_value() == "hello"
    clear = page.locator("#clear button")
    assert clear.inner_text() == "Clear"
    clear.click()
    page.wait_for_function("document.querySelector('#tb [data-testid=textbox]').value === ''")
    page.wait_for_function(
        "[...document.querySelectorAll('#cg .rillet-chip input')].every((i) => !i.checked)"
    )
    wait_idle(page)
    page.click("#read")
    page.wait_for_function(
        "document.querySelector('#state-out [data-testid=textbox]').value === '5'"
    )


# --- Timer -------------------------------------------------------------------------------------


def test_timer_ticks_while_active_and_follows_updates(page, timer_app):
    open_app(page, timer_app)
    timer = page.locator("[data-rillet-type=timer]")
    assert timer.is_hidden()
    assert timer.get_attribute("data-active") == "false"
    page.click("#start")
    page.wait_for_function(
        "document.querySelector('[data-rillet-type=timer]').dataset.active === 'true'"
    )
    page.wait_for_function("Number(document.querySelector('#count input').value) >= 3")
    page.click("#stop")
    page.wait_for_function(
        "document.querySelector('[data-rillet-type=timer]').dataset.active === 'false'"
    )
    wait_idle(page)
    stopped = page.locator("#count input").input_value()
    # a full round trip later, no tick has run
    page.click("#echo-btn")
    page.wait_for_function("document.querySelector('#echo [data-testid=textbox]').value === 'pong'")
    wait_idle(page)
    assert page.locator("#count input").input_value() == stopped
    page.click("#slow")
    page.wait_for_function(
        "document.querySelector('[data-rillet-type=timer]').dataset.interval === '5'"
    )


# --- DuplicateButton, LoginButton --------------------------------------------------------------


def test_space_buttons_are_drawn_as_hugging_face_buttons(page, timer_app):
    open_app(page, timer_app)
    dup = page.locator("#dup button")
    assert dup.inner_text() == "Duplicate Space"
    assert "rillet-btn-huggingface" in (dup.get_attribute("class") or "")
    assert "rillet-btn-sm" in (dup.get_attribute("class") or "")
    login = page.locator("#login button")
    assert login.inner_text() == "Sign in with Hugging Face"
    assert "rillet-btn-huggingface" in (login.get_attribute("class") or "")
    # outside a Space neither does anything: a click starts no event (a run would be
    # counted synchronously in the click) and opens no page
    dup.click()
    login.click()
    assert page.evaluate("() => document.body.dataset.rilletRunning") == "0"
    assert len(page.context.pages) == 1
