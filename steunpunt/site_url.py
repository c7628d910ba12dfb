"""The site's public address: the one source of every link that leaves the site (emails,
calendar files) and of the host in calendar UIDs. `DJANGO_SITE_URL` sets it; `make run`
derives it from its PORT, and the deploy check `steunpunt.E002` refuses an address on
this machine while DEBUG is off (`steunpunt.checks`)."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path: str = "") -> str:
    """`path` (from `reverse`, starting with "/") on the public address."""
    return settings.SITE_URL.rstrip("/") + path


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def is_local(url: str) -> bool:
    """True for an empty address and for one that a school or parent cannot reach: this
    machine, an address of a private or other non-public network (10.0.0.0/8,
    192.168.0.0/16, link-local, ...), or a name without a dot (a container's or an
    intranet's, such as `web` in docker compose)."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if host in {"", "localhost"} or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return "." not in host
    return not address.is_global
