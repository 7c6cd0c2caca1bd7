"""The server process's C allocator: give large freed buffers back to the system.

glibc serves an allocation of at least M_MMAP_THRESHOLD bytes (128 KiB) with its own mmap,
unmapped again when it is freed; but by default, each time such a block is freed, the
threshold rises to that block's size (up to 32 MiB). After a few training results, figure
specs and messages of several MiB have passed through, blocks of that size come from the
heap instead, and freed heap memory stays in the process: RSS rises in steps with the
largest peaks and does not come down. Setting the threshold with mallopt() fixes it at
128 KiB and turns the adjustment off. docs/operations.md ("Memory over a lesson") has what
it changed in the load bench.
"""
from __future__ import annotations

import ctypes
import os

M_MMAP_THRESHOLD = -3                  # glibc's malloc.h
MMAP_THRESHOLD = 128 * 1024            # glibc's default, kept fixed

_fixed: bool | None = None             # the outcome, once tried


def glibc() -> bool:
    """True in a process linked with glibc (Linux, not musl, not macOS or Windows)."""
    try:
        return os.confstr("CS_GNU_LIBC_VERSION").startswith("glibc")
    except (ValueError, OSError, AttributeError):   # no such name on this platform
        return False


def fix_mmap_threshold() -> bool:
    """mallopt(M_MMAP_THRESHOLD, 128 KiB) in this process, once (later calls return the first
    call's outcome); True if glibc took it, False where there is no glibc (nothing done)."""
    global _fixed
    if _fixed is None:
        _fixed = glibc() and ctypes.CDLL(None).mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
    return _fixed
