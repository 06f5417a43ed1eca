"""``ChatInterface``: a whole chat app around one function ``fn(message, history)``.

A preset built on :class:`~rillet.blocks.Blocks`, as in Gradio. ``fn`` returns the reply, or
yields the whole reply so far at each step; the reply streams into the chatbot as appends.

    def echo(message, history):
        for i in range(len(message)):
            yield "You typed: " + message[: i + 1]

    gr.ChatInterface(echo).launch()
"""

from __future__ import annotations

import csv
import datetime
import inspect
import json
import os
import threading
import warnings
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any, Literal

from rillet.blocks import Blocks
from rillet.components import (
    JSON,
    Accordion,
    Button,
    Chatbot,
    Column,
    Dataset,
    Row,
    State,
    Textbox,
    get_component,
)
from rillet.components._common import warn_unhonoured
from rillet.components.base import Component
from rillet.components.chatbot import parts_text
from rillet.core.backends import in_process
from rillet.core.eventdata import EditData, LikeData, SelectData
from rillet.core.progress import Progress
from rillet.core.request import server_parameters
from rillet.core.spec import as_list
from rillet.examples import _cache_setting, _results

Message = dict[str, Any]


@in_process
def _add_user(message: str | None, history: list[Message]) -> tuple[Any, ...]:
    """Clear the box, show the user's message, keep it for the reply step."""
    text = (message or "").strip()
    if not text:
        return "", history, ""
    return "", [*history, {"role": "user", "content": message}], message


@in_process
def _add_user_multimodal(message: dict[str, Any] | None, history: list[Message]) -> tuple[Any, ...]:
    """Multimodal: empty the box, show the message as one user message, its files and then
    its text (as Gradio 6 does), keep ``{"text", "files"}`` for the reply step."""
    text, files = _text_and_files(message)
    if not text.strip() and not files:
        return None, history, None
    return None, [*history, _user_message(text, files)], {"text": text, "files": files}


def _user_message(text: str, files: list[str]) -> Message:
    """A multimodal user message as Gradio 6 adds it: its files, then its text (if any)."""
    content: list[Any] = [{"path": f} for f in files]
    if text:
        content.append(text)
    return {"role": "user", "content": content}


def _text_and_files(message: Any) -> tuple[str, list[str]]:
    """A multimodal message's text and file paths (a string is text alone)."""
    if isinstance(message, dict):
        files = [
            str(f.get("path") if isinstance(f, dict) else f) for f in message.get("files") or []
        ]
        return str(message.get("text") or ""), files
    return str(message or ""), []


def _multimodal_box(textbox: Any, autofocus: bool) -> Any:
    """The message box of a multimodal chat: the app's ``MultimodalTextbox`` or a new one;
    its own submit/stop buttons are off (the chat draws its Submit and Stop buttons)."""
    from rillet.components.multimodaltextbox import MultimodalTextbox

    box = textbox or MultimodalTextbox(
        label="",
        show_label=False,
        placeholder="Type a message...",
        scale=7,
        autofocus=autofocus,
        file_count="multiple",
        render=False,
    )
    box.submit_btn, box.stop_btn = False, False
    return box


def _turn_before(message: Any, history: list[Message]) -> list[Message]:
    """``history`` without the user message of ``message`` that ends it (each step before
    the reply adds the turn as one message, as Gradio does): what ``fn`` gets as history."""
    text = _text_and_files(message)[0]
    last = history[-1] if history else {}
    if last.get("role") == "user" and parts_text(last.get("content")) == text:
        return history[:-1]
    return history


def _last_turn_start(history: list[Message]) -> int:
    """Where the user's last turn starts: the index of the first of the user messages
    before the trailing assistant messages (len(history) when there is none)."""
    i = len(history) - 1
    while i >= 0 and history[i].get("role") == "assistant":
        i -= 1
    end = i
    while i >= 0 and history[i].get("role") == "user":
        i -= 1
    return i + 1 if end >= 0 else len(history)


def _turn_message(messages: list[Message], multimodal: bool) -> Any:
    """The user's turn in ``messages`` as the message box holds it: its text, or for a
    multimodal chat ``{"text", "files"}`` (the files' paths)."""
    text, files = "", []
    for message in messages:
        if message.get("role") != "user":
            continue
        content = message.get("content")
        for item in content if isinstance(content, list) else [content]:
            if isinstance(item, str):
                text += item
            elif isinstance(item, dict) and item.get("type") == "text":
                text += str(item.get("text", ""))
            elif isinstance(item, dict):
                file = item.get("file") if item.get("type") == "file" else item
                path = file.get("path") if isinstance(file, dict) else None
                if path:
                    files.append(str(path))
    return {"text": text, "files": files} if multimodal else text


