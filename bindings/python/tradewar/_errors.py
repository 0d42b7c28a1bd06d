# SPDX-License-Identifier: MIT
"""Exceptions carrying the C library's error record (tradewar/core.h, tw_error)."""
from typing import Optional

from ._tradewar_cffi import ffi, lib


class TradewarError(Exception):
    """A tradewar library call failed.

    Attributes mirror the library's ``tw_error`` record: ``status`` (the ``tw_status`` code,
    e.g. 1 bad input, 2 I/O, 4 not converged), ``status_name`` ("bad input", ...), ``file``
    (``None`` when the error is not tied to a file), ``line`` and ``column`` (1-based, 0 when
    unknown), ``field`` (``None`` when not applicable) and ``message``. ``str(e)`` is the
    library's GCC-style line "file:line:column: error: field: message", the line the command
    line prints.
    """

    def __init__(self, status: int, status_name: str, file: Optional[str], line: int,
                 column: int, field: Optional[str], message: str, text: str):
        super().__init__(text)
        self.status = status
        self.status_name = status_name
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = message
        self.text = text


class InputError(TradewarError, ValueError):
    """Input data are malformed, inconsistent or out of range (TW_ERR_INPUT)."""


class TradewarIOError(TradewarError, OSError):
    """A file could not be opened, read or written (TW_ERR_IO)."""


class NotConvergedError(TradewarError, ArithmeticError):
    """A solver stopped before its residual met the tolerance (TW_ERR_NOT_CONVERGED); the
    message gives the residual. No result is returned."""


class NumericError(TradewarError, ArithmeticError):
    """A NaN or infinity appeared during a computation (TW_ERR_NUMERIC)."""


class UsageError(TradewarError):
    """An invalid argument reached the library (TW_ERR_USAGE)."""


class CancelledError(TradewarError):
    """The computation was cancelled (TW_ERR_CANCELLED)."""


_CLASSES = {
    lib.TW_ERR_INPUT: InputError,
    lib.TW_ERR_IO: TradewarIOError,
    lib.TW_ERR_NOMEM: MemoryError,
    lib.TW_ERR_NOT_CONVERGED: NotConvergedError,
    lib.TW_ERR_USAGE: UsageError,
    lib.TW_ERR_NUMERIC: NumericError,
    lib.TW_ERR_CANCELLED: CancelledError,
}


def _text(chars) -> str:
    return ffi.string(chars).decode("utf-8", "replace")


def error_from_record(st: int, err, rename=None) -> Exception:
    """The exception for status st and the record err (a ``tw_error *``). rename maps a file
    name of the record to the name shown (data frames written to temporary files)."""
    if st == lib.TW_ERR_NOMEM and (err == ffi.NULL or err.status != lib.TW_ERR_NOMEM
                                   or not err.message[0]):
        return MemoryError("tradewar: out of memory")
    cls = _CLASSES.get(st, TradewarError)
    if cls is MemoryError:
        cls = TradewarError
    if err == ffi.NULL or err.status == lib.TW_OK:
        err = ffi.new("tw_error *")
        err.status = st
    if rename:
        name = _text(err.file)
        if name in rename:
            new = rename[name].encode()[:511]
            ffi.memmove(err.file, new + b"\0", len(new) + 1)
    size = lib.tw_error_format(err, ffi.NULL, 0) + 1
    buf = ffi.new("char[]", size)
    lib.tw_error_format(err, buf, size)
    text = _text(buf)
    file = _text(err.file) or None
    if not file:
        text = "tradewar: " + text  # as the command line prints errors tied to no file
    return cls(st, _text(lib.tw_status_name(st)), file, err.line, err.column,
               _text(err.field) or None, _text(err.message), text)


def check(st: int, err=ffi.NULL, rename=None) -> None:
    """Raises the exception for a failed status (TW_OK: returns)."""
    if st != lib.TW_OK:
        raise error_from_record(st, err, rename)


def warnings_list(w, rename=None) -> list:
    """The warnings of a ``tw_warnings *`` as dicts with the fields of the JSON documents'
    ``warnings`` (file, line, column, field, message, text)."""
    out = []
    if w == ffi.NULL:
        return out
    for k in range(lib.tw_warnings_count(w)):
        e = lib.tw_warnings_get(w, k)
        size = lib.tw_warning_format(e, ffi.NULL, 0) + 1
        buf = ffi.new("char[]", size)
        lib.tw_warning_format(e, buf, size)
        file = _text(e.file) or None
        if rename and file in rename:
            file = rename[file]
        out.append({"file": file, "line": e.line, "column": e.column,
                    "field": _text(e.field) or None, "message": _text(e.message),
                    "text": _text(buf)})
    return out
