"""Loads every module that defines finding codes, so that the full list is known."""

from __future__ import annotations

import importlib

#: Modules that register rules when imported.
RULE_MODULES = (
    "subtitler.formats.convert",
    "subtitler.sentences",
    "subtitler.segment",
    "subtitler.checks",
    "subtitler.fix",
    "subtitler.retime",
    "subtitler.align.guard",
)


def load_all_rules() -> None:
    """Import every module that registers finding codes."""
    for name in RULE_MODULES:
        importlib.import_module(name)