def _popper(multimodal: bool) -> Callable[[list[Message]], tuple[list[Message], Any]]:
    """Gradio's ``_pop_last_user_message``: the history without the user's last turn (and
    the replies after it), and that turn's message."""

    @in_process
    def _pop_last_user_message(history: list[Message]) -> tuple[list[Message], Any]:
        start = _last_turn_start(history or [])
        return history[:start], _turn_message(history[start:], multimodal)

    return _pop_last_user_message


def _retrier(multimodal: bool) -> Callable[[list[Message]], tuple[list[Message], Any]]:
    """Retry: the replies after the user's last turn are removed and the turn's messages
    become one (as in Gradio, which adds the turn back as one message); the turn's message
    is kept for the reply step, which runs ``fn`` again."""

    @in_process
    def _pop_last_user_message(history: list[Message]) -> tuple[list[Message], Any]:
        history = history or []
        start = _last_turn_start(history)
        end = start
        while end < len(history) and history[end].get("role") == "user":
            end += 1
        turn = history[start:end]
        if len(turn) < 2:
            return history[:end], _turn_message(turn, multimodal)
        parts = [p for m in turn for p in _as_parts(m.get("content"))]
        joined = {"role": "user", "content": parts}
        return [*history[:start], joined], _turn_message(turn, multimodal)

    return _pop_last_user_message


def _editor(multimodal: bool) -> Callable[..., tuple[list[Message], Any]]:
    """Edit (``editable=True``): the conversation up to the edited message, which is sent
    again with its new text (Gradio's ``_edit_message``)."""

    @in_process
    def _edit_message(history: list[Message], edit_data: EditData) -> tuple[list[Message], Any]:
        index = (
            edit_data.index[0] if isinstance(edit_data.index, (list, tuple)) else edit_data.index
        )
        before = list(history or [])[: int(index or 0)]
        text = str(edit_data.value or "")
        message = {"text": text, "files": []} if multimodal else text
        return [*before, {"role": "user", "content": text}], message

    return _edit_message


@in_process
def option_clicked(history: list[Message], option: SelectData) -> tuple[list[Message], Any]:
    """An option under a reply picked: it is sent as the user's next message."""
    value = option.value
    return [*(history or []), {"role": "user", "content": value}], value


# -- save_history: the conversations kept in the browser ----------------------------------

#: The longest title of a saved conversation in the list (characters, then "...").
TITLE_CHARS = 40


@in_process
def _save_conversation(
    index: int | None, conversation: list[Message], saved: list[list[Message]] | None
) -> tuple[int | None, list[list[Message]]]:
    """The current conversation saved: in its place, or first when it is new; emptied
    (undo of its only turn), it leaves the list."""
    saved = list(saved or [])
    conversation = _storable(conversation or [])
    if index is not None and 0 <= index < len(saved):
        if not conversation:
            saved.pop(index)
            return None, saved
        saved[index] = conversation
        return index, saved
    if not conversation:
        return None, saved
    return 0, [conversation, *saved]


@in_process
def _delete_conversation(
    index: int | None, saved: list[list[Message]] | None
) -> tuple[None, list[list[Message]]]:
    """Clear: the current conversation leaves the saved ones."""
    saved = list(saved or [])
    if index is not None and 0 <= index < len(saved):
        saved.pop(index)
    return None, saved


@in_process
def _new_chat() -> tuple[None, list[Message]]:
    return None, []


@in_process
def _chat_titles(saved: list[list[Message]] | None) -> Any:
    """The list beside the chat: one title per saved conversation (an update of the
    list's samples)."""
    return {"__type__": "update", "samples": [[chat_title(c)] for c in saved or []]}


@in_process
def _load_conversation(
    saved: list[list[Message]] | None, picked: SelectData
) -> tuple[int | None, list[Message]]:
    """A saved conversation picked in the list: it is shown and becomes the current one."""
    saved = saved or []
    index = picked.index if isinstance(picked.index, int) else None
    if index is None or not 0 <= index < len(saved):
        return None, []
    return index, saved[index]


