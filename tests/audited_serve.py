"""Run the real ``mockserver`` CLI with a ``sys.addaudithook`` that logs file-system events.

Usage: ``python tests/audited_serve.py LOG_FILE serve --port N ...``. Every ``open`` and
directory/file-changing event is appended to LOG_FILE as ``event<TAB>repr(path)`` and flushed at
once, so a test can tell which file operations a request caused.
"""

from __future__ import annotations

import sys
from typing import Any

WATCHED = frozenset({
    "open", "os.listdir", "os.scandir", "os.walk", "os.chdir", "os.remove", "os.rename",
    "os.mkdir", "os.rmdir", "os.chmod", "os.truncate", "os.link", "os.symlink",
    "shutil.copyfile", "shutil.rmtree", "glob.glob",
})


def main() -> int:
    log = open(sys.argv[1], "a", buffering=1, encoding="utf-8")  # open for the process' life

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event in WATCHED:
            target = args[0] if args else None
            log.write(f"{event}\t{target!r}\n")  # repr() escapes any line break

    sys.addaudithook(hook)
    sys.argv = ["mockserver", *sys.argv[2:]]
    from mockserver.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
