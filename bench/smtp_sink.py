"""A tiny SMTP server for `make bench`: accepts every message on a real socket, keeps
nothing, counts. The bench sends the sweep's emails through Django's SMTP backend to it,
so emails/s includes talking SMTP over a connection (not the locmem backend).

    .venv/bin/python bench/smtp_sink.py --port 8818

Prints the number of messages received when it stops (SIGTERM or Ctrl-C)."""

import argparse
import signal
import socketserver
import sys
import threading

RECEIVED = [0]
LOCK = threading.Lock()


class _Session(socketserver.StreamRequestHandler):
    def _reply(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")

    def handle(self) -> None:
        self._reply("220 bench-sink ESMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.wfile.write(b"250-bench-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
            elif verb == b"DATA":
                self._reply("354 end with <CRLF>.<CRLF>")
                while self.rfile.readline() not in (b".\r\n", b".\n", b""):
                    pass
                with LOCK:
                    RECEIVED[0] += 1
                self._reply("250 queued")
            elif verb == b"QUIT":
                self._reply("221 bye")
                return
            else:  # MAIL, RCPT, RSET, NOOP: all fine
                self._reply("250 ok")


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8818)
    args = parser.parse_args()
    server = _Server(("127.0.0.1", args.port), _Session)

    def stop(*_args):
        threading.Thread(target=server.shutdown).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    server.serve_forever()
    sys.stdout.write(f"{RECEIVED[0]}\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