def chat_title(conversation: list[Message]) -> str:
    """A saved conversation's title: the user's messages up to the first with text (a
    paperclip for each file before it), at most :data:`TITLE_CHARS` characters."""
    title = ""
    for message in conversation:
        if message.get("role") != "user":
            continue
        content = message.get("content")
        found = False
        for item in content if isinstance(content, list) else [content]:
            if isinstance(item, str) or (isinstance(item, dict) and item.get("type") == "text"):
                title += item if isinstance(item, str) else str(item.get("text", ""))
                found = True
            else:
                title += "📎 "
        if found:
            break
    title = title.strip()
    if len(title) > TITLE_CHARS:
        return title[:TITLE_CHARS] + "..."
    return title or "Conversation"


def _storable(conversation: list[Message]) -> list[Message]:
    """A conversation as JSON for the browser: a component in a message is kept as its
    value (Gradio's ``serialize_components``)."""

    def inner(obj: Any) -> Any:
        if isinstance(obj, list):
            return [inner(v) for v in obj]
        if isinstance(obj, dict):
            return {k: inner(v) for k, v in obj.items()}
        if isinstance(obj, Component):
            return obj.value
        return obj

    return [inner(m) for m in conversation]


class ChatInterface(Blocks):
    """A chatbot, a message box, Submit/Stop buttons and optional examples and extra
    inputs, all wired to ``fn(message, history, *additional_inputs)``.

    ``history`` holds the turns before ``message`` in Gradio 6's shape: ``{"role",
    "metadata", "content": [typed parts], "options"}`` dicts (``Chatbot.preprocess``).
    The API endpoint ``/<api_name>`` (by default named after ``fn``, as in Gradio: ``/respond``
    for ``def respond(...)``) takes the message (and the additional inputs) and returns or
    streams the reply as ``fn`` gives it; a client's calls form one conversation (its
    ``history``), as in Gradio.
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
        examples_label: str | None = "Examples",
        example_labels: list[str] | None = None,
        example_icons: Any = None,
        run_examples_on_click: bool = True,
        cache_examples: bool | None = None,
        cache_mode: str | None = None,
        title: str | None = None,
        description: str | None = None,
        flagging_mode: Literal["never", "manual"] | None = None,
        flagging_options: list[str] | tuple[str, ...] | None = ("Like", "Dislike"),
        flagging_dir: str = ".gradio/flagged",
        autofocus: bool = True,
        autoscroll: bool = True,
        submit_btn: str | bool | None = True,
        stop_btn: str | bool | None = True,
        concurrency_limit: int | str | None = "default",
        show_progress: str = "minimal",
        fill_height: bool = True,
        fill_width: bool = False,
        api_name: str | None = None,
        api_description: str | None = None,
        api_visibility: str = "public",
        save_history: bool = False,
        analytics_enabled: bool | None = None,
        delete_cache: tuple[int, int] | None = None,
        validator: Callable[..., Any] | None = None,
        **blocks_options: Any,
    ) -> None:
        super().__init__(
            mode="chat_interface",
            title=title or "Gradio",
            fill_height=fill_height,
            fill_width=fill_width,
            analytics_enabled=analytics_enabled,
            delete_cache=delete_cache,
            **blocks_options,
        )
        warn_unhonoured(self, api_description=api_description, validator=validator)
        self.flagging_mode = _flagging_mode(flagging_mode)
        self.flagging_options = flagging_options
        self.flagging_dir = flagging_dir
        self.fn = fn
        self.multimodal = multimodal
        self.editable = editable
        self.save_history = save_history
        self.settings.description = description
        self.examples = [_example_text(e) for e in examples or []]
        self.example_labels = example_labels
        self.examples_label = examples_label
        self.run_examples_on_click = run_examples_on_click
        self._raw_examples = list(examples or [])
        self._chat_cache = _cache_setting(cache_examples, cache_mode, fn, [True])
        if example_icons is not None:
            warn_unhonoured(self, example_icons=example_icons)
        if any(isinstance(e, dict) and e.get("files") for e in self._raw_examples):
            warnings.warn(
                "gr.ChatInterface: the files of multimodal examples are not sent in rillet; "
                "an example sends its text",
                UserWarning,
                stacklevel=2,
            )
        self.additional_inputs = [
            get_component(c, render=False) for c in as_list(additional_inputs)
        ]
        self.additional_outputs = as_list(additional_outputs)
        self._accordion = _accordion_arguments(additional_inputs_accordion)
        # scale=1: with fill_height (the default) the chat log grows to fill the window
        self.chatbot = chatbot or Chatbot(
            label="Chatbot", height=400, scale=1, render=False, autoscroll=autoscroll
        )
        if editable:
            self.chatbot.editable = "user"
        self.textbox = (
            _multimodal_box(textbox, autofocus)
            if multimodal
            else textbox
            or Textbox(
                label="",  # Gradio's: an empty label, not none
                show_label=False,
                placeholder="Type a message...",
                lines=1,
                scale=7,
                autofocus=autofocus,
                render=False,
            )
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
        if not self.save_history:
            self._chat_area(submit, stop)
            return
        # save_history: the saved conversations in a column beside the chat, as in Gradio
        with Row():
            with Column(scale=1, min_width=100):
                self.new_chat_button = Button("New chat", variant="primary", size="md")
                self.chat_history_dataset = Dataset(
                    components=[Textbox(visible=False, render=False)],
                    samples=[],
                    show_label=False,
                    layout="table",
                    type="index",
                )
            with Column(scale=6):
                self._chat_area(submit, stop)

    def _chat_area(self, submit: str | bool | None, stop: str | bool | None) -> None:
        with Column():
            self.chatbot.render()
            self.example_buttons = []
            if self.examples and not self._examples_in_table():
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
                with Accordion(**self._accordion):
                    for component in self.additional_inputs:
                        component.render()
            self.examples_handler = self._examples_table()
            self.saved_message = State()
            #: The API endpoint's history, kept per session as Gradio keeps it: each call
            #: of a client sees the turns of its earlier calls.
            self.api_history = State([])
            #: The API endpoint's reply, a hidden JSON output as in Gradio: ``/info`` says
            #: ``Json`` and "any valid json", since ``fn`` may give text, a message dict,
            #: a list of them or a component (the endpoint does not postprocess).
            self.api_response = JSON(visible=False, label="Response")
            #: Gradio's ``chatbot_value``: an output that sets the chat's history
            #: (``radio.change(prefill, radio, chat.chatbot_value)``).
            self.chatbot_value = State([])

    def _wire(
        self,
        *,
        concurrency_limit: Any,
        show_progress: str,
        api_name: str | None,
        api_visibility: str,
    ) -> None:
        spec = self.spec
        triggers: list[tuple[Textbox | Button, str]] = [(self.textbox, "submit")]
        if self.submit_btn is not None:
            triggers.append((self.submit_btn, "click"))
        added = spec.listen(
            triggers,
            _add_user_multimodal if self.multimodal else _add_user,
            [self.textbox, self.chatbot],
            [self.textbox, self.chatbot, self.saved_message],
            api_name=False,
            show_progress="hidden",
        )
        responses = [self._respond_after(added, concurrency_limit, show_progress)]
        for button, text in zip(self.example_buttons, self.examples, strict=False):
            picked = self._wire_example(button, text)
            if picked is not None:
                responses.append(self._respond_after(picked, concurrency_limit, show_progress))
        self.respond_event = responses[0]
        responses += self._wire_message_buttons(concurrency_limit, show_progress)
        spec.listen(
            [(self.chatbot_value, "change")],
            _same,
            [self.chatbot_value],
            [self.chatbot],
            api_name=False,
            show_progress="hidden",
            queue=False,
        )
        if self.save_history:
            self._wire_history([*responses, self._undo_event])
        if self.stop_btn is not None:
            spec.listen([(self.stop_btn, "click")], None, cancels=responses)
        self.api_event = spec.listen(
            [],
            self._api_fn(),
            [self.textbox, self.api_history, *self.additional_inputs],
            [self.api_response, self.api_history, *self.additional_outputs],
            api_name=api_name or _function_name(self.fn),
            api_visibility=api_visibility,
            concurrency_limit=concurrency_limit,
            postprocess=False,
        )
        self._wire_flagging()

    def _wire_flagging(self) -> None:
        """``flagging_mode="manual"``: the messages get Gradio's feedback buttons (the
        ``flagging_options``: "Like" and "Dislike" as thumbs, others under a flag), and
        each press appends the conversation, the message's index, the option and the time
        to ``flagging_dir``/log.csv (the ``/flag`` endpoint, as in Gradio)."""
        if self.flagging_mode != "manual":
            return
        options = self.flagging_options
        self.chatbot.feedback_options = list(options) if options else None
        self.chatbot.like(_ChatFlagLog(self.flagging_dir).flag, [self.chatbot], None)

    def _wire_message_buttons(self, concurrency_limit: Any, show_progress: str) -> list[Any]:
        """Retry, undo, edit (with ``editable=True``) and the options under a reply, as
        Gradio wires them: retry runs ``fn`` again on the user's last turn, undo takes that
        turn out and puts its message back in the box, an edit sends the edited message
        again in place of what followed it, an option is sent as the next message. Their
        first steps are undocumented endpoints, as in Gradio. Returns the reply steps
        (Stop cancels them)."""
        chat, saved = self.chatbot, self.saved_message
        steps = [
            chat.retry(
                _retrier(self.multimodal),
                [chat],
                [chat, saved],
                api_visibility="undocumented",
                queue=False,
                show_progress="hidden",
            ),
            chat.option_select(
                option_clicked,
                [chat],
                [chat, saved],
                api_visibility="undocumented",
                show_progress="hidden",
            ),
        ]
        if self.editable:
            steps.append(
                chat.edit(
                    _editor(self.multimodal),
                    [chat],
                    [chat, saved],
                    api_visibility="undocumented",
                    show_progress="hidden",
                )
            )
        self._undo_event = chat.undo(
            _popper(self.multimodal),
            [chat],
            [chat, self.textbox],
            api_visibility="undocumented",
            queue=False,
            show_progress="hidden",
        )
        return [self._respond_after(step, concurrency_limit, show_progress) for step in steps]

    def _wire_history(self, changes: list[Any]) -> None:
        """``save_history=True``, as Gradio does it: the conversations are kept in the
        browser (a ``BrowserState``: ``localStorage``), newest first; each change of the
        chat (a reply, an undo) saves the current one; the list beside the chat shows
        their titles (the first user message) and a click resumes one; "New chat" starts
        another; Clear deletes the current one."""
        from rillet.components.browserstate import BrowserState

        saved = BrowserState([], storage_key=f"_saved_conversations_{self.chatbot._id}")
        current = State(None)
        self.saved_conversations, self.conversation_id = saved, current
        listen = self.spec.listen
        quiet: dict[str, Any] = {
            "api_visibility": "undocumented",
            "queue": False,
            "show_progress": "hidden",
        }
        for change in changes:
            change.then(
                _save_conversation, [current, self.chatbot, saved], [current, saved], **quiet
            )
        listen([(self.new_chat_button, "click")], _new_chat, None, [current, self.chatbot], **quiet)
        listen(
            [(self.spec.root_id, "load"), (saved, "change")],
            _chat_titles,
            [saved],
            [self.chat_history_dataset],
            **quiet,
        )
        # the list's "select" (its event data holds the index), not its value: the list's
        # samples change on the page only
        listen(
            [(self.chat_history_dataset, "select")],
            _load_conversation,
            [saved],
            [current, self.chatbot],
            **quiet,
        )
        listen(
            [(self.chatbot, "clear")],
            _delete_conversation,
            [current, saved],
            [current, saved],
            **quiet,
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

    # -- examples -------------------------------------------------------------------------

    def _examples_in_table(self) -> bool:
        """Gradio draws the examples as a table (under the additional inputs) when they
        give values for the additional inputs; else as buttons above the message box."""
        return bool(self.additional_inputs) and any(
            isinstance(e, (list, tuple)) and any(v is not None for v in e[1:])
            for e in self._raw_examples
        )

    def _examples_table(self) -> Any:
        """The table of examples with additional inputs: a click fills the message box and
        the additional inputs (and, cached, shows the conversation)."""
        if not self._examples_in_table():
            return None
        from rillet.examples import Examples

        fn, n, multimodal = self.fn, len(self.additional_outputs), self.multimodal

        def chat_example(message: Any, *extra: Any) -> Iterator[Any]:
            history = [{"role": "user", "content": message}]
            for result in _results(fn, _args(multimodal, message, [], extra)):
                reply, _ = _split(result, n)
                yield [*history, *_as_messages(reply)]

        return Examples(
            [list(e) if isinstance(e, (list, tuple)) else [e] for e in self._raw_examples],
            [self.textbox, *self.additional_inputs],
            self.chatbot,
            fn=chat_example,
            cache_examples=bool(self._chat_cache),
            cache_mode="lazy" if self._chat_cache == "lazy" else None,
            label=self.examples_label,
            preload=False,
        )

    def _wire_example(self, button: Button, text: str) -> Any:
        """One example button: with a cache, show the message and its cached reply (a
        generator's replies replayed in order); with ``run_examples_on_click``, send it as
        the user's message (returns that step, which the reply step follows); else only
        fill the message box."""
        if self._chat_cache:
            replay = _ChatCache(self, text, eager=self._chat_cache is True)

            def cached_example(history: list[Message]) -> Iterator[list[Message]]:
                yield from replay.show(history)

            self.spec.listen(
                [(button, "click")],
                in_process(cached_example),
                [self.chatbot],
                [self.chatbot],
                api_name=False,
                show_progress="hidden",
            )
            return None
        if not self.run_examples_on_click:
            self.spec.listen(
                [(button, "click")],
                in_process(lambda: text),
                None,
                [self.textbox],
                api_name=False,
                queue=False,
                show_progress="hidden",
            )
            return None
        return self.spec.listen(
            [(button, "click")],
            _picker(text),
            [self.chatbot],
            [self.textbox, self.chatbot, self.saved_message],
            api_name=False,
            show_progress="hidden",
        )

    def _respond_fn(self) -> Callable[..., Any]:
        """The reply step: a sync generator for a sync ``fn``, an async one otherwise.
        (It holds ``fn`` and plain values, not the interface: with ``backend="ray"`` it is
        what travels to the worker.)"""
        fn, n, multimodal = self.fn, len(self.additional_outputs), self.multimodal

        def prepare(message: Any, history: list[Message]) -> list[Message] | None:
            if not message:
                return None
            return _turn_before(message, history)

        def show(history: list[Message], result: Any) -> Any:
            reply, outputs = _split(result, n)
            return _with_extra([*history, *_as_messages(reply)], outputs, n)

        if _is_async(fn):

            async def _submit_fn(
                message: Any, history: list[Message], *extra: Any
            ) -> AsyncIterator[Any]:
                before = prepare(message, history)
                if before is None:
                    yield _with_extra(history, None, n)
                    return
                async for result in _steps_async(fn, _args(multimodal, message, before, extra)):
                    yield show(history, result)

            return _submit_fn

        # Named as Gradio names its reply step, so that it never takes the API name of an
        # app's ``def respond(...)``.
        def _submit_fn(  # type: ignore[no-redef]
            message: Any, history: list[Message], *extra: Any
        ) -> Iterator[Any]:
            before = prepare(message, history)
            if before is None:
                yield _with_extra(history, None, n)
                return
            for result in _steps(fn, _args(multimodal, message, before, extra)):
                yield show(history, result)

        return _submit_fn

    def text_defaults(self) -> list[Any]:
        """The additional inputs' initial values (what a cached example is computed with)."""
        return [getattr(c, "value", None) for c in self.additional_inputs]

    def _api_fn(self) -> Callable[..., Any]:
        """The ``/chat`` endpoint: the reply as ``fn`` gave it (as Gradio sends it, without
        postprocessing: a string, a message dict, a list of them), streamed when ``fn``
        yields. As in Gradio, ``fn`` gets the session's earlier API turns as its history,
        and each result also updates them (a ``gr.State``, not part of the API's
        outputs)."""
        fn, n, multimodal = self.fn, len(self.additional_outputs), self.multimodal

        def text(result: Any, before: list[Message]) -> tuple[Any, ...]:
            reply, outputs = _split(result, n)
            values = list(outputs) + [{"__type__": "update"}] * (n - len(outputs))
            return (_api_reply(reply), [*before, *_as_messages(reply)], *values)

        if _is_async(fn):

            async def chat_async(message: Any, history: Any, *extra: Any) -> AsyncIterator[Any]:
                history = list(history or [])
                before = [*history, _api_user_message(multimodal, message)]
                async for result in _steps_async(
                    fn, _args(multimodal, message, list(history), extra)
                ):
                    yield text(result, before)

            return _named_like(chat_async, fn)

        def chat(message: Any, history: Any, *extra: Any) -> Iterator[Any]:
            history = list(history or [])
            before = [*history, _api_user_message(multimodal, message)]
            for result in _steps(fn, _args(multimodal, message, list(history), extra)):
                yield text(result, before)

        return _named_like(chat, fn)


def _api_user_message(multimodal: bool, message: Any) -> Message:
    """The user's message of an API call as the history keeps it (as Gradio adds it)."""
    if multimodal:
        return _user_message(*_text_and_files(message))
    return {"role": "user", "content": message or ""}


def _args(
    multimodal: bool, message: Any, history: list[Message], extra: tuple[Any, ...]
) -> list[Any]:
    if multimodal:
        text, files = _text_and_files(message)
        arg: Any = {"text": text, "files": files}
    else:
        arg = message or ""
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


class _ChatCache:
    """The replies to one example message, computed once (now, or on the first click
    when lazy) and replayed on each click without calling ``fn``."""

    def __init__(self, chat: ChatInterface, text: str, *, eager: bool) -> None:
        self.fn, self.multimodal, self.text = chat.fn, chat.multimodal, chat.text_defaults()
        self.message = text
        self.n = len(chat.additional_outputs)
        self.replies: list[Any] | None = None
        self.lock = threading.Lock()
        if eager:
            self.compute()

    def compute(self) -> list[Any]:
        with self.lock:
            if self.replies is None:
                args = _args(self.multimodal, self.message, [], tuple(self.text))
                self.replies = [_split(r, self.n)[0] for r in _results(self.fn, args)]
            return self.replies

    def show(self, history: list[Message]) -> Iterator[list[Message]]:
        """The conversation with the example and each cached reply, in order."""
        before = [*(history or []), {"role": "user", "content": self.message}]
        for reply in self.compute():
            yield [*before, *_as_messages(reply)]


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
    if isinstance(reply, dict) and "path" in reply and "content" not in reply:
        return [{"role": "assistant", "content": reply}]  # a file
    if isinstance(reply, dict):
        return [{"role": "assistant", **reply}]
    if isinstance(reply, (list, tuple)):
        return [m for r in reply for m in _as_messages(r)]
    if isinstance(reply, Component):
        return [{"role": "assistant", "content": reply}]
    if hasattr(reply, "content"):  # gr.ChatMessage: its metadata (a thought) and options too
        message = {"role": getattr(reply, "role", "assistant"), "content": reply.content}
        for key in ("metadata", "options"):
            if getattr(reply, key, None) is not None:
                message[key] = getattr(reply, key)
        return [message]
    return [{"role": "assistant", "content": str(reply)}]


def _reply_text(reply: Any) -> str:
    """The text of a reply, for API clients (its messages' text parts; a message that is
    only a file or a component, as its ``str``)."""
    texts = []
    for message in _as_messages(reply):
        content = message.get("content")
        text = parts_text(content)
        texts.append(text if text or _is_text_like(content) else str(content))
    return "\n\n".join(texts)


def _api_reply(reply: Any) -> Any:
    """A reply as the API sends it: as ``fn`` gave it, made JSON (a ``gr.ChatMessage`` as its
    fields, a message dict with the assistant's role, a component as its text)."""
    if reply is None or isinstance(reply, (str, int, float, bool)):
        return reply
    if isinstance(reply, (list, tuple)):
        return [_api_reply(r) for r in reply]
    if isinstance(reply, dict):
        if "content" in reply:
            return {**reply, "role": "assistant", "content": _api_reply(reply["content"])}
        return {k: _api_reply(v) for k, v in reply.items()}
    if isinstance(reply, Component):
        return _reply_text(reply)
    if hasattr(reply, "content") and hasattr(reply, "metadata"):  # gr.ChatMessage
        return {
            "content": _api_reply(reply.content),
            "role": "assistant",
            "metadata": dict(reply.metadata or {}),
            "options": [dict(o) for o in getattr(reply, "options", None) or []],
        }
    return str(reply)


def _is_text_like(content: Any) -> bool:
    """A string, or a list or part holding text only (empty text is still text)."""
    if isinstance(content, str):
        return True
    if isinstance(content, dict):
        return content.get("type") == "text"
    return isinstance(content, list) and all(_is_text_like(c) for c in content)


def _as_parts(content: Any) -> list[Any]:
    """A message's content as a list of its items (parts, strings, files), for joining
    messages into one."""
    return list(content) if isinstance(content, list) else [content]


def _example_text(example: Any) -> str:
    if isinstance(example, dict):
        return str(example.get("text", ""))
    if isinstance(example, (list, tuple)):
        return str(example[0]) if example else ""
    return str(example)


def _label(value: str | bool | None, default: str) -> str:
    return value if isinstance(value, str) else default


def _flagging_mode(given: str | None) -> str:
    """``flagging_mode``, or Gradio's default: ``GRADIO_CHAT_FLAGGING_MODE``, else "never"."""
    mode = given if given is not None else os.getenv("GRADIO_CHAT_FLAGGING_MODE", "never")
    if mode not in ("manual", "never"):
        raise ValueError(
            f"Invalid value for `flagging_mode` parameter: {mode!r}. Must be 'manual' or 'never'."
        )
    return mode


class _ChatFlagLog:
    """Flagged chat messages, one CSV row each in ``folder``/log.csv: the conversation
    (JSON), the message's index, the option pressed ("Like", "Dislike" or another of
    ``flagging_options``) and when. The folder is made at the first flag."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self._lock = threading.Lock()

    def flag(self, like_data: LikeData, messages: list[Any]) -> None:
        # No docstring: it would become the /flag endpoint's description, empty in Gradio.
        # Called without a press (through the API, with no event data) it fails, as
        # Gradio's does.
        if like_data.index is None:
            raise ValueError("/flag logs a press of a message's feedback button: none was sent")
        liked = like_data.liked
        option = "Like" if liked is True else "Dislike" if liked is False else str(liked)
        row = [json.dumps(messages, default=str), like_data.index, option]
        row.append(str(datetime.datetime.now()))
        path = Path(self.folder) / "log.csv"
        with self._lock:
            path.parent.mkdir(parents=True, exist_ok=True)
            new = not path.exists()
            with path.open("a", encoding="utf-8", newline="") as out:
                writer = csv.writer(out)
                if new:
                    writer.writerow(["conversation", "index", "value", "timestamp"])
                writer.writerow([_csv_safe(cell) for cell in row])


def _csv_safe(cell: Any) -> Any:
    """A cell a spreadsheet will not run as a formula (text starting with ``=``, ``+``,
    ``-``, ``@`` gets a leading quote)."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@"):
        return "'" + cell
    return cell


