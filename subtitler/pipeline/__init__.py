"""The generate pipeline: a news transcript to speaker turns, timings and caption cues.

The stages, one module each, in the order :mod:`.generate` runs them::

    transcript -> speakers -> timing (or align) -> segment -> render

- :mod:`.transcript`: lines, labels, page furniture and sentences (:mod:`.sentences`);
- :mod:`.speakers`: who speaks each sentence (labels, discourse evidence, the sequence model);
- :mod:`.timing`: when each sentence is spoken, from its syllables (:mod:`.spoken`),
  or :mod:`.align` from the broadcast audio;
- :mod:`.segment`: cues that meet a profile, with line breaks from :mod:`.linebreak`;
- :mod:`.result`: what the pipeline decided; :mod:`.render` writes its cues as an SRT or
  WebVTT document with speakers marked, :mod:`.jsondoc` as the JSON contract and
  :mod:`.rttm` as RTTM.

The package is named for what it is, not for the job, so that :func:`subtitler.generate`,
the job's entry in the public API, does not share a name with it.
"""

from __future__ import annotations

from subtitler.pipeline.generate import Options, generate_bytes, generate_text
from subtitler.pipeline.render import document
from subtitler.pipeline.result import Generated

__all__ = ["Generated", "Options", "document", "generate_bytes", "generate_text"]
