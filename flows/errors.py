"""Failures as a user reads them: one line with what failed, where, and what to do.

No Prefect import here: `sitrep sql` reports its errors without loading Prefect.
"""
from __future__ import annotations

import errno
import os

EXIT_FAILED = 1  # nothing was committed
EXIT_COMMITTED_THEN_FAILED = 4  # the run's data are in the lake, a later step failed

# A full disk, a read-only folder or a refused permission stays so on a retry.
PERMANENT_IO_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM})
_IO_ADVICE = {
    errno.ENOSPC: ("no space left on the device", "free some space, then run again"),
    errno.EDQUOT: ("disk quota exceeded", "free some space, then run again"),
    errno.EROFS: ("read-only file system", "give a lake on a writable file system (--lake)"),
    errno.EACCES: ("permission denied", "make the lake folder writable for this user, or give another --lake"),
    errno.EPERM: ("operation not permitted", "make the lake folder writable for this user, or give another --lake"),
}


def is_permanent_io_error(exc: BaseException | None) -> bool:
    """An OSError with one of those errnos, or an error of a library (DuckDB's IOException, pyarrow's
    errors without an errno) that reports one in its message."""
    if isinstance(exc, OSError) and exc.errno is not None:
        return exc.errno in PERMANENT_IO_ERRORS
    return exc is not None and any(os.strerror(code) in str(exc) for code in PERMANENT_IO_ERRORS)


class RunCommittedError(RuntimeError):
    """The run's commit happened, but a later step (rebuilding the views) failed."""


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


DEBUG_HINT = " (run `sitrep --debug ...` for the traceback)"


def what_failed(exc: BaseException, traceback_hint: str = DEBUG_HINT) -> str:
    """What failed, in one line: a known error's own message, an I/O error's reason and advice, else the
    error's type and first line followed by where its traceback is (`traceback_hint`)."""
    if isinstance(exc, OSError) and exc.errno in _IO_ADVICE:
        reason, advice = _IO_ADVICE[exc.errno]
        where = f" writing {exc.filename}" if exc.filename else ""
        return f"{reason}{where}: {advice}"
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}" + (f": {exc.filename}" if exc.filename else "")
    known = {"LakeBusyError", "LakeAccessError", "LakeConfigError", "MigrationError", "InputError", "ServerStartError",
             "QueryError", "FileNotFoundError"}
    if type(exc).__name__ in known:
        return _first_line(exc)
    return f"{type(exc).__name__}: {_first_line(exc)}{traceback_hint}"


def failure_line(exc: BaseException, writing: bool) -> str:
    """The one line printed for a failed command; `writing` when the command runs a flow on the lake."""
    if isinstance(exc, RunCommittedError):
        cause = exc.__cause__ or exc
        return (f"error: {exc}: {what_failed(cause)}; the new data are in the lake: "
                "run `sitrep run` again (unchanged documents are skipped) to rebuild the views")
    return f"error: {what_failed(exc)}" + ("; nothing was committed" if writing else "")


def exit_code(exc: BaseException) -> int:
    return EXIT_COMMITTED_THEN_FAILED if isinstance(exc, RunCommittedError) else EXIT_FAILED
