"""Errors as values with a place: the CLI turns them into one line, `error: FILE[:LINE]: what`."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Input that cannot be used as it is: a bad file, a bad record, a bad setting."""

    def __init__(self, where: str | Path, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.where = str(where)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        place = f"{self.where}:{self.line}" if self.line else self.where
        return f"{place}: {self.message}"

    def at(self, where: str | Path) -> InputError:
        """The same error, placed in `where` (a source parsed text it did not know the name of)."""
        return InputError(where, self.message, self.line)
