"""A throwaway dovecot for the IMAP tests: its own config, a passwd-file user and the mail
in a temporary folder, IMAP on 127.0.0.1 only (dovecot counts loopback as secured, so
plaintext login works there and nowhere else). Run as the current user, or as `nobody`
when the tests run as root (dovecot's login process refuses root).

Without dovecot installed the tests that need it are skipped, unless REQUIRE_DOVECOT=1
(set by .ci/run): then they fail, so CI never passes by skipping them."""

import grp
import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

DOVECOT = os.environ.get("DOVECOT_BINARY") or "/usr/sbin/dovecot"
PREFERRED_PORT = 10143
USER, PASSWORD = "antwoord", "proef-wachtwoord"

CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
instance_name = osp-test-{port}
listen = 127.0.0.1
protocols = imap
ssl = no
auth_mechanisms = plain login
default_internal_user = {user}
default_internal_group = {group}
default_login_user = {user}
first_valid_uid = 1
log_path = {root}/dovecot.log
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/users
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


def unavailable(reason: str) -> None:
    if os.environ.get("REQUIRE_DOVECOT") == "1":
        pytest.fail(f"dovecot is required here (REQUIRE_DOVECOT=1): {reason}")
    pytest.skip(f"{reason}; install it with `apt-get install dovecot-imapd` (README)")


def _free_port() -> int:
    for port in (PREFERRED_PORT, 0):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise RuntimeError("no free port")


@dataclass
class Dovecot:
    root: Path
    port: int

    @property
    def url(self) -> str:
        return f"imap://{USER}:{PASSWORD}@127.0.0.1:{self.port}/INBOX"

    def connect(self) -> imaplib.IMAP4:
        connection = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        connection.login(USER, PASSWORD)
        connection.select("INBOX")
        return connection

    def append(self, raw: bytes) -> None:
        """Deliver a message the way a mail server files it: IMAP APPEND."""
        connection = self.connect()
        try:
            status, _data = connection.append("INBOX", None, None, raw)
            assert status == "OK"
        finally:
            connection.logout()

    def flags(self) -> list[str]:
        """The flags of every message in the mailbox, in order."""
        connection = self.connect()
        try:
            _status, data = connection.uid("FETCH", "1:*", "(FLAGS)")
            return [item.decode() for item in data if item]
        finally:
            connection.logout()

    def empty(self) -> None:
        connection = self.connect()
        try:
            _status, data = connection.search(None, "ALL")
            if data and data[0]:
                connection.store(b",".join(data[0].split()), "+FLAGS.SILENT", "(\\Deleted)")
                connection.expunge()
        finally:
            connection.logout()

    def stop(self) -> None:
        pid_file = self.root / "run" / "master.pid"
        if pid_file.exists():
            pid = int(pid_file.read_text().strip())
            os.kill(pid, 15)
            for _ in range(50):
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
                time.sleep(0.1)


def start_dovecot() -> Dovecot:
    if not Path(DOVECOT).exists():
        unavailable(f"dovecot is not installed ({DOVECOT} not found)")
    as_root = os.getuid() == 0
    user = "nobody" if as_root else pwd.getpwuid(os.getuid()).pw_name
    entry = pwd.getpwnam(user)
    group = grp.getgrgid(entry.pw_gid).gr_name
    root = Path(tempfile.mkdtemp(prefix="osp-dovecot-"))
    port = _free_port()
    for folder in ("run", "state", "mail", "home"):
        (root / folder).mkdir()
    (root / "users").write_text(
        f"{USER}:{{PLAIN}}{PASSWORD}:{entry.pw_uid}:{entry.pw_gid}::{root}/home\n"
    )
    (root / "dovecot.conf").write_text(CONFIG.format(root=root, port=port, user=user, group=group))
    if as_root:
        for path in [root, *root.rglob("*")]:
            os.chown(path, entry.pw_uid, entry.pw_gid)
    switch = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []} if as_root else {}
    # The binary is the installed dovecot (or DOVECOT_BINARY), the config our own. Its
    # output goes to a file: the daemon keeps a pipe open, and reading one would hang.
    with open(root / "start.log", "w") as output:
        result = subprocess.run(  # noqa: S603
            [DOVECOT, "-c", str(root / "dovecot.conf")],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            check=False,
            **switch,
        )
    if result.returncode != 0:
        log = "".join(
            (root / name).read_text()
            for name in ("start.log", "dovecot.log")
            if (root / name).exists()
        )
        shutil.rmtree(root, ignore_errors=True)
        unavailable(f"dovecot did not start: {log.strip()}")
    server = Dovecot(root=root, port=port)
    for _ in range(50):
        try:
            server.connect().logout()
            return server
        except (OSError, imaplib.IMAP4.error):
            time.sleep(0.1)
    server.stop()
    unavailable("dovecot started but does not answer on its port")
    return server
