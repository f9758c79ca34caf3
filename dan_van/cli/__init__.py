"""The command line, a thin shell over the library: the commands (commands.py), the options they share
(options.py), the work of one run from options to exit code (running.py) and how TERM and HUP stop it
(signals.py). Only this package exits: 0 every input processed, 1 an error or a failed input (the others
still written), 2 a usage error, 128 + N a signal."""

from .commands import main, run

__all__ = ["main", "run"]
