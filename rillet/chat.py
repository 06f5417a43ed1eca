"""``ChatInterface``: a whole chat app around one function ``fn(message, history)``.

A preset built on :class:`~rillet.blocks.Blocks`, as in Gradio. ``fn`` returns the reply, or
yields the whole reply so far at each step; the reply streams into the chatbot as appends.

    def echo(message, history):
        for i in range(len(message)):
            yield "You typed: " + message[: i + 1]

    gr.ChatInterface(echo).launch()
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

from rillet.blocks import Blocks
from rillet.components import Button, Chatbot, Column, Row, State, Textbox, get_component
from rillet.core.backends import in_process
from rillet.core.spec import as_list

Message = dict[str, Any]


@in_process
def _add_user(message: str | None, history: list[Message]) -> tuple[Any, ...]:
    """Clear the box, show the user's message, keep it for the reply step."""
    text = (message or "").strip()
    if not text:
        return "", history, ""
    return "", [*history, {"role": "user", "content": message}], message


class ChatInterface(Blocks):
    """A chatbot, a message box, Submit/Stop buttons and optional examples and extra
    inputs, all wired to ``fn(message, history, *additional_inputs)``.

    ``history`` is a list of ``{"role", "content"}`` dicts (the turns before ``message``).
    The API endpoint ``/<api_name>`` (default ``/chat``) takes the message (and the
    additional inputs) and returns or streams the reply text.
    """

    def __init__(
        self,
        fn: Callable[..., Any],
        *,
        multimodal: bool = False,
        type: str | None = "messages",
        chatbot: Chatbot | None = None,
        textbox: Textbox | None = None,
        additional_inputs: Any = None,
        additional_inputs_accordion: Any = None,
        additional_outputs: Any = None,
        editable: bool = False,
        examples: list[Any] | None = None,
        example_labels: list[str] | None = None,
        example_icons: Any = None,
        run_examples_on_click: bool = True,
        cache_examples: bool | None = None,
        cache_mode: str | None = None,
        title: str | None = None,
        description: str | None = None,
        flagging_mode: str | None = None,
        flagging_options: Any = None,
        flagging_dir: str | None = None,
        autofocus: bool = True,
        autoscroll: bool = True,
        submit_btn: str | bool | None = True,
        stop_btn: str | bool | None = True,
        concurrency_limit: int | str | None = "default",
        show_progress: str = "minimal",
        fill_height: bool = True,
        fill_width: bool = False,
        api_name: str = "chat",
        api_description: str | None = None,
        api_visibility: str = "public",
        save_history: bool = False,
        **blocks_options: Any,
    ) -> None:
        super().__init__(
            mode="chat_interface",
            title=title or "Gradio",
            fill_height=fill_height,
            fill_width=fill_width,
            **blocks_options,
        )
        self.fn = fn
        self.multimodal = multimodal
        self.settings.description = description
        self.examples = [_example_text(e) for e in examples or []]
        self.example_labels = example_labels
        self.additional_inputs = [
            get_component(c, render=False) for c in as_list(additional_inputs)
        ]
        self.additional_outputs = as_list(additional_outputs)
        self.chatbot = chatbot or Chatbot(
            label="Chatbot", height=400, render=False, autoscroll=autoscroll
        )
        self.textbox = textbox or Textbox(
            show_label=False,
            placeholder="Type a message...",
            lines=1,
            scale=7,
            autofocus=autofocus,
            render=False,
        )
        with self:
            self._layout(submit_btn, stop_btn)
            self._wire(
                concurrency_limit=concurrency_limit,
                show_progress=show_progress,
                api_name=api_name,
                api_visibility=api_visibility,
            )

    def _layout(self, submit: str | bool | None, stop: str | bool | None) -> None:
        with Column():
            self.chatbot.render()
            self.example_buttons = []
            if self.examples:
                with Row():
                    labels = self.example_labels or self.examples
                    self.example_buttons = [
                        Button(str(label), size="sm", variant="secondary") for label in labels
                    ]
            with Row():
                self.textbox.render()
                self.submit_btn = (
                    Button(_label(submit, "Submit"), variant="primary", scale=1, min_width=100)
                    if submit
                    else None
                )
                self.stop_btn = (
                    Button(
                        _label(stop, "Stop"), variant="stop", visible=False, scale=1, min_width=100
                    )
                    if stop
                    else None
                )
            if self.additional_inputs:
                with Column(variant="panel"):
                    for component in self.additional_inputs:
                        component.render()
            self.saved_message = State()
            self.api_response = Textbox(visible=False, label="Response")

    def _wire(
        self, *, concurrency_limit: Any, show_progress: str, api_name: str, api_visibility: str
    ) -> None:
        spec = self.spec
        triggers: list[tuple[Textbox | Button, str]] = [(self.textbox, "submit")]
        if self.submit_btn is not None:
            triggers.append((self.submit_btn, "click"))
        added = spec.listen(
            triggers,
            _add_user,
            [self.textbox, self.chatbot],
            [self.textbox, self.chatbot, self.saved_message],
            api_name=False,
            show_progress="hidden",
        )
        responses = [self._respond_after(added, concurrency_limit, show_progress)]
        for button, text in zip(self.example_buttons, self.examples, strict=False):
            picked = spec.listen(
                [(button, "click")],
                _picker(text),
                [self.chatbot],
                [self.textbox, self.chatbot, self.saved_message],
                api_name=False,
                show_progress="hidden",
            )
            responses.append(self._respond_after(picked, concurrency_limit, show_progress))
        self.respond_event = responses[0]
        if self.stop_btn is not None:
            spec.listen([(self.stop_btn, "click")], None, cancels=responses)
        self.api_event = spec.listen(
            [],
            self._api_fn(),
            [self.textbox, *self.additional_inputs],
            [self.api_response, *self.additional_outputs],
            api_name=api_name,
            api_visibility=api_visibility,
            concurrency_limit=concurrency_limit,
        )

    def _respond_after(self, first: Any, concurrency_limit: Any, show_progress: str) -> Any:
        swap = None
        if self.submit_btn is not None and self.stop_btn is not None:
            swap = {"running_swap": [self.submit_btn._id, self.stop_btn._id]}
        event = first.then(
            self._respond_fn(),
            [self.saved_message, self.chatbot, *self.additional_inputs],
            [self.chatbot, *self.additional_outputs],
            api_name=False,
            frontend=swap,
            concurrency_limit=concurrency_limit,
            concurrency_id=f"chat-{id(self)}",
            show_progress=show_progress,
        )
        return event

    _add_user = staticmethod(_add_user)

    def _respond_fn(self) -> Callable[..., Any]:
        """The reply step: a sync generator for a sync ``fn``, an async one otherwise.
        (It holds ``fn`` and plain values, not the interface: with ``backend="ray"`` it is
        what travels to the worker.)"""
        fn, n, multimodal = self.fn, len(self.additional_outputs), self.multimodal

        def prepare(message: Any, history: list[Message]) -> list[Message] | None:
            if not message:
                return None
            last = history[-1] if history else {}
            if last.get("role") == "user" and last.get("content") == message:
                return history[:-1]
            return history

        def show(history: list[Message], result: Any) -> Any:
            reply, outputs = _split(result, n)
            return _with_extra([*history, *_as_messages(reply)], outputs, n)

        if _is_async(fn):

            async def respond_async(
                message: Any, history: list[Message], *extra: Any
            ) -> AsyncIterator[Any]:
                before = prepare(message, history)
                if before is None:
                    yield _with_extra(history, None, n)
                    return
                async for result in _steps_async(fn, _args(multimodal, message, before, extra)):
                    yield show(history, result)

            return respond_async

        def respond(message: Any, history: list[Message], *extra: Any) -> Iterator[Any]:
            before = prepare(message, history)
            if before is None:
                yield _with_extra(history, None, n)
                return
            for result in _steps(fn, _args(multimodal, message, before, extra)):
                yield show(history, result)

        return respond

    def _api_fn(self) -> Callable[..., Any]:
        """The ``/chat`` endpoint: the reply as text, streamed when ``fn`` yields."""
        fn, n, multimodal = self.fn, len(self.additional_outputs), self.multimodal

        def text(result: Any) -> Any:
            reply, outputs = _split(result, n)
            return _with_extra(_reply_text(reply), outputs, n)

        if _is_async(fn):

            async def chat_async(message: Any, *extra: Any) -> AsyncIterator[Any]:
                async for result in _steps_async(fn, _args(multimodal, message, [], extra)):
                    yield text(result)

            return chat_async

        def chat(message: Any, *extra: Any) -> Iterator[Any]:
            for result in _steps(fn, _args(multimodal, message, [], extra)):
                yield text(result)

        return chat


