"""``python -m wirewatch`` is the ``wirewatch`` command."""

from .cli import main

main()
