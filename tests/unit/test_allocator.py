"""ui.allocator: the server fixes glibc's mmap threshold once, does nothing without glibc, and
with the threshold fixed, freed multi-MiB buffers go back to the system."""
import subprocess
import sys
from pathlib import Path

import pytest

from ui import allocator

ROOT = Path(__file__).resolve().parents[2]


class FakeLibc:
    def __init__(self):
        self.calls = []

    def mallopt(self, param, value):
        self.calls.append((param, value))
        return 1


@pytest.fixture
def fresh(monkeypatch):
    """The module as in a process that has not called it yet, with a fake libc."""
    libc = FakeLibc()
    monkeypatch.setattr(allocator, "_fixed", None)
    monkeypatch.setattr(allocator.ctypes, "CDLL", lambda name: libc)
    return libc


def test_sets_the_threshold_once(fresh, monkeypatch):
    monkeypatch.setattr(allocator, "glibc", lambda: True)
    assert allocator.fix_mmap_threshold() is True
    assert allocator.fix_mmap_threshold() is True
    assert fresh.calls == [(-3, 128 * 1024)]


def test_does_nothing_without_glibc(fresh, monkeypatch):
    monkeypatch.setattr(allocator, "glibc", lambda: False)
    assert allocator.fix_mmap_threshold() is False
    assert fresh.calls == []


def test_without_the_confstr_name_it_is_not_glibc(monkeypatch):
    def missing(name):
        raise ValueError(f"unrecognized configuration name: {name}")
    monkeypatch.setattr(allocator.os, "confstr", missing)
    assert allocator.glibc() is False


FREED = """
import sys
sys.path.insert(0, "ui")        # this module alone: the ui package imports Streamlit
import allocator
if {fix}:
    assert allocator.fix_mmap_threshold()

def rss_mib():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024

big = bytearray(16 << 20)       # freed: by default the threshold would rise to 16 MiB
del big
before = rss_mib()
blocks, pins = [], []
for _ in range(64):             # 64 MiB in 1 MiB blocks, a small block kept after each
    blocks.append(bytearray(1 << 20))
    blocks[-1][::4096] = bytes(256)               # touch every page
    pins.append(bytearray(1000))
del blocks
print(rss_mib() - before)
"""


def kept_mib(fix: bool) -> float:
    """MiB of RSS a fresh process keeps after freeing 64 MiB of 1 MiB blocks."""
    return float(subprocess.run([sys.executable, "-c", FREED.format(fix=fix)], cwd=ROOT,
                                capture_output=True, text=True, check=True).stdout)


@pytest.mark.skipif(not allocator.glibc(), reason="glibc only")
def test_freed_blocks_go_back_to_the_system():
    assert kept_mib(fix=False) > 48     # glibc's default: the heap keeps them
    assert kept_mib(fix=True) < 8
