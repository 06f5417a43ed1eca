"""``gr.Chatbot``: a conversation shown as message bubbles, with Markdown.

The value is a list of messages, as in Gradio 6 (``type="messages"``). The user's function
gets them as ``{"role", "metadata", "content": [part, ...], "options"}``, ``content`` always a
list of typed parts (``[{"type": "text", "text": "..."}]``, so the text of a message is
``history[i]["content"][0]["text"]``). A function may return messages in any of Gradio's
forms: ``content`` a string, a part, a list of parts, a file or a component, a
``gr.ChatMessage``, or Gradio's older ``[user, bot]`` pairs; the history it got, returned
unchanged, shows the same messages. On the wire a message's ``content`` is that list of
parts too, so a streamed reply travels as one ``append`` edit at ``[i, "content", 0, "text"]``
per step, whatever the length of the reply or the history.

A message's ``content`` may also be a file (``{"path": ...}``, a ``(path,)`` tuple) or a
component (``gr.Image(...)``, ``gr.Audio``, ``gr.File``...), or a list mixing them with text;
they travel as Gradio 6's ``file`` and ``component`` parts and are drawn as media. A
message's ``metadata`` with a ``title`` is drawn as a collapsible "thought" (nested under
the thought whose ``id`` is its ``parent_id``; a spinner while ``status`` is "pending").
"""

from __future__ import annotations

import base64
import mimetypes
import shutil
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal, TypedDict
from urllib.parse import quote

