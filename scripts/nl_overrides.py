"""The Dutch override catalogue: our words for allauth's and Django's stock Dutch.

Our own interface strings are Dutch source strings (docs/adr/0001) and need no Dutch
catalogue. allauth and Django, though, bring their own Dutch, which says "u", "aanmelden"
and "twee-factor-authenticatie" where we say "je", "inloggen" and "tweede stap"
(docs/woordenlijst.md). `locale/nl/LC_MESSAGES/django.po` and `djangojs.po` translate
their English msgids again, our way; LOCALE_PATHS wins over an app's own catalogue, for
the admin's JavaScript catalogue too. `make messages` leaves these files alone
(it only runs for `en`): they are edited by hand and compiled with this script.

    .venv/bin/python scripts/nl_overrides.py            # check, and list what is left
    .venv/bin/python scripts/nl_overrides.py --list     # which msgids we override, per package
    .venv/bin/python scripts/nl_overrides.py --compile  # check, then write the .mo files

The check fails (exit 1) when an override no longer matches a msgid of the package it
names (after an upgrade), or when a msgid has no upstream named. It reports, without
failing, the stock Dutch strings that still use a banned word and upstream msgids that
have no Dutch at all, so an upgrade shows what to add. Every entry names its package
in an extracted comment (``#. allauth``).
"""

import argparse
import re
import sys
from pathlib import Path

import allauth
import django
import polib

ROOT = Path(__file__).resolve().parent.parent
NL = ROOT / "locale" / "nl" / "LC_MESSAGES"
DJANGO_DIR = Path(django.__file__).parent
PACKAGES = {
    "allauth": Path(allauth.__file__).parent / "locale",
    "django": DJANGO_DIR / "conf" / "locale",
    "django.contrib.admin": DJANGO_DIR / "contrib" / "admin" / "locale",
    "django.contrib.auth": DJANGO_DIR / "contrib" / "auth" / "locale",
}
# The catalogues whose left-overs are worth reporting: what staff and parents can meet.
REPORTED = {
    "django.po": ["allauth", "django.contrib.admin", "django.contrib.auth"],
    "djangojs.po": ["django.contrib.admin"],
}
# The words docs/woordenlijst.md bans from the interface.
BANNED = re.compile(
    r"\b(u|uw|U|Uw|alstublieft|gelieve|a\.u\.b\.)\b|[Aa]anmeld|[Aa]fmeld|afgemeld"
    r"|twee-factor|[Aa]uthenticator|verificatie",
)


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return entry.msgctxt, entry.msgid


def _upstream(package: str, domain: str, language: str) -> polib.POFile | None:
    path = PACKAGES[package] / language / "LC_MESSAGES" / domain
    return polib.pofile(str(path)) if path.exists() else None


def _text(entry: polib.POEntry) -> str:
    return entry.msgstr or " | ".join(entry.msgstr_plural.values())


def check(domain: str, ours: polib.POFile) -> list[str]:
    errors = []
    for entry in ours:
        package = (entry.comment or "").strip()
        if package not in PACKAGES:
            errors.append(f"{domain}: {entry.msgid!r} names no known package ({package!r})")
            continue
        source = _upstream(package, domain, "en")
        if source is None or _key(entry) not in {_key(e) for e in source if not e.obsolete}:
            errors.append(f"{domain}: {entry.msgid!r} is no longer a msgid of {package}")
        if BANNED.search(_text(entry)):
            errors.append(f"{domain}: our own {entry.msgid!r} uses a banned word")
    return errors


def report(domain: str, ours: polib.POFile) -> None:
    overridden = {_key(e) for e in ours}
    for package in REPORTED[domain]:
        stock = _upstream(package, domain, "nl")
        source = _upstream(package, domain, "en")
        translated = {_key(e) for e in stock if e.translated() and "fuzzy" not in e.flags}
        current = {_key(e) for e in source if not e.obsolete}
        for entry in stock:
            key = _key(entry)
            if key in current and key not in overridden and BANNED.search(_text(entry)):
                print(f"  {package}: stock Dutch with a banned word: {entry.msgid!r}")
        for entry in source:
            key = _key(entry)
            if not entry.obsolete and key not in translated and key not in overridden:
                print(f"  {package}: no Dutch at all: {entry.msgid!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="list the overridden msgids")
    parser.add_argument("--compile", action="store_true", help="write the .mo files")
    args = parser.parse_args()
    errors = []
    for domain in REPORTED:
        ours = polib.pofile(str(NL / domain))
        if args.list:
            print(f"{domain}:")
            for entry in sorted(ours, key=lambda e: (e.comment, e.msgid)):
                print(f"  {entry.comment}: {entry.msgid!r}")
            continue
        errors += check(domain, ours)
        print(f"{domain}: {len(ours)} overrides; left over upstream:")
        report(domain, ours)
        if args.compile and not errors:
            ours.save_as_mofile(str(NL / domain.replace(".po", ".mo")))
    for error in errors:
        print(f"ERROR {error}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