def _args(
    multimodal: bool, message: Any, history: list[Message], extra: tuple[Any, ...]
) -> list[Any]:
    arg = {"text": message or "", "files": []} if multimodal else (message or "")
    return [arg, history, *extra]


def _is_async(fn: Callable[..., Any]) -> bool:
    while hasattr(fn, "func"):
        fn = fn.func
    return inspect.iscoroutinefunction(fn) or inspect.isasyncgenfunction(fn)


def _steps(fn: Callable[..., Any], args: list[Any]) -> Iterator[Any]:
    """Each result of a sync ``fn``: its yields, or its return value. Closing this closes
    ``fn``'s generator (``yield from``)."""
    result = fn(*args)
    if inspect.isgenerator(result):
        yield from result
    else:
        yield result


async def _steps_async(fn: Callable[..., Any], args: list[Any]) -> AsyncIterator[Any]:
    """Each result of an async ``fn``; its generator is closed when this one is."""
    result = fn(*args)
    if inspect.isawaitable(result):
        yield await result
        return
    try:
        async for item in result:
            yield item
    finally:
        await result.aclose()


def _picker(text: str) -> Callable[[list[Message]], tuple[Any, ...]]:
    @in_process
    def pick(history: list[Message]) -> tuple[Any, ...]:
        return "", [*history, {"role": "user", "content": text}], text

    return pick


