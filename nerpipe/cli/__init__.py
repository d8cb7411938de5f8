"""The `nerpipe` command: thin wrappers over the package's functions.

Exit codes: 0 success; 1 some input could not be processed (the rest still was); 2 bad usage,
no usable model, broken pattern files or an unusable case store.
"""

from nerpipe.cli import (  # noqa: F401 - registers the commands
    audit_log,
    cases,
    charts,
    corrections,
    documents,
    find,
    patterns,
    serve,
    training,
    users,
)
from nerpipe.cli.common import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    app()
