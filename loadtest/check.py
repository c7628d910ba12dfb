"""After the load: was every question stored exactly once, and every email owed sent
exactly once?

Three sources are compared: the ledger the simulated users wrote (what they did and
saw succeed), the database (what the site stored), and the SMTP catcher's log (what
arrived at the mail server).

- Questions: each one the site accepted exists exactly once (found by the marker in its
  story), with its file when one was sent; no stored load-test question is unknown.
- Emails owed by what the users did, each exactly once: per question the parent's
  receipt or confirmation request and the coordinators' "new question"; per sign-in the
  code; per message of a parent and per partner answer the coordinators' notification.
- Outbox rows (reminders, digests: whatever was claimed once, also by beat and the
  sweep during the run): every row marked sent arrived, no row is left unsent, and
  nothing arrived that neither the ledger nor a row explains (a duplicate shows there).

Prints what it found and exits 1 when something does not hold."""

import argparse
import json
import os
import re
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.apps import apps
from django.utils import timezone

from casussen.models import Case, FollowUp
from steunpunt.outbox import OutboxRow

REFERENCE = re.compile(r"\b[A-Z]+-\d{4}-\d{5,}\b")
LOGIN_CODE = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$", re.MULTILINE)
MARKER = "(kenmerk load test lt-"


def _read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def classify(message: dict, domain: str) -> tuple | None:
    """Which owed email a message is, as a key the ledger's expectations use."""
    subject = message["subject"]
    match = REFERENCE.search(subject)
    reference = match.group(0) if match else None
    recipients = message["recipients"]
    if reference and (subject.startswith(("Nieuwe vraag:", "Nieuwe klacht:"))):
        return ("new question to coordinators", reference)
    if reference and "heeft gereageerd" in subject:
        return ("parent's message to coordinators", reference)
    if reference and "heeft geantwoord op uw vraag over" in subject:
        return ("partner's answer to coordinators", reference)
    if len(recipients) == 1 and recipients[0].endswith("@" + domain):
        if reference and ("ontvangen (" in subject or "Bevestig hem (" in subject):
            return ("receipt or confirmation to parent", reference, recipients[0])
        if LOGIN_CODE.search(message["body"]):
            return ("sign-in code", recipients[0])
    return None


def _actions(ledger: list[dict]) -> list[dict]:
    """One entry per action: what was written before it was sent, with its outcome
    (ok None: the user was stopped before the answer came, so it may have happened)."""
    merged: dict[str, dict] = {}
    for entry in ledger:
        if "id" in entry:
            merged.setdefault(entry["id"], {}).update(
                {k: v for k, v in entry.items() if v is not None or k not in merged[entry["id"]]}
            )
    return list(merged.values())


def _expected(actions: list[dict], problems: list[str]) -> tuple[Counter, Counter, dict]:
    """What the actions owe for certain (`owed`) and may owe (`maybe`, an outcome the
    user never heard), and the questions' facts."""
    owed: Counter = Counter()
    maybe: Counter = Counter()
    questions = [entry for entry in actions if entry["kind"] == "question"]
    stored = {}
    for entry in questions:
        marker = f"kenmerk load test {entry['token']})"
        cases = list(Case.objects.filter(description__contains=marker))
        if entry["ok"] and len(cases) != 1:
            problems.append(f"question {entry['token']}: stored {len(cases)} times, expected once")
        elif not entry["ok"] and len(cases) > (1 if entry["ok"] is None else 0):
            problems.append(
                f"question {entry['token']} (outcome {entry['ok']}): stored {len(cases)} times"
            )
        for case in cases[:1]:
            stored[entry["token"]] = case
            files = case.attachments.count()
            if files != (1 if entry["attachment"] else 0):
                problems.append(
                    f"{case.reference}: {files} files, expected {int(entry['attachment'])}"
                )
            owed[("receipt or confirmation to parent", case.reference, entry["email"])] += 1
            owed[("new question to coordinators", case.reference)] += 1
    known = {case.pk for case in stored.values()}
    strays = Case.objects.filter(description__contains=MARKER).exclude(pk__in=known)
    for case in strays:
        problems.append(f"{case.reference}: stored, but no simulated parent sent it")
    for entry in actions:
        if entry["ok"] is False:
            continue
        target = owed if entry["ok"] else maybe
        if entry["kind"] == "login_code":
            target[("sign-in code", entry["email"])] += 1
        elif entry["kind"] == "parent_reply":
            reference = Case.objects.get(pk=entry["case"]).reference
            target[("parent's message to coordinators", reference)] += 1
        elif entry["kind"] == "partner_answer":
            followup = FollowUp.objects.select_related("case").get(pk=entry["followup"])
            if entry["ok"] and followup.status != FollowUp.Status.ANSWERED:
                problems.append(f"follow-up {followup.pk}: answer accepted, but not stored")
            target[("partner's answer to coordinators", followup.case.reference)] += 1
    return owed, maybe, {"questions": len(questions), "stored": len(stored)}


