"""Errors a user can act on.

Everything a person can fix (a missing model, a bad pattern file, an unreadable document) is a
`NerpipeError` with a one-line message that names the thing and says what to do. Anything else
is a bug and is allowed to surface as one.
"""

from __future__ import annotations


class NerpipeError(Exception):
    """Base class: the message is shown to the user as it is."""

    #: Exit code the CLI uses when this error ends a command.
    exit_code = 1


class ConfigError(NerpipeError):
    """A setting (environment variable, option) has a value nerpipe cannot use."""

    exit_code = 2


class ModelError(NerpipeError):
    """No usable spaCy pipeline: none installed, or the chosen one does not load."""

    exit_code = 2


class WorkerError(NerpipeError):
    """A worker process of a parallel run died (killed for memory, most often)."""


class PatternError(NerpipeError):
    """A pattern file cannot be read or holds invalid entries."""

    exit_code = 2


class StoreError(NerpipeError):
    """The case store cannot be opened or used (database missing, locked, too new...)."""

    exit_code = 2


class QueryError(NerpipeError):
    """A search query that cannot be run as written; the message says what to change."""

    exit_code = 2


class CaseError(NerpipeError):
    """A case that does not exist, or one that already does."""


class CaseNotFoundError(CaseError):
    """No such case, or none the user may see: the two read the same, so a case's existence is
    not revealed to someone who is not its member."""


class CaseExistsError(CaseError):
    """A case of that name already exists."""


class UserError(NerpipeError):
    """A user name, role or password that cannot be used (missing, taken, too short...)."""

    exit_code = 2


class UserNotFoundError(UserError):
    """No user of that name (or no API token of that number)."""


class UserExistsError(UserError):
    """A user of that name already exists."""


class AuthError(NerpipeError):
    """Not logged in: a wrong name or password, an expired session, a revoked token."""


class LoginRateLimitError(AuthError):
    """Too many failed logins for one name in a short time: the next attempts wait."""


class PermissionDeniedError(NerpipeError):
    """The user is a member of the case but their role does not allow this action."""


class IngestError(NerpipeError):
    """A document cannot be turned into text. Subclasses say why."""

    def __init__(self, filename: str, problem: str) -> None:
        self.filename = filename
        self.problem = problem
        super().__init__(f"{filename}: {problem}")

    def __reduce__(self) -> tuple:
        # Readers run in a child process; the error must cross back intact.
        return (self.__class__, (self.filename, self.problem))


class FileNotReadableError(IngestError):
    """The path is missing, a directory, or cannot be opened."""


class EmptyFileError(IngestError):
    """The file has no bytes (or no text)."""


class UnsupportedFormatError(IngestError):
    """The content is of a kind nerpipe does not read (binary, image, archive...)."""


class FileTooLargeError(IngestError):
    """The file is over the configured size limit; refused before parsing."""


class EncryptedFileError(IngestError):
    """The file is password-protected."""


class CorruptFileError(IngestError):
    """The file claims a format but its content is damaged or truncated."""


class UnsafeFileError(IngestError):
    """The file is built to exhaust memory or time (zip bomb, entity expansion, extreme nesting)."""


class ParseTimeoutError(IngestError):
    """Reading the file took longer than the configured time limit."""
