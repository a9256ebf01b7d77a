"""``python -m vfeedback`` is the ``vfeedback`` command."""

from vfeedback.cli import main

main()
