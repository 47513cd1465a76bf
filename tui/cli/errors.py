"""UserError: a mistake by the user, printed as one line on stderr (exit code 1)."""

from __future__ import annotations


class UserError(Exception):
    """A mistake by the user: printed as one line on stderr, exit code 1."""
