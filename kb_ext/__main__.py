"""``python -m kb_ext <command> ...``: one line per command, each a module
of :mod:`kb_ext.cli` with a ``main(argv) -> int``."""

from __future__ import annotations

import importlib
import sys

COMMANDS = {
    "fix-positions": "kb_ext.cli.fix_positions",
}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in COMMANDS:
        print(f"usage: python -m kb_ext {{{','.join(COMMANDS)}}} ...", file=sys.stderr)
        return 2
    command: int = importlib.import_module(COMMANDS[args[0]]).main(args[1:])
    return command


if __name__ == "__main__":
    sys.exit(main())
