"""The training worker processes of this test process, found from /proc rather than asked of
actlib.offload, so the fault tests also ran against the pool that came before issue 14."""
import os


def worker_pids(parent: int | None = None) -> list[int]:
    """Children of `parent` (default: this process) started by multiprocessing's spawn."""
    me, found = str(parent or os.getpid()), []
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = f.read().rsplit(")", 1)[1].split()[1]
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                spawned = b"spawn_main" in f.read()
        except OSError:                  # gone since listdir
            continue
        if ppid == me and spawned:
            found.append(int(entry))
    return found
