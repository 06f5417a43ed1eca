"""``gr.Chatbot``: a conversation shown as message bubbles, with Markdown.

The Python value is a list of messages ``{"role": "user" | "assistant", "content": str}``
(Gradio's ``type="messages"``); Gradio's older list of ``[user, bot]`` pairs is accepted on
output too. On the wire a message's ``content`` is a list of typed parts, as in Gradio 6
(``[{"type": "text", "text": "..."}]``), so a streamed reply travels as one ``append`` edit at
``[i, "content", 0, "text"]`` per step, whatever the length of the reply or the history.

A message's ``content`` may also be a file (``{"path": ...}``, a ``(path,)`` tuple) or a
component (``gr.Image(...)``, ``gr.Audio``, ``gr.File``...), or a list mixing them with text;
they travel as Gradio 6's ``file`` and ``component`` parts and are drawn as media. A
message's ``metadata`` with a ``title`` is drawn as a collapsible "thought" (nested under
the thought whose ``id`` is its ``parent_id``; a spinner while ``status`` is "pending").
"""

from __future__ import annotations

import mimetypes
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal, TypedDict
from urllib.parse import quote

from rillet import protocol
from rillet.components._buttons import warn_unhonoured_buttons
from rillet.components._common import buttons_list, readable_file, warn_unhonoured
from rillet.components.base import Component
from rillet.core.contract import OutputStream, Run
from rillet.core.files import FILE_META, FileOut, is_file_data, new_file
from rillet.core.streams import DiffStream

Message = dict[str, Any]


class MetadataDict(TypedDict, total=False):
    """Gradio's ``MetadataDict``: what makes a message a "thought" (a tool call, a step of
    reasoning). ``title`` (required to draw it as a thought), ``id`` and ``parent_id`` (to
    nest it under another thought), ``log`` (shown beside the title), ``duration`` (seconds,
    shown in brackets) and ``status``: "pending" (a spinner, open) or "done" (closed)."""

    title: str
    id: int | str
    parent_id: int | str
    log: str
    duration: float
    status: Literal["pending", "done"]


class _OptionFields(TypedDict):
    value: str


class OptionDict(_OptionFields, total=False):
    """One option offered under a message: the ``value`` it gives when picked, and the
    ``label`` shown (the value when omitted)."""

    label: str


@dataclass
class ChatMessage:
    """A message of the Chatbot, as Gradio's ``gr.ChatMessage``: ``content`` (text, a file
    dict, a component, or a list of them), ``role`` ("assistant" by default), ``metadata``
    (a :class:`MetadataDict`: a title makes it a thought) and ``options``."""

    content: Any
    role: Literal["user", "assistant", "system"] = "assistant"
    metadata: MetadataDict = field(default_factory=lambda: MetadataDict())
    options: list[OptionDict] = field(default_factory=list)


class _MessageFields(TypedDict):
    role: Literal["user", "assistant", "system"]
    content: Any


class MessageDict(_MessageFields, total=False):
    """Gradio's ``MessageDict``: the type of a message dict, for apps that annotate with it
    (``from gradio.components.chatbot import MessageDict``)."""

    metadata: dict[str, Any]
    options: list[dict[str, Any]]


_ROLES = ("user", "assistant", "system")
#: The ``buttons`` the page draws: "copy" on each message, "copy_all" for the whole chat
#: (Gradio's "share" needs Hugging Face Spaces).
HONOURED = ("copy", "copy_all")