def _split(result: Any, n_extra: int) -> tuple[Any, list[Any]]:
    """(reply, additional output values) of one result of ``fn``."""
    if n_extra and isinstance(result, tuple):
        return result[0], list(result[1 : 1 + n_extra])
    return result, []


def _with_extra(value: Any, outputs: list[Any] | None, n_extra: int) -> Any:
    if not n_extra:
        return value
    values = list(outputs or [])
    values += [{"__type__": "update"}] * (n_extra - len(values))
    return (value, *values)


def _as_messages(reply: Any) -> list[Message]:
    """``fn``'s reply as assistant messages (a string, a message dict, or a list of them)."""
    if reply is None:
        return [{"role": "assistant", "content": ""}]
    if isinstance(reply, dict):
        return [{"role": "assistant", **reply}]
    if isinstance(reply, (list, tuple)):
        return [m for r in reply for m in _as_messages(r)]
    if hasattr(reply, "content"):
        return [{"role": getattr(reply, "role", "assistant"), "content": reply.content}]
    return [{"role": "assistant", "content": str(reply)}]


def _reply_text(reply: Any) -> str:
    """The text of a reply, for API clients."""
    parts = []
    for message in _as_messages(reply):
        content = message.get("content")
        parts.append(content if isinstance(content, str) else str(content))
    return "\n\n".join(parts)


def _example_text(example: Any) -> str:
    if isinstance(example, dict):
        return str(example.get("text", ""))
    if isinstance(example, (list, tuple)):
        return str(example[0]) if example else ""
    return str(example)


def _label(value: str | bool | None, default: str) -> str:
    return value if isinstance(value, str) else default
