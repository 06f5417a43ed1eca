"""gr.Examples without a server: Gradio's signature, how samples are read, which events
are made (and their names and visibility, as Gradio's), the cache and its settings."""

from __future__ import annotations

import inspect
import warnings

import pytest

import rillet as gr
from rillet.examples import Examples

GRADIO_SIGNATURE = [
    "examples",
    "inputs",
    "outputs",
    "fn",
    "cache_examples",
    "cache_mode",
    "examples_per_page",
    "_api_mode",
    "label",
    "elem_id",
    "run_on_click",
    "preprocess",
    "postprocess",
    "api_visibility",
    "api_name",
    "api_description",
    "batch",
    "example_labels",
    "visible_columns",
    "visible",
    "preload",
]


def test_signature_is_gradios():
    params = inspect.signature(Examples.__init__).parameters
    assert list(params)[1:] == GRADIO_SIGNATURE
    assert params["examples_per_page"].default == 10
    assert params["label"].default is None  # the page shows "Examples"
    assert params["run_on_click"].default is False
    assert params["api_name"].default == "load_example"
    assert params["api_visibility"].default == "undocumented"
    assert params["preload"].default == 0


def build(*args, **kwargs):
    with gr.Blocks() as demo:
        name = gr.Textbox(label="Name")
        num = gr.Number(label="N")
        out = gr.Textbox(label="Out")
        ex = Examples(*args, inputs=[name, num], outputs=out, **kwargs)
    return demo, ex, (name, num, out)


def greet(name, n):
    return f"Hello {name} x{n}"


def test_dataset_holds_the_samples_as_tuples():
    demo, ex, (name, num, _) = build([["Ann", 1], ["Bob", 2]], examples_per_page=5)
    props = ex.dataset.get_config()
    assert props["samples"] == [["Ann", 1], ["Bob", 2]]
    assert props["type"] == "tuple"
    assert props["samples_per_page"] == 5
    assert props["headers"] == ["Name", "N"]
    assert props["component_ids"] == [name._id, num._id]
    assert ex.dataset._id in demo.blocks


def test_click_loads_the_sample_like_gradio():
    demo, ex, (name, num, _) = build([["Ann", 1], ["Bob", 2]])
    (dep,) = demo.dependencies
    assert dep.targets == [(ex.dataset._id, "click")]
    assert dep.api_name == "load_example"
    assert dep.api_visibility == "undocumented"
    assert dep.queue is False and dep.show_progress == "hidden"
    assert [b._id for b in dep.outputs] == [name._id, num._id]
    assert dep.fn(ex.dataset.preprocess(1)) == (
        {"__type__": "update", "value": "Bob"},
        {"__type__": "update", "value": 2},
    )


def test_run_on_click_runs_fn_after_loading():
    demo, _ex, (_, _, out) = build([["Ann", 1]], fn=greet, run_on_click=True)
    load, run = demo.dependencies
    assert run.trigger_after == load.id and run.fn is greet
    assert run.api_visibility == "undocumented"
    assert run.outputs == [out]


def test_run_on_click_needs_fn():
    with pytest.raises(ValueError, match="run_on_click"):
        build([["Ann", 1]], run_on_click=True)


def test_a_flat_list_is_one_input():
    with gr.Blocks():
        box = gr.Textbox()
        ex = Examples(["a", "b"], box)
    assert ex.examples == [["a"], ["b"]]
    assert ex.dataset.raw_samples == [["a"], ["b"]]


def test_a_flat_list_for_several_inputs_is_an_error():
    with pytest.raises(ValueError, match="nested"):
        build(["a", "b"])


def test_columns_without_values_are_left_out():
    demo, ex, (name, _, _) = build([["Ann", None], ["Bob", None]])
    assert ex.dataset.get_config()["samples"] == [["Ann"], ["Bob"]]
    (dep,) = demo.dependencies
    assert dep.outputs == [name]
    assert dep.fn((0, ["Ann"])) == {"__type__": "update", "value": "Ann"}


