"""retime: shift, stretch and sync, changing nothing but timestamps.

- :mod:`.mapping`: one ``int -> int`` mapping of milliseconds per operation, and the plan of new times;
- :mod:`.apply`: a mapping applied to every cue of a Document or to none; it chooses the fast path;
- :mod:`.text`: the fast path, a clean file retimed as text without building a Document.
"""
