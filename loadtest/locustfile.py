"""Who visits the site during the load test, and what they do (Locust, headless).

- Visitors read and search the kennisbank and look at the public pages.
- Parents ask a question with a file, ask a second one without signing in (so they must
  confirm it from the email), sign in with the code from their email, confirm, follow
  their questions in Mijn steunpunt and send a message. Each round is a new parent.
- Partners open the signed link of a follow-up and answer it.
- Coordinators sign in with their password and the code of their authenticator app,
  then work the case list (filters, search) and case pages, and take a new case.

Mail is read where a person reads it: from the SMTP catcher's folder for the address.
Every action that owes an email or must be stored once is written to the ledger (before
it is sent, and again with its outcome), which `loadtest/check.py` compares with the
database and the catcher afterwards. How long each email took to arrive goes to the
ledger too; one that never arrives is an error of type MAIL.

Every simulated person comes from an address of their own (X-Forwarded-For, as behind
the site's TLS proxy; the runner sets DJANGO_TRUSTED_PROXY_COUNT=1), so the per-address
limits of the public forms hold as they do for real visitors."""

import base64
import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import time
import uuid
from pathlib import Path

from locust import HttpUser, between, events, task

FIXTURES = json.loads(Path(os.environ["LOADTEST_FIXTURES"]).read_text(encoding="utf-8"))
MAILDIR = Path(os.environ["LOADTEST_MAILDIR"])
LEDGER = Path(os.environ["LOADTEST_LEDGER"])
MAIL_TIMEOUT = float(os.environ.get("LOADTEST_MAIL_TIMEOUT", "120"))
DOMAIN = FIXTURES["domain"]
RUN = uuid.uuid4().hex[:6]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LOGIN_CODE = re.compile(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", re.MULTILINE)
CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/vraag/bevestigen/[^/\s]+/)")
PORTAL_CASE = re.compile(r'href="/mijn/(\d+)/"')
ADMIN_CASE = re.compile(r'href="/admin/casussen/case/(\d+)/change/[^"]*"')

_addresses = itertools.count(1)
_coordinators = itertools.count()
_partner_links = list(FIXTURES["partner_links"])
random.shuffle(_partner_links)


def _next_ip() -> str:
    number = next(_addresses)
    return f"10.{(number >> 16) & 255}.{(number >> 8) & 255}.{number & 255}"


def _ledger(kind: str, **data) -> None:
    with LEDGER.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"kind": kind, **data}) + "\n")


def _attempt(kind: str, **data) -> str:
    """Write down an action before it is sent (outcome unknown: a user stopped at the
    end of the run may never hear the answer), so the check knows it may have happened."""
    entry = uuid.uuid4().hex
    _ledger(kind, id=entry, ok=None, **data)
    return entry


def _outcome(entry: str, kind: str, ok: bool) -> None:
    _ledger(kind, id=entry, ok=ok)


