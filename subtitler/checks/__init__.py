"""The validate job: subtitle files judged against their format and a caption profile.

- :mod:`.core`: a Document in, every Finding out; the rules by topic in :mod:`.timing`,
  :mod:`.text` and :mod:`.tags`, their shared helpers in :mod:`.common`;
- :mod:`.batch`: paths, directories and globs, in parallel, one result per file in input order;
- :mod:`.fix`: the mechanical repairs, each listed;
- :mod:`.report`: results as compiler-style text, JSON or GitHub annotations.

The package is named for what it holds, so that :func:`subtitler.validate`, the job's
entry in the public API, does not share a name with it.
"""