class Chatbot(Component):
    """A chat transcript. Value: a list of ``{"role", "content"}`` message dicts.

    ``content`` is Markdown (rendered safely: HTML in a message is shown as text). Output also
    accepts ``[[user, bot], ...]`` pairs and Gradio 6 content parts.
    """

    EVENTS: ClassVar[tuple[str, ...]] = (
        "change",
        "select",
        "like",
        "retry",
        "undo",
        "example_select",
        "option_select",
        "clear",
        "copy",
        "edit",
    )

    def __init__(
        self,
        value: list[Any] | Callable[..., Any] | None = None,
        *,
        type: Literal["messages", "tuples"] | None = "messages",
        label: str | None = None,
        every: float | None = None,
        inputs: Any = None,
        show_label: bool | None = None,
        container: bool = True,
        scale: int | None = None,
        min_width: int = 160,
        visible: bool | Literal["hidden"] = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        autoscroll: bool = True,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = "value",
        height: int | str | None = 400,
        resizable: bool = False,
        resizeable: bool = False,
        max_height: int | str | None = None,
        min_height: int | str | None = None,
        editable: Literal["user", "all"] | None = None,
        latex_delimiters: list[dict[str, Any]] | None = None,
        rtl: bool = False,
        buttons: Sequence[Any] | None = None,
        show_share_button: bool | None = None,
        show_copy_button: bool | None = None,
        show_copy_all_button: bool | None = None,
        watermark: str | None = None,
        avatar_images: tuple[Any, Any] | None = None,
        sanitize_html: bool = True,
        render_markdown: bool = True,
        feedback_options: list[str] | tuple[str, ...] | None = ("Like", "Dislike"),
        feedback_value: Sequence[str | None] | None = None,
        bubble_full_width: Any = None,
        line_breaks: bool = True,
        layout: Literal["panel", "bubble"] | None = None,
        placeholder: str | None = None,
        examples: list[dict[str, Any]] | None = None,
        show_label_and_copy: Any = None,
        group_consecutive_messages: bool = True,
        allow_tags: list[str] | bool = True,
        reasoning_tags: list[tuple[str, str]] | None = None,
        like_user_message: bool = False,
    ) -> None:
        if type not in ("messages", "tuples", None):
            raise ValueError(f"type must be 'messages' or 'tuples', got {type!r}")
        self.type = "messages"
        self.autoscroll = autoscroll
        self.height, self.max_height, self.min_height = height, max_height, min_height
        self.resizable = resizable or resizeable
        self.editable = editable
        self.rtl = rtl
        self.buttons = _buttons(buttons, show_share_button, show_copy_button, show_copy_all_button)
        warn_unhonoured_buttons(
            self, ["share"] if buttons is None and show_share_button else buttons, HONOURED
        )
        self.avatar_images = avatar_images
        self.sanitize_html = sanitize_html
        self.render_markdown = render_markdown
        self.feedback_options = list(feedback_options) if feedback_options else None
        self.line_breaks = line_breaks
        self.layout = layout
        self.placeholder = placeholder
        self.examples = examples
        self.group_consecutive_messages = group_consecutive_messages
        self.latex_delimiters = latex_delimiters
        self.watermark = watermark
        warn_unhonoured(
            self,
            every=every,
            inputs=inputs,
            feedback_value=feedback_value,
            preserved_by_key=preserved_by_key,
        )
        self._reuse = _WireCache()
        super().__init__(
            value,
            label=label,
            show_label=show_label,
            container=container,
            scale=scale,
            min_width=min_width,
            visible=visible,
            elem_id=elem_id,
            elem_classes=elem_classes,
            render=render,
            key=key,
        )

    def preprocess(self, payload: Any) -> list[Message]:
        """Wire messages -> ``[{"role", "content": str}, ...]`` for the user's function."""
        out: list[Message] = []
        for message in payload or []:
            if isinstance(message, dict):
                item: Message = {
                    "role": message.get("role", "user"),
                    "content": parts_to_content(message.get("content")),
                }
                if message.get("metadata"):
                    item["metadata"] = message["metadata"]
                out.append(item)
        return out

    def postprocess(self, value: Any) -> list[Message]:
        """Messages, pairs or Gradio 6 parts -> wire messages with typed content parts."""
        if value is None:
            return []
        if isinstance(value, dict) and value.get("__type__") == "update":
            return value  # type: ignore[return-value]
        return self._reuse.convert(value)

    def api_info(self) -> dict[str, Any]:
        part = {
            "type": "object",
            "properties": {"type": {"type": "string"}, "text": {"type": "string"}},
        }
        message = {
            "type": "object",
            "title": "Message",
            "properties": {
                "role": {"type": "string", "enum": list(_ROLES)},
                "content": {"type": "array", "items": part},
            },
            "required": ["role", "content"],
        }
        return {"type": "array", "items": message}

    def example_payload(self) -> Any:
        return [
            wire_message({"role": "user", "content": "Hello!"}),
            wire_message({"role": "assistant", "content": "Hi there!"}),
        ]

    def api_python_type(self) -> str:
        return "list[dict]"

    def output_stream(self, run: Run) -> OutputStream:
        """Edits against the last transcript; message parts are text (or dicts passed
        through), so no files to look for."""
        return DiffStream(self.postprocess, holds_files=False)

    def props(self) -> dict[str, Any]:
        return {
            **super().props(),
            "type": self.type,
            "autoscroll": self.autoscroll,
            "height": self.height,
            "max_height": self.max_height,
            "min_height": self.min_height,
            "resizable": self.resizable,
            "editable": self.editable,
            "rtl": self.rtl,
            "buttons": self.buttons,
            "avatar_images": self.avatar_images,
            "sanitize_html": self.sanitize_html,
            "render_markdown": self.render_markdown,
            "line_breaks": self.line_breaks,
            "layout": self.layout,
            "placeholder": self.placeholder,
            "examples": self.examples,
            "feedback_options": self.feedback_options,
            "group_consecutive_messages": self.group_consecutive_messages,
            "watermark": self.watermark,
        }