def test_visible_columns_hide_a_column_but_load_it():
    demo, ex, _ = build([["Ann", 1]], visible_columns=[0])
    assert ex.dataset.get_config()["samples"] == [["Ann"]]
    (dep,) = demo.dependencies
    assert dep.fn(ex.dataset.preprocess(0)) == (
        {"__type__": "update", "value": "Ann"},
        {"__type__": "update", "value": 1},
    )
    with pytest.raises(ValueError, match="visible_columns"):
        build([["Ann", 1]], visible_columns=[5])


def test_example_labels_are_the_cards_and_must_match():
    _, ex, _ = build([["Ann", 1], ["Bob", 2]], example_labels=["first", "second"])
    assert ex.dataset.get_config()["sample_labels"] == ["first", "second"]
    with pytest.raises(ValueError, match="example_labels"):
        build([["Ann", 1]], example_labels=["a", "b"])


def test_a_directory_of_files_for_one_input(tmp_path):
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a.txt").write_text("a")
    with gr.Blocks():
        f = gr.File()
        ex = Examples(str(tmp_path), f)
    assert ex.examples == [[str(tmp_path / "a.txt")], [str(tmp_path / "b.txt")]]


def test_a_directory_with_a_log_for_several_inputs(tmp_path):
    (tmp_path / "cat.txt").write_text("meow")
    (tmp_path / "log.csv").write_text("name,file,output\nAnn,cat.txt,x\n")
    with gr.Blocks():
        box, f = gr.Textbox(), gr.File()
        ex = Examples(str(tmp_path), [box, f])
    assert ex.examples == [["Ann", str(tmp_path / "cat.txt")]]
    with pytest.raises(FileNotFoundError):
        Examples(str(tmp_path / "missing"), box)


def test_outside_blocks_warns():
    with pytest.warns(UserWarning, match="outside"):
        ex = Examples([["a"]], gr.Textbox(render=False))
    assert ex.load_input_event is None


def test_cached_outputs_are_computed_once_when_made():
    calls = []

    def fn(name, n):
        calls.append(name)
        return f"{name}:{n}"

    demo, ex, (_name, _num, _out) = build([["Ann", 1], ["Bob", 2]], fn=fn, cache_examples=True)
    assert calls == ["Ann", "Bob"]  # at build, eagerly
    load_input, load_output, preload_in, preload_out = demo.dependencies
    assert load_input.api_name == "load_example_input" and load_input.queue is False
    assert load_output.api_name == "load_example" and load_output.trigger_after == load_input.id
    assert load_output.api_visibility == "undocumented"
    assert load_input.fn(ex.dataset.preprocess(1)) == ("Bob", 2)
    assert load_output.fn(ex.dataset.preprocess(1)) == "Bob:2"
    # Gradio's preload: the page opens with the first example and its output
    assert preload_in.targets == [(demo.spec.root_id, "load")]
    assert preload_out.fn() == "Ann:1"
    assert calls == ["Ann", "Bob"]


def test_lazy_cache_computes_on_first_use():
    calls = []

    def fn(name, n):
        calls.append(name)
        return name

    demo, ex, _ = build([["Ann", 1], ["Bob", 2]], fn=fn, cache_examples=True, cache_mode="lazy")
    assert calls == [] and ex.cache_examples == "lazy"
    assert len(demo.dependencies) == 2  # no preload when lazy
    load_output = demo.dependencies[1]
    assert load_output.fn((1, ["Bob", 2])) == "Bob"
    assert load_output.fn((1, ["Bob", 2])) == "Bob"
    assert calls == ["Bob"]


def test_a_generators_yields_are_replayed_in_order():
    def fn(name, n):
        for i in range(int(n)):
            yield f"{name}{i}"

    demo, _ex, _ = build([["Ann", 3]], fn=fn, cache_examples=True)
    load_output = demo.dependencies[1]
    assert load_output.generator
    assert list(load_output.fn((0, ["Ann", 3]))) == ["Ann0", "Ann1", "Ann2"]