def _outbox_models() -> list:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, OutboxRow) and not model._meta.abstract
    ]


def run(*, ledger_path: Path, mail_log: Path, domain: str, since: datetime) -> list[str]:
    problems: list[str] = []
    ledger = _read_jsonl(ledger_path)
    messages = _read_jsonl(mail_log)
    owed, maybe, facts = _expected(_actions(ledger), problems)

    arrived: Counter = Counter()
    unexplained = []
    for message in messages:
        key = classify(message, domain)
        if key is not None and (key in owed or key in maybe):
            arrived[key] += 1
        else:
            unexplained.append(message)
    for key in sorted(set(owed) | set(maybe)):
        if not owed[key] <= arrived[key] <= owed[key] + maybe[key]:
            problems.append(
                f"{' '.join(key)}: arrived {arrived[key]} times, owed {owed[key]}"
                + (f" (or {owed[key] + maybe[key]})" if maybe[key] else "")
            )

    # Rows of the outbox: delivered during the run, and what is still waiting.
    rows: Counter = Counter()
    unsent = 0
    for model in _outbox_models():
        sent = model.objects.filter(sent_at__gte=since).values_list("recipients", "subject")
        rows.update((tuple(sorted(to)), subject) for to, subject in sent)
        # Also a row given up after its last attempt: owed, and it never went out.
        waiting = model.objects.filter(sent_at__isnull=True, cancelled_at__isnull=True).count()
        if waiting:
            problems.append(f"{model._meta.label}: {waiting} rows owed but not sent")
        unsent += waiting
    at_catcher = Counter(
        (tuple(message["recipients"]), message["subject"]) for message in unexplained
    )
    expected = set(owed) | set(maybe)
    explained_by_ledger = Counter(
        (tuple(message["recipients"]), message["subject"])
        for message in messages
        if classify(message, domain) in expected
    )
    for key, count in rows.items():
        if at_catcher[key] + explained_by_ledger[key] < count:
            problems.append(f"outbox row {key[1]!r} to {len(key[0])}: sent {count}, arrived fewer")
    leftovers = at_catcher - rows
    for (to, subject), count in sorted(leftovers.items())[:20]:
        problems.append(f"unexplained email {subject!r} to {', '.join(to[:3])}: {count} times")
    if len(leftovers) > 20:
        problems.append(f"... and {len(leftovers) - 20} more unexplained emails")

    print(
        f"Questions sent: {facts['questions']}, stored once: {facts['stored']}. "
        f"Emails at the catcher: {len(messages)} "
        f"(owed by the users' actions: {sum(owed.values())}, "
        f"outbox rows sent during the run: {sum(rows.values())}, unsent rows: {unsent})."
    )
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ledger", type=Path, required=True)
    parser.add_argument("--mail-log", type=Path, required=True)
    parser.add_argument("--domain", default="load.test")
    parser.add_argument("--since", required=True, help="ISO time the stack was started")
    args = parser.parse_args()
    since = datetime.fromisoformat(args.since)
    if timezone.is_naive(since):
        since = timezone.make_aware(since)
    problems = run(ledger_path=args.ledger, mail_log=args.mail_log, domain=args.domain, since=since)
    for problem in problems:
        print(f"  FAIL {problem}")
    print("Exactly once: OK" if not problems else f"Exactly once: {len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
