"""preview: one self-contained HTML page to review speakers, timing and findings.

- :mod:`.page`: what the page shows, as data;
- :mod:`.html`: that data as HTML, from the jinja2 templates in ``templates/``.
"""
