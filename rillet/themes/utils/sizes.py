"""The size scales a theme's ``text_size``, ``spacing_size`` and ``radius_size`` are picked
from (``gr.themes.sizes.radius_none``...): seven steps, ``xxs`` to ``xxl``, as CSS lengths."""

from __future__ import annotations

STEPS = ("xxs", "xs", "sm", "md", "lg", "xl", "xxl")


class Size:
    """Seven CSS lengths from ``xxs`` to ``xxl``."""

    all: tuple[Size, ...] = ()

    def __init__(
        self,
        xxs: str,
        xs: str,
        sm: str,
        md: str,
        lg: str,
        xl: str,
        xxl: str,
        name: str | None = None,
    ) -> None:
        self.name = name
        self.xxs, self.xs, self.sm, self.md = xxs, xs, sm, md
        self.lg, self.xl, self.xxl = lg, xl, xxl

    def expand(self) -> list[str]:
        """The seven lengths, smallest first."""
        return [getattr(self, step) for step in STEPS]

    def __repr__(self) -> str:
        return f"Size(name={self.name!r})"


def _scale(name: str, lengths: str) -> Size:
    s = lengths.split()
    return Size(s[0], s[1], s[2], s[3], s[4], s[5], s[6], name=name)


radius_none = _scale("radius_none", "0px 0px 0px 0px 0px 0px 0px")
radius_sm = _scale("radius_sm", "1px 1px 2px 4px 6px 8px 12px")
radius_md = _scale("radius_md", "1px 2px 4px 6px 8px 12px 22px")
radius_lg = _scale("radius_lg", "2px 4px 6px 8px 12px 16px 24px")
radius_xxl = _scale("radius_xxl", "6px 8px 10px 20px 24px 28px 32px")
spacing_sm = _scale("spacing_sm", "1px 1px 2px 4px 6px 9px 12px")
spacing_md = _scale("spacing_md", "1px 2px 4px 6px 8px 10px 16px")
spacing_lg = _scale("spacing_lg", "2px 4px 6px 8px 10px 14px 28px")
text_sm = _scale("text_sm", "8px 9px 11px 13px 16px 20px 24px")
text_md = _scale("text_md", "9px 10px 12px 14px 16px 22px 26px")
text_lg = _scale("text_lg", "10px 12px 14px 16px 20px 24px 28px")

#: Every named scale, for looking one up by name (``radius_size="radius_none"``).
NAMED: dict[str, Size] = {
    s.name or "": s
    for s in (
        radius_none, radius_sm, radius_md, radius_lg, radius_xxl,
        spacing_sm, spacing_md, spacing_lg, text_sm, text_md, text_lg,
    )
}  # fmt: skip


def size_named(value: Size | str, kind: str) -> Size:
    """``value`` as a :class:`Size`: itself, or the scale of that name; ``kind`` ("radius",
    "spacing", "text") also finds ``"md"`` as ``"radius_md"``."""
    if isinstance(value, Size):
        return value
    found = NAMED.get(value) or NAMED.get(f"{kind}_{value}")
    if found is None:
        raise ValueError(f"Size not found: {value!r}; use one of {', '.join(NAMED)}")
    return found
