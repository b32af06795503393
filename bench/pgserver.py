"""A throwaway PostgreSQL server for a benchmark: a temporary folder, a free loopback port.

The same recipe as the test fixture (``tests/conftest.py``): Debian's server binaries, trust
authentication, started as the ``postgres`` system user when run as root.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def temporary_postgres(parent: str | None = None, *, settings: str = "") -> Iterator[str]:
    """Yields the URL of a fresh server; stops it and deletes its folder afterwards.

    ``settings``: extra server options, e.g. ``"-c shared_buffers=512MB"`` (default: the server's own).
    """
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    if not bins:
        raise SystemExit("PostgreSQL server binaries not installed (apt-get install postgresql)")
    bindir = bins[-1]
    base = Path(tempfile.mkdtemp(prefix="fw-pg-", dir=parent))
    as_user: list[str] = []
    if os.geteuid() == 0:
        os.chmod(base, 0o777)
        as_user = ["runuser", "-u", "postgres", "--"]
    data = base / "data"
    port = _free_port()
    subprocess.run(
        [*as_user, f"{bindir}/initdb", "-D", str(data), "-A", "trust", "-U", "postgres"],
        check=True,
        capture_output=True,
    )
    opts = f"-p {port} -k {base} -h 127.0.0.1 {settings}".strip()
    subprocess.run(
        [*as_user, f"{bindir}/pg_ctl", "-D", str(data), "-l", str(base / "log.txt"), "-w", "-o", opts, "start"],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, f"{bindir}/pg_ctl", "-D", str(data), "-m", "fast", "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)
