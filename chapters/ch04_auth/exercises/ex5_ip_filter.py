"""Exercise 5 — IP allow and deny lists behind trusted proxies.

Check your work with: nox -s chapter04 -- ex5
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from flask import Flask

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_ip(value: str | None) -> IPAddress | None:
    """Return the address in `value`, IPv4-mapped IPv6 unwrapped to IPv4; None if invalid.

    1. Strip spaces and parse with ipaddress.ip_address; an IPv6 address with an
       ipv4_mapped part (::ffff:192.0.2.1) becomes that IPv4 address. None, empty
       or invalid input gives None.
    """
    raise NotImplementedError("Exercise 5 (parse_ip) is not done yet")


def parse_networks(entries: Iterable[str]) -> tuple[IPNetwork, ...]:
    """Turn addresses and CIDR ranges into networks; a bad entry raises ValueError naming it.

    2. ipaddress.ip_network(entry, strict=True) for each entry: a bare address becomes
       a /32 or /128, and "10.0.0.1/8" (host bits set) counts as a mistake.
    """
    raise NotImplementedError("Exercise 5 (parse_networks) is not done yet")


class IPFilter:
    """Decide, per request, whether the client's address may use the app.

    2. __init__ parses allow, deny and trusted_proxies with parse_networks.
    3. is_allowed(ip): an invalid address is refused; deny wins over allow; an empty
       allow list allows everyone who is not denied; otherwise the address must be
       in an allow range.
    4. client_ip(remote_addr, forwarded_for): believe X-Forwarded-For only when
       remote_addr is one of trusted_proxies. Then read the header from the right,
       skipping trusted proxies; the first address they did not write is the client.
       An entry that is not an address stops the walk at the last good hop; if every
       hop is trusted, the leftmost one is the client.
    5. init_app(app) adds a before_request hook: join all X-Forwarded-For header
       lines with ", ", store client_ip(...) in g.client_ip, and answer a refused
       address with 403 {"error": {"status": 403, "code": "ip_forbidden",
       "message": <names the address>}}.
    """

    def __init__(
        self,
        *,
        allow: Iterable[str] = (),
        deny: Iterable[str] = (),
        trusted_proxies: Iterable[str] = (),
    ) -> None:
        raise NotImplementedError("Exercise 5 (IPFilter) is not done yet")

    def is_allowed(self, ip: str) -> bool:
        """Deny wins; an empty allow list allows everyone else; invalid addresses never pass."""
        raise NotImplementedError("Exercise 5 (is_allowed) is not done yet")

    def client_ip(self, remote_addr: str, forwarded_for: str | None) -> str:
        """Return the client's address, believing X-Forwarded-For only from our own proxies."""
        raise NotImplementedError("Exercise 5 (client_ip) is not done yet")

    def init_app(self, app: Flask) -> None:
        """Check every request before its view runs; refuse with a JSON 403."""
        raise NotImplementedError("Exercise 5 (init_app) is not done yet")