def test_async_functions_are_cached():
    async def fn(name, n):
        return name.upper()

    demo, _, _ = build([["Ann", 1]], fn=fn, cache_examples=True)
    assert demo.dependencies[1].fn((0, ["Ann", 1])) == "ANN"


def test_async_functions_are_cached_inside_a_running_loop():
    """As in Jupyter, where an event loop runs in the main thread."""
    import asyncio
    import concurrent.futures

    async def fn(name, n):
        return name.upper()

    async def make():
        return build([["Ann", 1]], fn=fn, cache_examples=True)

    # a thread of its own: this test may run after the browser tests, whose driver keeps
    # a loop running in the main thread
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        demo, _, _ = pool.submit(asyncio.run, make()).result()
    assert demo.dependencies[1].fn((0, ["Ann", 1])) == "ANN"


def test_inputs_reach_fn_preprocessed(tmp_path):
    from PIL import Image

    path = tmp_path / "red.png"
    Image.new("RGB", (4, 3), (255, 0, 0)).save(path)
    seen = []

    def fn(image):
        seen.append(image.shape)
        return "ok"

    with gr.Blocks():
        img = gr.Image(type="numpy")
        out = gr.Textbox()
        Examples([[str(path)]], img, out, fn=fn, cache_examples=True)
    assert seen == [(3, 4, 3)]


def test_batch_functions_get_lists():
    def fn(names, ns):
        return [[n.upper() for n in names]]

    demo, _, _ = build([["Ann", 1]], fn=fn, cache_examples=True, batch=True)
    assert demo.dependencies[1].fn((0, ["Ann", 1])) == "ANN"


def test_cache_setting_from_the_environment(monkeypatch):
    monkeypatch.setenv("GRADIO_CACHE_EXAMPLES", "true")
    monkeypatch.setenv("GRADIO_CACHE_MODE", "lazy")
    _, ex, _ = build([["Ann", 1]], fn=greet)
    assert ex.cache_examples == "lazy"
    _, ex, _ = build([["Ann", 1]])  # no fn: nothing to cache
    assert ex.cache_examples is False
    monkeypatch.setenv("GRADIO_CACHE_EXAMPLES", "false")
    _, ex, _ = build([["Ann", 1]], fn=greet)
    assert ex.cache_examples is False


def test_cache_needs_fn_and_outputs():
    with pytest.raises(ValueError, match="`fn` and `outputs`"):
        build([["Ann", 1]], cache_examples=True)
    with pytest.raises(ValueError, match="True or False"):
        build([["Ann", 1]], fn=greet, cache_examples="yes")