def _named_like(api: Callable[..., Any], fn: Callable[..., Any]) -> Callable[..., Any]:
    """``api`` (called as ``api(message, history, *extra)``) with the parameter names and
    docstring of ``fn``, as Gradio's endpoint wraps ``fn``: ``/info`` then names the
    additional inputs after ``fn``'s parameters (``system_prompt``, ``tokens``) and a
    ``*args`` function's inputs ``param_0``... The names come without annotations nor the
    parameters the server fills (``gr.Request``, event data, ``gr.Progress()``), which
    ``fn`` is not given through this endpoint, so that the server fills none of them."""
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return api
    filled = {p.name for p, _ in server_parameters(fn)}
    kept = [
        p.replace(annotation=inspect.Parameter.empty)
        for p in params
        if p.name not in filled and not isinstance(p.default, Progress)
    ]
    api.__signature__ = inspect.Signature(kept)  # type: ignore[attr-defined]
    api.__doc__ = fn.__doc__
    return api


def _function_name(fn: Any) -> str:
    """The API name Gradio gives a ChatInterface's endpoint: its function's name."""
    name = getattr(fn, "__name__", None) or "chat"
    return "lambda" if name == "<lambda>" else name


def _same(value: Any) -> Any:
    """The history set through ``chatbot_value``, shown as it is."""
    return value


def _accordion_arguments(accordion: Any) -> dict[str, Any]:
    """The arguments of the Accordion holding a ChatInterface's additional inputs, from its
    ``additional_inputs_accordion`` (as Gradio: closed "Additional Inputs" by default, a
    string is the label of an open one, an Accordion gives its own settings)."""
    if accordion is None:
        return {"label": "Additional Inputs", "open": False}
    if isinstance(accordion, str):
        return {"label": accordion}
    if isinstance(accordion, Accordion):
        names = ("label", "open", "visible", "elem_id", "elem_classes", "height", "max_height")
        return {name: getattr(accordion, name) for name in names if hasattr(accordion, name)}
    raise ValueError(
        "additional_inputs_accordion must be a string or a gr.Accordion, "
        f"not {type(accordion).__name__}"
    )
