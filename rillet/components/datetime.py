"""``gr.DateTime``: a date, or a date and time, typed or picked from a calendar."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo
from typing import Any, ClassVar, Literal

from rillet.components._common import FormComponent, warn_unhonoured

#: "now", or "now - <n><unit>" with unit d(ays), h(ours), m(inutes) or s(econds).
_RELATIVE = re.compile(r"^\s*now\s*(?:-\s*(\d+)\s*([dhms]))?\s*$")
_UNITS = {"d": "days", "h": "hours", "m": "minutes", "s": "seconds"}


class DateTime(FormComponent):
    """A date and time (or, with ``include_time=False``, a date) as ``YYYY-MM-DD HH:MM:SS``.

    The page sends that text; it may also be ``"now"`` or ``"now - 2h"`` (units ``d``,
    ``h``, ``m``, ``s``), resolved when the function runs. Value: a Unix timestamp
    (``float``, ``type="timestamp"``), a ``datetime`` (``type="datetime"``) or the text
    (``type="string"``). ``timezone`` (an IANA name such as ``"Europe/Paris"``) is the zone
    typed times are in, and the one returned timestamps are shown in.
    """

    EVENTS: ClassVar[tuple[str, ...]] = ("change", "submit")

    def __init__(
        self,
        value: float | str | datetime | None = None,
        *,
        include_time: bool = True,
        type: Literal["timestamp", "datetime", "string"] = "timestamp",
        timezone: str | None = None,
        label: str | None = None,
        show_label: bool | None = None,
        info: str | None = None,
        every: float | None = None,
        scale: int | None = None,
        min_width: int = 160,
        visible: bool | Literal["hidden"] = True,
        interactive: bool | None = None,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = "value",
        buttons: Sequence[Any] | None = None,
    ) -> None:
        if type not in ("timestamp", "datetime", "string"):
            raise ValueError(
                f"Invalid value for parameter `type`: {type!r}. "
                "Please choose from one of: ['timestamp', 'datetime', 'string']"
            )
        self.include_time = include_time
        self.type = type
        self.timezone = timezone
        self._zone = _zone(timezone)
        self.time_format = "%Y-%m-%d %H:%M:%S" if include_time else "%Y-%m-%d"
        # Gradio's DateTime has no built-in buttons: only custom gr.Button entries, which
        # rillet does not draw yet.
        warn_unhonoured(
            self, every=every, preserved_by_key=preserved_by_key, buttons=buttons or None
        )
        super().__init__(
            value,
            label=label,
            info=info,
            show_label=show_label,
            scale=scale,
            min_width=min_width,
            interactive=interactive,
            visible=visible,
            elem_id=elem_id,
            elem_classes=elem_classes,
            render=render,
            key=key,
        )

    def preprocess(self, payload: Any) -> float | datetime | str | None:
        """The typed text as this component's ``type``; None when empty; ValueError when it
        is neither ``YYYY-MM-DD[ HH:MM:SS]`` nor ``now[ - <n><unit>]``."""
        if payload is None or str(payload).strip() == "":
            return None
        text = str(payload)
        if self.type == "string" and "now" not in text:
            return text
        moment = self.parse(text)
        if self.type == "string":
            return moment.strftime(self.time_format)
        if self.type == "datetime":
            return moment
        return moment.timestamp()

    def parse(self, text: str) -> datetime:
        """``text`` as a datetime: "now" (minus an offset) is the server's local time; a
        typed time is in ``timezone`` (naive, local, without one)."""
        if "now" in text:
            match = _RELATIVE.match(text)
            if match is None:
                raise ValueError(f"Invalid 'now' time format: {text!r} (try 'now - 2h')")
            amount, unit = int(match.group(1) or 0), match.group(2) or "s"
            return datetime.now() - timedelta(**{_UNITS[unit]: amount})
        moment = datetime.strptime(text.strip(), self.time_format)
        return moment if self._zone is None else moment.replace(tzinfo=self._zone)

    def postprocess(self, value: Any) -> str | None:
        """Text for the page: a datetime is formatted, a number is a Unix timestamp shown
        in ``timezone`` (local without one), a string is shown as it is."""
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.strftime(self.time_format)
        if isinstance(value, str):
            return value
        try:
            seconds = float(value)  # numpy numbers too
        except (TypeError, ValueError) as error:
            raise TypeError(
                f"gr.DateTime expects a timestamp, a datetime or a string, got {value!r}"
            ) from error
        return datetime.fromtimestamp(seconds, tz=self._zone).strftime(self.time_format)

    def api_info(self) -> dict[str, Any]:
        shape = "YYYY-MM-DD HH:MM:SS" if self.include_time else "YYYY-MM-DD"
        return {"type": "string", "description": f"Formatted as {shape}"}

    def example_payload(self) -> Any:
        return "2020-10-01 05:20:15"

    def api_python_type(self) -> str:
        return "str"

    def props(self) -> dict[str, Any]:
        return {
            **super().props(),
            "include_time": self.include_time,
            "type": self.type,
            "timezone": self.timezone,
            "buttons": [],
        }


def _zone(name: str | None) -> tzinfo | None:
    """The IANA time zone ``name`` (None for None); ValueError for an unknown name."""
    if name is None:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"gr.DateTime: unknown timezone {name!r}") from error