from rillet import protocol
from rillet.components._buttons import warn_unhonoured_buttons
from rillet.components._chatschema import messages_schema
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
    """A chat transcript. Value: a list of ``{"role", "metadata", "content", "options"}``
    message dicts whose ``content`` is a list of typed parts (see the module's docstring).

    Text is Markdown (rendered safely: HTML in a message is shown as text). Output also
    accepts string content, files, components, ``gr.ChatMessage`` and ``[[user, bot], ...]``
    pairs.
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
    # The listener methods made from EVENTS that rillet's ChatInterface calls, declared
    # for type checkers.
    like: Callable[..., Any]
    retry: Callable[..., Any]
    undo: Callable[..., Any]
    edit: Callable[..., Any]
    option_select: Callable[..., Any]

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
        allow_file_downloads: bool = True,
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
        self._avatars = [_avatar_or_warn(image) for image in _pair(avatar_images)]
        self.sanitize_html = sanitize_html
        self.render_markdown = render_markdown
        self.feedback_options = list(feedback_options) if feedback_options else None
        self.feedback_value = list(feedback_value) if feedback_value is not None else None
        self.like_user_message = like_user_message
        self.allow_file_downloads = allow_file_downloads
        #: Set when a listener is added (Gradio's ``likeable``, ``_retryable``,
        #: ``_undoable``): the page draws those buttons only then.
        self.likeable = False
        self._retryable = False
        self._undoable = False
        self.line_breaks = line_breaks
        self.layout = layout
        self.placeholder = placeholder
        self.examples = examples
        self.group_consecutive_messages = group_consecutive_messages
        #: Gradio's default for a chat: only ``$$...$$``, drawn as a block; ``[]`` turns
        #: LaTeX off.
        self.latex_delimiters = (
            [{"left": "$$", "right": "$$", "display": True}]
            if latex_delimiters is None
            else [dict(d) for d in latex_delimiters]
        )
        self.watermark = watermark
        warn_unhonoured(
            self,
            every=every,
            inputs=inputs,
            reasoning_tags=reasoning_tags,
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

    def avatar_data(self) -> list[dict[str, Any] | None]:
        """``avatar_images`` (user's, assistant's) as ``FileData``, made when built."""
        return self._avatars

    def _listen(
        self,
        event: str,
        fn: Callable[..., Any] | Literal["decorator"] | None,
        inputs: Any,
        outputs: Any,
        **options: Any,
    ) -> Any:
        """A listener on ``like``, ``retry`` or ``undo`` makes the page draw that button
        (as in Gradio: no listener, no button)."""
        flag = {"like": "likeable", "retry": "_retryable", "undo": "_undoable"}.get(event)
        if flag is not None:
            setattr(self, flag, True)
        return super()._listen(event, fn, inputs, outputs, **options)

    def preprocess(self, payload: Any) -> list[Message]:
        """Wire messages -> the history the user's function gets, in Gradio 6's shape:
        ``{"role", "metadata", "content": [part, ...], "options"}`` with ``content`` always a
        list of typed parts (``{"type": "text", "text"}``, ``{"type": "file", "file",
        "alt_text"}``, ``{"type": "component", ...}``), ``metadata`` and ``options`` None when
        the message has none. Returned unchanged, it shows the same messages."""
        return [preprocess_message(m) for m in payload or [] if isinstance(m, dict)]

    def postprocess(self, value: Any) -> list[Message]:
        """Messages, pairs or Gradio 6 parts -> wire messages with typed content parts."""
        if value is None:
            return []
        if isinstance(value, dict) and value.get("__type__") == "update":
            return value  # type: ignore[return-value]
        return self._reuse.convert(value)

    def api_info(self) -> dict[str, Any]:
        return messages_schema()

    def example_payload(self) -> Any:
        return [
            wire_message({"role": "user", "content": "Hello!"}),
            wire_message({"role": "assistant", "content": "How can I help you?"}),
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
            "avatar_images": self.avatar_data(),
            "sanitize_html": self.sanitize_html,
            "render_markdown": self.render_markdown,
            "line_breaks": self.line_breaks,
            "layout": self.layout,
            "placeholder": self.placeholder,
            "examples": self.examples,
            "feedback_options": self.feedback_options,
            "feedback_value": self.feedback_value,
            "like_user_message": self.like_user_message,
            "allow_file_downloads": self.allow_file_downloads,
            "likeable": self.likeable,
            "_retryable": self._retryable,
            "_undoable": self._undoable,
            "group_consecutive_messages": self.group_consecutive_messages,
            "watermark": self.watermark,
            "latex_delimiters": self.latex_delimiters,
        }


#: The largest avatar image embedded in ``/config`` (bytes).
MAX_AVATAR_BYTES = 512 * 1024


def avatar_file_data(image: Any) -> dict[str, Any] | None:
    """One of ``avatar_images`` as Gradio's ``FileData``: a URL as it is; a local image
    (read once, at most :data:`MAX_AVATAR_BYTES`) inlined as a ``data:`` URL, so that it
    needs no route of its own and no place in the store; None for None."""
    if image is None:
        return None
    path = str(image)
    meta = {"size": None, "orig_name": None, "mime_type": None, "is_stream": False}
    if "://" in path or path.startswith("data:"):
        return {"path": path, "url": path, **meta, "meta": dict(FILE_META)}
    file = Path(path)
    size = file.stat().st_size
    if size > MAX_AVATAR_BYTES:
        raise ValueError(f"avatar image {path!r} is {size} bytes; at most {MAX_AVATAR_BYTES}")
    mime = mimetypes.guess_type(file.name)[0] or "image/png"
    data = base64.b64encode(file.read_bytes()).decode()
    return {
        **meta,
        "path": str(file),
        "url": f"data:{mime};base64,{data}",
        "size": size,
        "orig_name": file.name,
        "mime_type": mime,
        "meta": dict(FILE_META),
    }


def _pair(images: Any) -> list[Any]:
    pair = list(images or (None, None))[:2]
    return pair + [None] * (2 - len(pair))


def _avatar_or_warn(image: Any) -> dict[str, Any] | None:
    """:func:`avatar_file_data`, or a warning and no avatar for a file that cannot be
    read or is too large."""
    try:
        return avatar_file_data(image)
    except (OSError, ValueError) as err:
        warnings.warn(f"gr.Chatbot: avatar image not shown: {err}", UserWarning, stacklevel=4)
        return None


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
        if all(type(m) is dict for m in value):
            messages: list[Message] = value if isinstance(value, list) else list(value)
        elif any(isinstance(m, (list, tuple)) for m in value):
            return [wire_message(m) for m in normalize_messages(value)]
        else:
            messages = normalize_messages(value)
        old_keys, old_wire = self.last
        known = len(old_keys)
        keys: list[tuple[Any, ...]] = []
        out: list[Message] = []
        for i, message in enumerate(messages):
            if i < known:
                # unchanged since its snapshot? (no copies: a message whose content is the
                # same string or list as before costs an identity check per field)
                get = message.get
                key = old_keys[i]
                if (get("role"), get("content"), get("metadata"), get("options")) == key:
                    keys.append(key)
                    out.append(old_wire[i])
                    continue
            keys.append(_snapshot(message))
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
    """One message as the page and Gradio 6 clients receive it: ``role``, ``metadata``,
    ``content`` (typed parts) and ``options``, the keys Gradio always sends (None when the
    message has none; a ``gr.ChatMessage``'s empty ones as ``{}`` and ``[]``, as Gradio)."""
    role = message.get("role")
    if role not in _ROLES:
        raise ValueError(f"a chat message's role must be one of {_ROLES}, got {role!r}")
    metadata, options = message.get("metadata"), message.get("options")
    return {
        "role": role,
        "metadata": dict(metadata) if metadata is not None else None,
        "content": content_to_parts(message.get("content")),
        "options": [dict(o) for o in options] if options is not None else None,
    }


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
        # Gradio's history puts the component made from a component part under
        # "instance"; it is not sent
        return [{k: v for k, v in content.items() if k != "instance"}]
    if isinstance(content, dict) and isinstance(content.get("file"), dict):
        return [_file_part(content["file"], content.get("alt_text"))]
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


def preprocess_message(message: Message) -> Message:
    """One wire message as Gradio 6's ``NormalizedMessageDict`` (see ``Chatbot.preprocess``)."""
    return {
        "role": message.get("role", "user"),
        "metadata": message.get("metadata"),
        "content": [_preprocess_part(p) for p in content_to_parts(message.get("content"))],
        "options": message.get("options"),
    }


def _preprocess_part(part: dict[str, Any]) -> dict[str, Any]:
    """A typed part with the keys Gradio 6 gives it: text ``{"text", "type"}``, file
    ``{"file", "alt_text", "type"}``; a component part as it came."""
    if part.get("type") == "text":
        return {"text": str(part.get("text") or ""), "type": "text"}
    if part.get("type") == "file":
        return {"file": part.get("file"), "alt_text": part.get("alt_text"), "type": "file"}
    return dict(part)


def parts_text(content: Any) -> str:
    """The text of a message's content, in any form a history may hold it (a string, a
    text part, a list of parts): its text parts joined, files and components left out."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text") or "") if content.get("type") == "text" else ""
    if isinstance(content, (list, tuple)) and not _is_file_tuple(content):
        return "".join(parts_text(item) for item in content)
    return ""


def _is_file_tuple(content: Any) -> bool:
    """Gradio's ``(path,)`` / ``(path, alt_text)`` file form."""
    return isinstance(content, tuple) and bool(content) and isinstance(content[0], (str, Path))
