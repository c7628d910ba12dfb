"""A small SMTP server on a real loopback socket, for the outbox's fault tests and drills.

It keeps what it accepted (recipients, Message-ID, subject) and can be told to misbehave
the ways real mail servers do: refuse at the greeting (421), refuse a recipient (a 4xx
or 5xx), refuse the data after it was sent (554), say nothing at all (the client times
out), or hold a message without answering after its data (a worker killed then leaves
it unaccepted). A message counts as accepted only once the server answered 250 to its
data, as with a real mail server.

    server = SmtpServer.start(port)
    server.mode = "refuse_rcpt"      # or "accept", "greeting_421", "refuse_data",
                                     #    "silent", "hold_data"
    server.refused = {"x@example.nl"}  # always refused with 550, whatever the mode
    server.wait_for(3)                 # until 3 messages were accepted
    server.stop()
"""

import email.parser
import email.policy
import socketserver
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Accepted:
    recipients: list[str]
    message_id: str
    subject: str
    raw: bytes


@dataclass
class _State:
    mode: str = "accept"
    refused: set[str] = field(default_factory=set)
    accepted: list[Accepted] = field(default_factory=list)
    # Sessions that sent their data and wait for an answer that does not come.
    holding: int = 0
    attempts: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Session(socketserver.StreamRequestHandler):
    timeout = 60

    @property
    def state(self) -> _State:
        return self.server.state

    def _reply(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")

    def handle(self) -> None:
        with self.state.lock:
            self.state.attempts += 1
        mode = self.state.mode
        if mode == "silent":
            # Accept the connection, never greet: the client's timeout ends it.
            self.rfile.readline()
            return
        if mode == "greeting_421":
            self._reply("421 4.3.2 Service not available, try later")
            return
        self._reply("220 test-smtp ESMTP")
        recipients: list[str] = []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.wfile.write(b"250-test-smtp\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
            elif verb == b"MAIL":
                recipients = []
                self._reply("250 2.1.0 ok")
            elif verb == b"RCPT":
                address = line.split(b":", 1)[1].strip().strip(b"<>").decode()
                address = address.split(">", 1)[0]
                if address in self.state.refused:
                    self._reply("550 5.1.1 Recipient address rejected")
                elif self.state.mode == "refuse_rcpt":
                    self._reply("451 4.7.1 Try again later")
                else:
                    recipients.append(address)
                    self._reply("250 2.1.5 ok")
            elif verb == b"DATA":
                self._reply("354 end with <CRLF>.<CRLF>")
                data = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    data.append(chunk)
                raw = b"".join(data)
                mode = self.state.mode
                if mode == "hold_data":
                    with self.state.lock:
                        self.state.holding += 1
                    # No answer: the sender dies or gives up; nothing was accepted.
                    self.rfile.readline()
                    with self.state.lock:
                        self.state.holding -= 1
                    return
                if mode == "refuse_data":
                    self._reply("554 5.6.0 Message refused")
                    continue
                headers = email.parser.BytesParser(policy=email.policy.default).parsebytes(
                    raw, headersonly=True
                )
                with self.state.lock:
                    self.state.accepted.append(
                        Accepted(
                            recipients=list(recipients),
                            message_id=str(headers.get("Message-ID", "")),
                            subject=str(headers.get("Subject", "")),
                            raw=raw,
                        )
                    )
                self._reply("250 2.0.0 queued")
            elif verb == b"RSET":
                recipients = []
                self._reply("250 ok")
            elif verb == b"QUIT":
                self._reply("221 bye")
                return
            else:  # NOOP and the rest
                self._reply("250 ok")


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class SmtpServer:
    def __init__(self, port: int):
        self.state = _State()
        self._server = _Server(("127.0.0.1", port), _Session)
        self._server.state = self.state
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @classmethod
    def start(cls, port: int) -> "SmtpServer":
        server = cls(port)
        server._thread.start()
        return server

    @classmethod
    def start_in(cls, ports: range) -> "SmtpServer":
        """On the first free port of `ports` (parallel test workers each get one)."""
        for port in ports:
            try:
                return cls.start(port)
            except OSError:
                continue
        raise OSError(f"no free port in {ports}")

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def mode(self) -> str:
        return self.state.mode

    @mode.setter
    def mode(self, value: str) -> None:
        self.state.mode = value

    @property
    def refused(self) -> set[str]:
        return self.state.refused

    @refused.setter
    def refused(self, value: set[str]) -> None:
        self.state.refused = set(value)

    @property
    def accepted(self) -> list[Accepted]:
        with self.state.lock:
            return list(self.state.accepted)

    @property
    def attempts(self) -> int:
        return self.state.attempts

    @property
    def holding(self) -> int:
        return self.state.holding

    def clear(self) -> None:
        with self.state.lock:
            self.state.accepted.clear()
            self.state.attempts = 0

    def wait_for(self, count: int, within: float = 30) -> list[Accepted]:
        """Until at least `count` messages were accepted (or the time is up)."""
        deadline = time.monotonic() + within
        while len(self.accepted) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.accepted

    def wait_until(self, condition, within: float = 30) -> bool:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if condition():
                return True
            time.sleep(0.05)
        return condition()
