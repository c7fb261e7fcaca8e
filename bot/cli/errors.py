"""The one way a command fails on a user's mistake: one line on standard error and exit 1.

A traceback tells an operator that the program broke when it was the configuration, a path or
the database server; commands raise :class:`CliError` with a line that says what to change, and
``delibot``'s ``main`` prints it. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class CliError(Exception):
    """A problem the operator can fix; ``str(error)`` is the line printed."""

    exit_code = 1
