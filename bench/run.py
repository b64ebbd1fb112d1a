"""Run every benchmark (``make bench``) and print their tables.

Each ``bench_*.py`` module has a ``main() -> str`` that returns markdown.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def main() -> None:
    names = sys.argv[1:] or sorted(p.stem for p in HERE.glob("bench_*.py"))
    for name in names:
        module = importlib.import_module(name if name.startswith("bench_") else f"bench_{name}")
        print(module.main(), flush=True)


if __name__ == "__main__":
    main()
