"""Opening an input file without waiting forever: only regular files are read.

`open()` on a named pipe (FIFO) blocks until a writer opens the other end, and reading a character device
(`/dev/zero`, a terminal) may never end. A path given to crisisledger, or found in a folder, is opened without
blocking and looked at (`fstat`) before a byte is read; anything but a regular file is refused with one line.
Opening and then looking, rather than looking first, leaves no moment for the path to be swapped in between.
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

from ..errors import InputError

__all__ = ["open_regular", "printable"]

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def printable(source: str) -> str:
    """A path, URL or other source name as it can stand in a one-line message (the readers' one way of
    naming a source in their errors)."""
    return source if source.isprintable() else repr(source)


def open_regular(path: str) -> BinaryIO:
    """`path` opened for reading in binary; InputError (one line) when it is not a regular file.

    OSError (not found, permission denied...) is left to the caller, which knows what to advise.
    """
    # O_NONBLOCK: open() of a FIFO returns at once instead of waiting for a writer; O_NOCTTY: a terminal
    # given as a path does not become this process's controlling terminal.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            what = next((name for test, name in _KINDS if test(mode)), "not a regular file")
            raise InputError(f"{printable(path)}: skipped: it is {what}, not a file of reports; pass regular files.")
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)  # regular files ignore the flag; set back for clarity
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