def _totp(secret: str) -> str:
    """The code an authenticator app shows now (RFC 6238: SHA-1, 6 digits, 30 s)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 15
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def _csrf(response) -> str:
    match = CSRF.search(response.text or "")
    return match.group(1) if match else ""


class Person(HttpUser):
    abstract = True

    def new_identity(self) -> None:
        self.client.cookies.clear()
        self.client.headers["X-Forwarded-For"] = _next_ip()

    def on_start(self) -> None:
        self.new_identity()

    def think(self, low: float = 1, high: float = 4) -> None:
        time.sleep(random.uniform(low, high))

    def page(self, path: str, name: str, *, expect: int = 200, contains: str = ""):
        """GET a page; a failure unless it answers `expect` (and holds `contains`)."""
        with self.client.get(
            path, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != expect:
                response.failure(f"status {response.status_code}, expected {expect}")
            elif contains and contains not in response.text:
                response.failure(f"page does not say {contains!r}")
        return response

    def submit(self, path: str, name: str, data: dict, *, files=None, expect_to: str = ""):
        """POST a form; a success is a redirect (to `expect_to`, when given)."""
        with self.client.post(
            path, data=data, files=files, name=name, allow_redirects=False, catch_response=True
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302:
                response.failure(f"status {response.status_code}, expected a redirect")
            elif expect_to and not location.startswith(expect_to):
                response.failure(f"redirected to {location}, expected {expect_to}")
        return response

    def wait_for_mail(self, address: str, what: str, predicate) -> dict | None:
        """The first message to `address` that `predicate` accepts and was not read yet,
        as it arrives at the catcher; a MAIL failure after MAIL_TIMEOUT seconds."""
        folder = MAILDIR / address.lower()
        started = time.monotonic()
        seen = getattr(self, "_read_mail", set())
        self._read_mail = seen
        while time.monotonic() - started < MAIL_TIMEOUT:
            for path in sorted(folder.glob("*.json")) if folder.exists() else []:
                if path.name in seen:
                    continue
                message = json.loads(path.read_text(encoding="utf-8"))
                if predicate(message):
                    seen.add(path.name)
                    waited = time.monotonic() - started
                    _ledger("mail_wait", what=what, seconds=round(waited, 2), ok=True)
                    return message
            time.sleep(0.5)
        # An error of its own type, so the pages' percentiles stay those of HTTP alone.
        events.request.fire(
            request_type="MAIL",
            name=what,
            response_time=(time.monotonic() - started) * 1000,
            response_length=0,
            exception=TimeoutError(f"no email after {MAIL_TIMEOUT:.0f} s"),
            context={},
        )
        return None


class Visitor(Person):
    """Anonymous: the home page, the kennisbank (index, search, articles) and the rest
    of what is public."""

    weight = 10
    wait_time = between(1, 5)

    @task(2)
    def home(self):
        self.page("/", "/")

    @task(3)
    def kennisbank(self):
        self.page("/kennisbank/", "/kennisbank/")

    @task(5)
    def search(self):
        words = random.choice(FIXTURES["searches"])
        self.page(f"/kennisbank/?q={words}", "/kennisbank/?q=[words]")

    @task(2)
    def suggestions(self):
        words = random.choice(FIXTURES["searches"])[:5]
        self.page(f"/kennisbank/suggesties/?q={words}", "/kennisbank/suggesties/?q=[words]")

    @task(6)
    def article(self):
        if FIXTURES["articles"]:
            slug = random.choice(FIXTURES["articles"])
            self.page(f"/kennisbank/{slug}/", "/kennisbank/[slug]/")

    @task(1)
    def directory(self):
        self.page("/wegwijzer/", "/wegwijzer/")

    @task(1)
    def intake_form(self):
        self.page("/vraag/", "/vraag/ (read only)")


class Parent(Person):
    """One round is one parent's journey, from the first question to a message in Mijn
    steunpunt; the next round is a new parent (address, network address, cookies)."""

    weight = 5
    wait_time = between(1, 3)

    def ask(self, email: str, *, attachment: bool) -> str | None:
        form = self.page("/vraag/", "/vraag/")
        token = f"lt-{RUN}-{uuid.uuid4().hex[:12]}"
        data = {
            "csrfmiddlewaretoken": _csrf(form),
            "kind": "question",
            "theme": random.choice(FIXTURES["themes"]),
            "description": (
                "Mijn kind zit al weken thuis en de school reageert niet op mijn mail. "
                f"Wat kan ik doen? (kenmerk load test {token})"
            ),
            "age_band": "",
            "school": random.choice(FIXTURES["schools"]) if FIXTURES["schools"] else "",
            "email": email,
            "phone": "",
            "contact_preference": "email",
            "contact_times": "",
            "privacy": "on",
            "website": "",
        }
        files = {"attachments": ("brief-van-school.pdf", PDF, "application/pdf")}
        self.think()
        entry = _attempt("question", token=token, email=email, attachment=attachment)
        response = self.submit(
            "/vraag/",
            "/vraag/ (send)",
            data,
            files=files if attachment else None,
            expect_to="/vraag/ontvangen/",
        )
        stored = response.status_code == 302
        _outcome(entry, "question", stored)
        if not stored:
            return None
        self.page("/vraag/ontvangen/", "/vraag/ontvangen/", contains="OSP")
        return token

    def sign_in(self, email: str) -> bool:
        form = self.page("/accounts/login/code/", "/accounts/login/code/")
        entry = _attempt("login_code", email=email)
        response = self.submit(
            "/accounts/login/code/",
            "/accounts/login/code/ (send)",
            {"csrfmiddlewaretoken": _csrf(form), "email": email},
            expect_to="/accounts/login/code/confirm/",
        )
        _outcome(entry, "login_code", response.status_code == 302)
        if response.status_code != 302:
            return False
        message = self.wait_for_mail(
            email, "sign-in code arrives", lambda m: LOGIN_CODE.search(m["body"]) is not None
        )
        if message is None:
            return False
        form = self.page("/accounts/login/code/confirm/", "/accounts/login/code/confirm/")
        self.think(2, 6)
        code = LOGIN_CODE.search(message["body"]).group(1)
        response = self.submit(
            "/accounts/login/code/confirm/",
            "/accounts/login/code/confirm/ (send)",
            {"csrfmiddlewaretoken": _csrf(form), "code": code},
        )
        return response.status_code == 302

    @task
    def journey(self):
        self.new_identity()
        email = f"ouder-{RUN}-{uuid.uuid4().hex[:10]}@{DOMAIN}"
        if self.ask(email, attachment=True) is None:
            return
        self.think(3, 8)
        # Back later, not signed in: this one waits for the owner of the address.
        second = self.ask(email, attachment=False)
        self.think()
        if not self.sign_in(email):
            return
        self.page("/mijn/", "/mijn/", contains="/mijn/")
        if second is not None:
            message = self.wait_for_mail(
                email, "confirmation link arrives", lambda m: CONFIRM_LINK.search(m["body"])
            )
            if message is not None:
                link = CONFIRM_LINK.search(message["body"]).group(1)
                form = self.page(link, "/vraag/bevestigen/[token]/")
                self.think()
                self.submit(
                    link,
                    "/vraag/bevestigen/[token]/ (confirm)",
                    {"csrfmiddlewaretoken": _csrf(form)},
                    expect_to="/mijn/",
                )
        portal = self.page("/mijn/", "/mijn/")
        cases = sorted(set(PORTAL_CASE.findall(portal.text or "")))
        for pk in cases:
            self.think()
            self.page(f"/mijn/{pk}/", "/mijn/[pk]/")
        if cases:
            pk = random.choice(cases)
            case_page = self.page(f"/mijn/{pk}/", "/mijn/[pk]/")
            self.think(3, 8)
            entry = _attempt("parent_reply", case=int(pk))
            response = self.submit(
                f"/mijn/{pk}/bericht/",
                "/mijn/[pk]/bericht/ (send)",
                {
                    "csrfmiddlewaretoken": _csrf(case_page),
                    "text": "Dank voor het snelle antwoord. Wanneer kan ik u bellen?",
                },
                expect_to=f"/mijn/{pk}/",
            )
            _outcome(entry, "parent_reply", response.status_code == 302)
            self.page(f"/mijn/{pk}/", "/mijn/[pk]/")


class Partner(Person):
    """A school or partner with the signed link from our email: reads, answers once."""

    weight = 2
    wait_time = between(3, 10)

    @task
    def answer(self):
        if not _partner_links:
            self.page("/kennisbank/", "/kennisbank/")
            return
        link = _partner_links.pop()
        self.new_identity()
        path = f"/opvolging/{link['token']}/"
        form = self.page(path, "/opvolging/[token]/")
        self.think(5, 15)
        entry = _attempt("partner_answer", followup=link["followup"])
        response = self.submit(
            path,
            "/opvolging/[token]/ (answer)",
            {
                "csrfmiddlewaretoken": _csrf(form),
                "answer": "We hebben de ouders uitgenodigd voor een gesprek volgende week.",
            },
        )
        _outcome(entry, "partner_answer", response.status_code == 302)
        if response.status_code == 302:
            self.page(response.headers["Location"], "/opvolging/[token]/ (after answer)")


class Coordinator(Person):
    """Staff with the second factor, working in the admin: the case list with its work
    queue filters and search, case pages, and taking a new case."""

    weight = 3
    wait_time = between(2, 6)

    def on_start(self) -> None:
        super().on_start()
        accounts = FIXTURES["coordinators"]
        self.account = accounts[next(_coordinators) % len(accounts)]
        self.signed_in = self.sign_in()

    def sign_in(self) -> bool:
        form = self.page("/accounts/login/", "/accounts/login/")
        response = self.submit(
            "/accounts/login/",
            "/accounts/login/ (password)",
            {
                "csrfmiddlewaretoken": _csrf(form),
                "login": self.account["email"],
                "password": self.account["password"],
            },
            expect_to="/accounts/2fa/authenticate/",
        )
        if response.status_code != 302:
            return False
        form = self.page("/accounts/2fa/authenticate/", "/accounts/2fa/authenticate/")
        self.think(2, 5)
        # Like a person who sees the code is about to change: wait for the next one, so
        # a slow answer does not arrive after its 30 seconds (no tolerance is allowed).
        left = 30 - time.time() % 30
        if left < 12:
            time.sleep(left + 0.5)
        response = self.submit(
            "/accounts/2fa/authenticate/",
            "/accounts/2fa/authenticate/ (code)",
            {"csrfmiddlewaretoken": _csrf(form), "code": _totp(self.account["totp_secret"])},
        )
        return response.status_code == 302

    def _open_case(self, pk) -> None:
        self.page(f"/admin/casussen/case/{pk}/change/", "/admin/casussen/case/[pk]/change/")

    @task(4)
    def case_list(self):
        if not self.signed_in:
            return
        page = self.page("/admin/casussen/case/", "/admin/casussen/case/")
        cases = ADMIN_CASE.findall(page.text or "")
        if cases:
            self.think()
            self._open_case(random.choice(cases))

    @task(3)
    def new_cases(self):
        if not self.signed_in:
            return
        page = self.page(
            "/admin/casussen/case/?status__exact=new", "/admin/casussen/case/?status=new"
        )
        cases = ADMIN_CASE.findall(page.text or "")
        if not cases:
            return
        pk = random.choice(cases)
        self.think()
        case_page = self.page(
            f"/admin/casussen/case/{pk}/change/", "/admin/casussen/case/[pk]/change/"
        )
        if random.random() < 0.3:
            self.think()
            self.submit(
                f"/admin/casussen/case/{pk}/aan-mij/",
                "/admin/casussen/case/[pk]/aan-mij/ (take)",
                {"csrfmiddlewaretoken": _csrf(case_page)},
                expect_to=f"/admin/casussen/case/{pk}/change/",
            )
            self._open_case(pk)

    @task(2)
    def search(self):
        if not self.signed_in:
            return
        words = random.choice(["thuis", "school", "OSP", "pesten", "@load.test"])
        self.page(f"/admin/casussen/case/?q={words}", "/admin/casussen/case/?q=[words]")

    @task(3)
    def open_case(self):
        if self.signed_in and FIXTURES["open_cases"]:
            self._open_case(random.choice(FIXTURES["open_cases"]))
