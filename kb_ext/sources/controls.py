"""Control characters made visible: article text, sidecar values, titles and
tooltips show each as its Unicode control picture (U+0000 as ␀), since HTML
cannot show them and docutils drops NUL with the character after it."""

from __future__ import annotations

import re

_CONTROLS = [c for c in range(0x20) if chr(c) not in "\t\n"]
CONTROL_PICTURES = str.maketrans({c: 0x2400 + c for c in _CONTROLS} | {0x7F: 0x2421})
_ANY_CONTROL = re.compile("[" + "".join(map(chr, [*_CONTROLS, 0x7F])) + "]")


def shown(text: str) -> str:
    """Text as displayed: control characters made visible."""
    # translate looks up every character; almost no text has a control
    # character, which a regular expression rules out at C speed.
    return text.translate(CONTROL_PICTURES) if _ANY_CONTROL.search(text) else text


def count_controls(text: str) -> int:
    return sum(text.count(chr(c)) for c in (*_CONTROLS, 0x7F))