def _buttons(
    buttons: Sequence[Any] | None,
    share: bool | None,
    copy: bool | None,
    copy_all: bool | None,
) -> list[str]:
    """Gradio 6's ``buttons`` (default: share, copy, copy_all); Gradio 5's ``show_*_button``
    flags, when one is given, adjust Gradio 5's defaults (none of them)."""
    if buttons is None and (share or copy or copy_all):
        return buttons_list(None, [], share=share, copy=copy, copy_all=copy_all)
    return buttons_list(buttons, ["share", "copy", "copy_all"])


class _WireCache:
    """The wire form of the last list of messages converted, reused for each message whose
    role, content, metadata and options are unchanged (compared with a snapshot, so a
    ``metadata`` dict changed in place is seen): a streamed reply then costs one new wire
    message per step, and the diff skips the reused ones by identity."""

    def __init__(self) -> None:
        #: (keys, wire) of the last conversion, swapped as one reference: sessions that
        #: stream at once through one Chatbot never see one's keys with another's wire.
        self.last: tuple[list[tuple[Any, ...]], list[Message]] = ([], [])

    def convert(self, value: Any) -> list[Message]:
        """``value`` (messages or pairs) in the wire format."""
        if any(isinstance(m, (list, tuple)) for m in value):
            return [wire_message(m) for m in normalize_messages(value)]
        old_keys, old_wire = self.last
        keys: list[tuple[Any, ...]] = []
        out: list[Message] = []
        for i, message in enumerate(normalize_messages(value)):
            key = _snapshot(message)
            if i < len(old_keys) and old_keys[i] == key:
                keys.append(old_keys[i])
                out.append(old_wire[i])
                continue
            keys.append(key)
            out.append(wire_message(message))
        self.last = (keys, out)
        return out


def _snapshot(message: Message) -> tuple[Any, ...]:
    """What a message's wire form depends on, copied one level deep (an app may change its
    ``metadata`` or a list content in place between two steps)."""
    content = message.get("content")
    if isinstance(content, list):
        content = [dict(c) if isinstance(c, dict) else c for c in content]
    elif isinstance(content, dict):
        content = dict(content)
    meta = message.get("metadata")
    options = message.get("options")
    return (
        message.get("role"),
        content,
        dict(meta) if isinstance(meta, dict) else meta,
        list(options) if isinstance(options, list) else options,
    )


def normalize_messages(value: Any) -> list[Message]:
    """Message dicts (or ``ChatMessage``-like objects with ``role``/``content``) or
    ``[user, bot]`` pairs as message dicts; pairs skip their None halves."""
    out: list[Message] = []
    for item in value:
        if isinstance(item, (list, tuple)):
            if len(item) != 2:
                raise ValueError(f"a chat pair must be [user, bot], got {item!r}")
            out.extend(
                {"role": role, "content": text}
                for role, text in zip(("user", "assistant"), item, strict=True)
                if text is not None
            )
        elif isinstance(item, dict):
            out.append(item)
        elif hasattr(item, "role") and hasattr(item, "content"):
            out.append(
                {
                    "role": item.role,
                    "content": item.content,
                    "metadata": getattr(item, "metadata", None),
                    "options": getattr(item, "options", None),
                }
            )
        else:
            raise ValueError(
                f"a chat message must be a dict with 'role' and 'content', got {item!r}"
            )
    return out


def wire_message(message: Message) -> Message:
    """One message as the page and Gradio 6 clients receive it."""
    role = message.get("role")
    if role not in _ROLES:
        raise ValueError(f"a chat message's role must be one of {_ROLES}, got {role!r}")
    out: Message = {"role": role, "content": content_to_parts(message.get("content"))}
    if message.get("metadata"):
        out["metadata"] = dict(message["metadata"])
    if message.get("options"):
        out["options"] = [dict(o) for o in message["options"]]
    return out


