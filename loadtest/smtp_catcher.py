"""The load test's mail server: accepts every message on a real socket and keeps it.

Like `bench/smtp_sink.py`, but it keeps what it received, because the load test reads it
twice: a parent's sign-in code and confirmation link come from here (as from a real
mailbox), and afterwards the check compares every message with what was owed.

Each message is appended as one JSON line to `--log` (envelope recipients, subject,
text body), and also written to `--maildir/<recipient>/` so a simulated parent finds
their own mail without reading everyone's.

    .venv/bin/python loadtest/smtp_catcher.py --port 9401 --log var/loadtest/mail.jsonl
"""

import argparse
import json
import signal
import socketserver
import sys
import threading
from email import policy
from email.parser import BytesParser
from pathlib import Path

LOCK = threading.Lock()
STATE = {"count": 0}


def _text_body(message) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    return part.get_content() if part is not None else ""


def _store(raw: bytes, recipients: list[str], log: Path, maildir: Path) -> None:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    record = {
        "recipients": sorted(recipients),
        "subject": str(message.get("Subject", "")),
        "message_id": str(message.get("Message-ID", "")),
        "body": _text_body(message).replace("\r\n", "\n"),
    }
    line = json.dumps(record, ensure_ascii=False) + "\n"
    with LOCK:
        STATE["count"] += 1
        number = STATE["count"]
        with log.open("a", encoding="utf-8") as handle:
            handle.write(line)
        for recipient in recipients:
            folder = maildir / recipient.lower()
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{number:07d}.json").write_text(line, encoding="utf-8")


class _Session(socketserver.StreamRequestHandler):
    def _reply(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")

    def handle(self) -> None:
        self._reply("220 loadtest-catcher ESMTP")
        recipients: list[str] = []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.wfile.write(b"250-loadtest-catcher\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
            elif verb == b"MAIL":
                recipients = []
                self._reply("250 ok")
            elif verb == b"RCPT":
                address = line.decode("utf-8", "replace").split(":", 1)[1].strip()
                recipients.append(address.split()[0].strip("<>"))
                self._reply("250 ok")
            elif verb == b"DATA":
                self._reply("354 end with <CRLF>.<CRLF>")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    # Dot-stuffing: a line that starts with a dot was sent with two.
                    lines.append(data[1:] if data.startswith(b"..") else data)
                server = self.server
                _store(b"".join(lines), recipients, server.log, server.maildir)
                recipients = []
                self._reply("250 queued")
            elif verb == b"QUIT":
                self._reply("221 bye")
                return
            else:  # RSET, NOOP: all fine
                self._reply("250 ok")


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--maildir", type=Path, required=True)
    args = parser.parse_args()
    args.log.parent.mkdir(parents=True, exist_ok=True)
    args.maildir.mkdir(parents=True, exist_ok=True)
    server = _Server(("127.0.0.1", args.port), _Session)
    server.log, server.maildir = args.log, args.maildir

    def stop(*_args):
        threading.Thread(target=server.shutdown).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    server.serve_forever()
    sys.stdout.write(f"{STATE['count']}\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