def test_unhonoured_arguments_warn():
    with pytest.warns(UserWarning, match="api_description"):
        build([["Ann", 1]], api_description="loads")
    with pytest.warns(UserWarning, match="postprocess"):
        build([["Ann", 1]], postprocess=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        build([["Ann", 1]], fn=greet, run_on_click=True, label="Try", elem_id="ex")


# -- Interface and ChatInterface -------------------------------------------------------


def test_interface_examples_draw_a_dataset():
    demo = gr.Interface(greet, ["text", "number"], "text", examples=[["Ann", 1]])
    handler = demo.examples_handler
    assert handler is not None
    assert handler.dataset._id in demo.blocks
    assert handler.inputs == demo.input_components
    assert not handler.run_on_click  # as Gradio's Interface: a click only fills the inputs


def test_interface_signature_has_gradios_example_arguments():
    params = list(inspect.signature(gr.Interface.__init__).parameters)
    start = params.index("examples")
    assert params[start : start + 6] == [
        "examples",
        "cache_examples",
        "cache_mode",
        "examples_per_page",
        "example_labels",
        "preload_example",
    ]


def test_interface_cached_examples():
    calls = []

    def fn(x):
        calls.append(x)
        return x * 2

    demo = gr.Interface(fn, "number", "number", examples=[1, 2], cache_examples=True)
    assert calls == [1.0, 2.0] or calls == [1, 2]
    assert demo.examples_handler.dataset.get_config()["samples"] == [[1], [2]]


def test_interface_with_state_does_not_cache():
    def fn(x, state):
        return x, state

    with pytest.warns(UserWarning, match="state"):
        demo = gr.Interface(
            fn, ["text", "state"], ["text", "state"], examples=[["a"]], cache_examples=True
        )
    assert demo.examples_handler.cache_examples is False


def test_chat_example_buttons_send_or_fill():
    def echo(message, history):
        return message

    chat = gr.ChatInterface(echo, examples=["hi", "yo"], example_labels=["Hi!", "Yo!"])
    assert [b.value for b in chat.example_buttons] == ["Hi!", "Yo!"]
    filled = gr.ChatInterface(echo, examples=["hi"], run_examples_on_click=False)
    fill = [
        d for d in filled.dependencies if d.targets == [(filled.example_buttons[0]._id, "click")]
    ]
    assert fill[0].fn() == "hi" and fill[0].outputs == [filled.textbox]


def test_chat_cached_examples_replay_the_reply():
    calls = []

    def stream(message, history):
        calls.append(message)
        yield "a"
        yield "ab"

    chat = gr.ChatInterface(stream, examples=["hi"], cache_examples=True)
    assert calls == ["hi"]
    (dep,) = [d for d in chat.dependencies if d.targets == [(chat.example_buttons[0]._id, "click")]]
    shown = list(dep.fn([]))
    assert shown[-1] == [
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": "ab"},
    ]
    assert len(shown) == 2 and calls == ["hi"]


def test_chat_example_icons_and_files_warn():
    with pytest.warns(UserWarning, match="example_icons"):
        gr.ChatInterface(lambda m, h: m, examples=["hi"], example_icons=["a.png"])
    with pytest.warns(UserWarning, match="files of multimodal examples"):
        gr.ChatInterface(lambda m, h: m, examples=[{"text": "hi", "files": ["a.png"]}])


def test_chat_examples_with_additional_inputs_are_a_table():
    def fn(message, history, temperature):
        return f"{message}@{temperature}"

    chat = gr.ChatInterface(
        fn,
        additional_inputs=[gr.Slider(0, 1, value=0.5)],
        examples=[["hi", 0.2]],
        examples_label="Try",
    )
    handler = chat.examples_handler
    assert handler is not None and chat.example_buttons == []
    assert handler.dataset.get_config()["label"] == "Try"
    assert handler.inputs[0] is chat.textbox


def test_samples_with_files_get_previews_on_page_load(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("hi")
    with gr.Blocks() as demo:
        f = gr.File()
        ex = Examples([[str(path)]], f)
    _load, preview = demo.dependencies
    assert preview.targets == [(demo.spec.root_id, "load")]
    assert preview.api_visibility == "private" and preview.queue is False
    assert preview.outputs == [ex.dataset]
    update = preview.fn()
    assert update["samples"] == [[str(path)]]
    processed = ex.dataset.prepare_update(update)["samples"][0][0]
    assert str(processed.path) == str(path)  # a file the server stores and serves


def test_text_samples_need_no_preview_event():
    demo, _, _ = build([["Ann", 1]])
    assert len(demo.dependencies) == 1


def test_chat_table_examples_cache_an_async_reply():
    async def fn(message, history, temperature):
        return f"{message}@{temperature}"

    chat = gr.ChatInterface(
        fn,
        additional_inputs=[gr.Slider(0, 1, value=0.5)],
        examples=[["hi", 0.2]],
        cache_examples=True,
    )
    (shown,) = chat.examples_handler.load_from_cache(0)
    assert shown == [
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": "hi@0.2"},
    ]
