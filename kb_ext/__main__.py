"""``python -m kb_ext <command> ...``: each command is a module of
:mod:`kb_ext.cli` with a ``main(argv) -> int``, imported only when run."""

from __future__ import annotations

import importlib
import sys

#: Command name → module; one line per command.
COMMANDS = {
    "fix-positions": "kb_ext.cli.fix_positions",
    "import": "kb_ext.cli.importer",
    "learn-furniture": "kb_ext.cli.learn_furniture",
}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in COMMANDS:
        print(f"usage: python -m kb_ext {{{','.join(COMMANDS)}}} ...", file=sys.stderr)
        return 0 if args[:1] in (["-h"], ["--help"]) else 2
    module = importlib.import_module(COMMANDS[args[0]])
    result: int = module.main(args[1:])
    return result


if __name__ == "__main__":
    sys.exit(main())