def content_to_parts(content: Any) -> list[dict[str, Any]]:
    """A message's content as Gradio 6's list of typed parts: ``text``, ``file`` (a
    ``FileData`` under ``file``) and ``component`` (a component's name, value and props)."""
    if content is None:
        return [{"type": "text", "text": ""}]
    if isinstance(content, list):
        return [part for item in content for part in _parts(item)] or [{"type": "text", "text": ""}]
    return _parts(content)


def _parts(content: Any) -> list[dict[str, Any]]:
    if isinstance(content, str):
        return [{"type": "text", "text": content}]
    if isinstance(content, dict) and "type" in content:
        return [dict(content)]
    if isinstance(content, dict) and "path" in content:
        return [_file_part(content, content.get("alt_text"))]
    if isinstance(content, tuple) and content and isinstance(content[0], (str, Path)):
        alt = content[1] if len(content) > 1 else None
        return [_file_part({"path": content[0]}, alt)]
    if isinstance(content, Component):
        return [_component_part(content)]
    if isinstance(content, Path):
        return [_file_part({"path": content}, None)]
    return [{"type": "text", "text": str(content)}]


def _file_part(item: dict[str, Any], alt_text: Any) -> dict[str, Any]:
    """A ``{"path": ...}`` file (a path, a URL or ``FileData``) as a ``file`` part."""
    if is_file_data(item) and item.get("url"):
        data = dict(item)
    else:
        path = str(item["path"])
        name = item.get("orig_name") or Path(path.split("?", 1)[0]).name or "file"
        data = _stored(FileOut(path=path, orig_name=name)) if "://" not in path else {
            "path": path, "url": path, "size": None, "orig_name": name,
            "mime_type": mimetypes.guess_type(name)[0], "is_stream": False,
            "meta": dict(FILE_META),
        }  # fmt: skip
    return {"type": "file", "file": data, "alt_text": alt_text}


def _component_part(component: Component) -> dict[str, Any]:
    """A component in a message: its name, its value as its page module takes it (files
    stored) and its props, as Gradio's ``component`` part."""
    value = _resolve(component.postprocess(component.value))
    props = {k: v for k, v in component.get_config().items() if k != "value"}
    return {
        "type": "component",
        "component": component.get_block_name(),
        "value": value,
        "constructor_args": {},
        "props": _resolve(props),
    }


def _resolve(payload: Any) -> Any:
    """``payload`` with each ``FileOut`` stored and replaced by ``FileData``."""
    if isinstance(payload, FileOut):
        return _stored(payload)
    if isinstance(payload, list):
        return [_resolve(v) for v in payload]
    if isinstance(payload, dict):
        return {k: _resolve(v) for k, v in payload.items()}
    return payload


def _stored(out: FileOut) -> dict[str, Any]:
    """``out`` copied into the app's store (the session's folder while core runs the
    Chatbot), as ``FileData`` with a URL the page can fetch; a path the app may not read
    is refused as for any returned file."""
    name = out.orig_name or (Path(out.path).name if out.path else "file")
    target = new_file(name)
    if out.data is not None:
        target.write_bytes(out.data)
    else:
        assert out.path is not None
        shutil.copyfile(readable_file(Path(out.path), "chat"), target)
    return {
        "path": str(target),
        "url": f"{protocol.API_PREFIX}/file={quote(str(target))}",
        "size": target.stat().st_size,
        "orig_name": name,
        "mime_type": out.mime_type or mimetypes.guess_type(name)[0],
        "is_stream": False,
        "meta": dict(FILE_META),
    }


def parts_to_content(parts: Any) -> Any:
    """Typed parts back to what the user's function sees: the text as a string; a file or
    component part as its dict; text and files mixed as a list of them (text parts as
    strings), so that returning the history unchanged shows the same messages."""
    if parts is None or isinstance(parts, str):
        return parts or ""
    if isinstance(parts, dict):
        parts = [parts]
    texts = [p.get("text", "") for p in parts if isinstance(p, dict) and p.get("type") == "text"]
    others = [p for p in parts if not (isinstance(p, dict) and p.get("type") == "text")]
    if others and not texts:
        return others[0] if len(others) == 1 else others
    if others:
        return [
            p.get("text", "") if isinstance(p, dict) and p.get("type") == "text" else p
            for p in parts
        ]
    return "".join(texts)
