"""A throwaway PostgreSQL server for the team-library tests: the distribution's binaries
(installed by scripts/ensure-system-libs.sh), `initdb` + `pg_ctl` in a temporary folder, on a
Unix socket only (no TCP port), password (SCRAM) authentication so every login is proven."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

SUPERUSER = "server_admin"
OWNER = "copydesk_owner"
PASSWORD_SUFFIX = "-pw"  # each test login's password is its name + this (a test server, thrown away)


def find_binaries() -> Path | None:
    """The folder with initdb and pg_ctl: on PATH, else the newest /usr/lib/postgresql/*/bin."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(os.path.realpath(on_path)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    return Path(candidates[-1]).parent if candidates else None


class PgServer:
    def __init__(self, binaries: Path):
        self.binaries = binaries
        self.root = Path(tempfile.mkdtemp(prefix="copydesk-pg-"))
        self.data = self.root / "data"
        self.socket_dir = self.root / "socket"
        self.port = 5432
        self._counter = 0
        # initdb refuses to run as root; the distribution's package made a postgres account.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_user, *args], check=True, capture_output=True, timeout=120)

    def start(self) -> "PgServer":
        self.socket_dir.mkdir()
        password_file = self.root / "pw"
        password_file.write_text(SUPERUSER + PASSWORD_SUFFIX)
        if self.as_user:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.socket_dir, "postgres")
            shutil.chown(password_file, "postgres")
        self._run(str(self.binaries / "initdb"), "-D", str(self.data), "-U", SUPERUSER, "--pwfile", str(password_file),
                  "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        self._run(str(self.binaries / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "log"), "-w", "-t", "60", "-o",
                  f"-k {self.socket_dir} -c listen_addresses='' -p {self.port} -c fsync=off -c max_connections=200", "start")
        self.admin_sql(f"CREATE ROLE {OWNER} LOGIN CREATEROLE PASSWORD '{OWNER}{PASSWORD_SUFFIX}'")
        return self

    def stop(self) -> None:
        try:
            self._run(str(self.binaries / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, login: str, database: str) -> str:
        return f"postgresql://{login}:{login}{PASSWORD_SUFFIX}@/{database}?host={self.socket_dir}&port={self.port}"

    def admin_sql(self, sql: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.url(SUPERUSER, database), autocommit=True) as conn:
            conn.execute(sql)

    def login(self, name: str) -> None:
        """A database login for one person (IT's job on a real server)."""
        self.admin_sql(f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') THEN "
                       f"CREATE ROLE \"{name}\" LOGIN PASSWORD '{name}{PASSWORD_SUFFIX}'; END IF; END $$")

    def new_database(self) -> str:
        """A fresh, empty library database owned by the owner role; its name."""
        self._counter += 1
        name = f"library_{self._counter}"
        self.admin_sql(f"CREATE DATABASE {name} OWNER {OWNER}")
        self.admin_sql(f"REVOKE ALL ON DATABASE {name} FROM PUBLIC; GRANT CONNECT ON DATABASE {name} TO PUBLIC", name)
        return name

    def forget_memberships(self) -> None:
        """Group roles are server-wide: drop what one test granted before the next starts."""
        self.admin_sql("""DO $$ DECLARE m RECORD; BEGIN
            FOR m IN SELECT r.rolname AS grp, u.rolname AS member FROM pg_auth_members a
                     JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles u ON u.oid = a.member
                     WHERE r.rolname IN ('copydesk_marketer', 'copydesk_reviewer', 'copydesk_admin') LOOP
                EXECUTE format('REVOKE %I FROM %I', m.grp, m.member);
            END LOOP; END $$""")
