"""generate: a news transcript to speaker turns, timings and caption cues.

The stages, one module each, in the order they run (:mod:`.pipeline` runs them)::

    transcript -> speakers -> timing (or align) -> segment -> render

- :mod:`.transcript`: lines, labels, page furniture and sentences (:mod:`.sentences`);
- :mod:`.speakers`: who speaks each sentence (labels, discourse evidence, the sequence model);
- :mod:`.timing`: when each sentence is spoken, from its syllables (:mod:`.spoken`),
  or :mod:`.align` from the broadcast audio;
- :mod:`.segment`: cues that meet a profile, with line breaks from :mod:`.linebreak`;
- :mod:`.render`: the cues as an SRT or WebVTT document with speakers marked.
"""

from __future__ import annotations

from subtitler.generate.pipeline import Options, generate_bytes, generate_text
from subtitler.generate.render import document
from subtitler.model import Generated

__all__ = ["Generated", "Options", "document", "generate_bytes", "generate_text"]
