"""``python -m subtitler``: the command line."""

from subtitler.cli import main

main()
