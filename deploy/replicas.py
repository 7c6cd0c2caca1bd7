"""Run N Activation Lab replicas behind nginx on loopback (the scale-out recipe, runnable).

    .venv/bin/python -m deploy.replicas --replicas 3            # prints the URL; Ctrl-C stops
    .venv/bin/python -m deploy.replicas --replicas 2 --port 8080

Each replica is `streamlit run app.py` on its own free loopback port; nginx (Debian's
/usr/sbin/nginx, not as a daemon) listens on one more port and routes by the sticky
`actlab_route` cookie (deploy/nginx.conf.template says why). Its config, pid file, temp
directories and logs live in a fresh temporary folder. Everything is stopped by the PIDs
this script started — never by name — on Ctrl-C, SIGTERM or leaving the `Cluster` block.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from deploy.processes import ROOT, free_port, start_streamlit, stop, wait_healthy

NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")
TEMPLATE = Path(__file__).with_name("nginx.conf.template")


def render_config(tmp: Path, listen_port: int, replica_ports: list[int]) -> str:
    """The nginx config for these ports, temp paths under `tmp`. Replica i is named r<i>:
    its pool (upstream actlab_r<i>) serves the sessions whose route cookie names it, with
    the other replicas as backups."""
    def server(port: int, backup: bool = False) -> str:
        return (f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=10s"
                + (" backup;" if backup else ";"))

    upstreams = "\n".join(server(p) for p in replica_ports)
    pools = "\n".join(
        f"    upstream actlab_r{i} {{\n" + "\n".join(
            [server(p)] + [server(q, backup=True) for q in replica_ports if q != p]) + "\n    }"
        for i, p in enumerate(replica_ports))
    route_pools = "\n".join(f"        r{i}      actlab_r{i};" for i in range(len(replica_ports)))
    served_by = "\n".join(f'        "~(^|, )127\\.0\\.0\\.1:{p}$" r{i};'
                           for i, p in enumerate(replica_ports))
    return (TEMPLATE.read_text().replace("@@TMP@@", str(tmp))
            .replace("@@LISTEN@@", f"127.0.0.1:{listen_port}")
            .replace("@@UPSTREAMS@@", upstreams).replace("@@REPLICA_POOLS@@", pools)
            .replace("@@ROUTE_POOLS@@", route_pools).replace("@@SERVED_BY@@", served_by))


class Cluster:
    """N replicas + nginx. `with Cluster(2) as c: c.url, c.replica_urls, c.kill(0)`."""

    def __init__(self, replicas: int = 2, port: int | None = None, app: Path = ROOT / "app.py",
                 options: dict[str, str] | None = None):
        self.n, self.port, self.app = replicas, port, app
        self.options = options or {}
        self.tmp = Path(tempfile.mkdtemp(prefix="actlab-deploy-"))
        self.replicas: list[tuple[int, subprocess.Popen]] = []
        self.nginx: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def replica_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{p}" for p, _ in self.replicas]

    def start(self) -> "Cluster":
        try:
            for i in range(self.n):
                port = free_port()
                proc = start_streamlit(port, self.tmp / f"replica{i}.log", self.app,
                                       self.options)
                self.replicas.append((port, proc))
            for (port, proc) in self.replicas:
                wait_healthy(f"http://127.0.0.1:{port}", proc)
            self.port = self.port or free_port()
            # nginx's workers may run as another user: they must reach the temp paths.
            os.chmod(self.tmp, 0o755)
            conf = self.tmp / "nginx.conf"
            conf.write_text(render_config(self.tmp, self.port, [p for p, _ in self.replicas]))
            with open(self.tmp / "nginx.out", "w") as out:
                self.nginx = subprocess.Popen(
                    [NGINX, "-p", str(self.tmp), "-e", str(self.tmp / "error.log"),
                     "-c", str(conf)], stdout=out, stderr=subprocess.STDOUT)
            wait_healthy(self.url, self.nginx, timeout=15)
            return self
        except BaseException:
            self.stop()
            raise

    def kill(self, i: int) -> None:
        """Kill replica i outright (SIGKILL, like a crashed machine)."""
        proc = self.replicas[i][1]
        proc.kill()
        proc.wait()

    def log(self, name: str) -> str:
        path = self.tmp / name
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.nginx is not None:
            stop(self.nginx)          # SIGTERM to nginx's master: it stops its own worker
        for _, proc in self.replicas:
            stop(proc)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> "Cluster":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--replicas", type=int, default=2)
    p.add_argument("--port", type=int, default=None, help="nginx port (default: a free one)")
    args = p.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))    # run the finally below
    with Cluster(args.replicas, args.port) as cluster:
        print(f"Activation Lab on {cluster.url} "
              f"(replicas: {', '.join(cluster.replica_urls)}; nginx pid {cluster.nginx.pid}; "
              f"logs in {cluster.tmp}). Ctrl-C stops them all.", flush=True)
        try:
            while all(proc.poll() is None for _, proc in cluster.replicas) and \
                    cluster.nginx.poll() is None:
                time.sleep(1)
            print("a process exited; stopping the rest", file=sys.stderr)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
