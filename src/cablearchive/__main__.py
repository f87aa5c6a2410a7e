"""`python -m cablearchive` runs the `cables` command."""

from cablearchive.cli import main

main()
