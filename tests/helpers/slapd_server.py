"""Debian's OpenLDAP server for the LDAP login tests: its own slapd on a free port of 127.0.0.1, with a generated
slapd.conf and database in a temporary folder (never the system's service), filled by slapadd before it starts."""

from __future__ import annotations

import shutil
import socket
import subprocess  # nosec B404 - starts the test's own slapd
import time
from pathlib import Path

SLAPD = "/usr/sbin/slapd"
SLAPADD = "/usr/sbin/slapadd"
SUFFIX = "dc=example,dc=org"

CONFIG = """\
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {folder}/slapd.pid
database mdb
maxsize 10485760
suffix "{suffix}"
rootdn "cn=admin,{suffix}"
directory {folder}/data
access to attrs=userPassword by anonymous auth by self read by * none
access to * by users read by * none
"""


def available() -> bool:
    return bool(shutil.which(SLAPD) or Path(SLAPD).exists())


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Slapd:
    def __init__(self, folder: Path, ldif: str):
        self.folder = folder
        (folder / "data").mkdir(parents=True)
        self.config = folder / "slapd.conf"
        self.config.write_text(CONFIG.format(folder=folder, suffix=SUFFIX), encoding="utf-8")
        (folder / "entries.ldif").write_text(ldif, encoding="utf-8")
        subprocess.run(  # nosec B603 - fixed binary, arguments of this test
            [SLAPADD, "-f", str(self.config), "-l", str(folder / "entries.ldif")], check=True, capture_output=True
        )
        self.port = _free_port()
        self.url = f"ldap://127.0.0.1:{self.port}"

    def __enter__(self) -> "Slapd":
        # -d 0: in the foreground, so the test owns the process and ends it.
        self.process = subprocess.Popen(  # nosec B603 - fixed binary, arguments of this test
            [SLAPD, "-f", str(self.config), "-h", self.url + "/", "-d", "0"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("slapd startet nicht: " + self.process.stderr.read().decode(errors="replace"))
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("slapd antwortet nicht")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
