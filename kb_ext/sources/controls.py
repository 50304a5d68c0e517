"""Control characters made visible: article text, sidecar values, titles and
tooltips show each as its Unicode control picture (U+0000 as ␀), since HTML
cannot show them and docutils drops NUL with the character after it."""

from __future__ import annotations

_CONTROLS = [c for c in range(0x20) if chr(c) not in "\t\n"]
CONTROL_PICTURES = str.maketrans({c: 0x2400 + c for c in _CONTROLS} | {0x7F: 0x2421})


def shown(text: str) -> str:
    """Text as displayed: control characters made visible."""
    return text.translate(CONTROL_PICTURES)


def count_controls(text: str) -> int:
    return sum(text.count(chr(c)) for c in (*_CONTROLS, 0x7F))
