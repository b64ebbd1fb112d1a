"""What became of one input of a batch: :class:`Result` (a line of the JSON Lines results)."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Literal

Status = Literal["done", "skipped", "failed"]


@dataclass(frozen=True)
class Result:
    """What became of one input.

    Attributes:
        path: the input, as listed (a local path or a URL).
        status: ``done``, ``skipped`` (its output exists and ``resume`` was asked) or ``failed``.
        findings: how many findings (validate) or notes of what the output could not hold.
        errors: how many of the findings are errors.
        error: why it failed, one line ('' unless failed).
        output: the output written or found ('' for validate).
        attempts: how many times the store was tried (more than 1 after a transient error).
    """

    path: str
    status: Status
    findings: int = 0
    errors: int = 0
    error: str = ""
    output: str = ""
    attempts: int = 1

    def to_json(self) -> str:
        """The result as one line of JSON (a line of the JSON Lines results).

        >>> print(Result("s3://in/a.srt", "failed", error="no such file or object").to_json())  # doctest: +ELLIPSIS
        {"path": "s3://in/a.srt", "status": "failed", "findings": 0, "errors": 0, "error": "no such file or ...}
        """
        return json.dumps(dataclasses.asdict(self), ensure_ascii=False)
