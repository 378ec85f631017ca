"""Exercise 5 — IP allow and deny lists behind trusted proxies (reference solution)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from flask import Flask, g, jsonify, request

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_ip(value: str | None) -> IPAddress | None:
    """Return the address in `value`, IPv4-mapped IPv6 unwrapped to IPv4; None if invalid."""
    try:
        address = ipaddress.ip_address((value or "").strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def parse_networks(entries: Iterable[str]) -> tuple[IPNetwork, ...]:
    """Turn addresses and CIDR ranges into networks; a bad entry raises ValueError naming it."""
    networks = []
    for entry in entries:
        try:
            # strict: "10.0.0.1/8" has host bits set, and is almost always a typo.
            networks.append(ipaddress.ip_network(entry.strip(), strict=True))
        except ValueError as exc:
            raise ValueError(f"not an address or CIDR range: {entry!r} ({exc})") from None
    return tuple(networks)


def _within(address: IPAddress, networks: tuple[IPNetwork, ...]) -> bool:
    # An IPv4 address is never inside an IPv6 network (and vice versa): `in` says False.
    return any(address in network for network in networks)


class IPFilter:
    """Decide, per request, whether the client's address may use the app."""

    def __init__(
        self,
        *,
        allow: Iterable[str] = (),
        deny: Iterable[str] = (),
        trusted_proxies: Iterable[str] = (),
    ) -> None:
        self.allow = parse_networks(allow)
        self.deny = parse_networks(deny)
        self.trusted_proxies = parse_networks(trusted_proxies)

    def is_allowed(self, ip: str) -> bool:
        """Deny wins; an empty allow list allows everyone else; invalid addresses never pass."""
        address = parse_ip(ip)
        if address is None or _within(address, self.deny):
            return False
        return not self.allow or _within(address, self.allow)

    def client_ip(self, remote_addr: str, forwarded_for: str | None) -> str:
        """Return the client's address, believing X-Forwarded-For only from our own proxies."""
        peer = parse_ip(remote_addr)
        if peer is None:
            return remote_addr
        if not forwarded_for or not _within(peer, self.trusted_proxies):
            return str(peer)  # a direct caller writes whatever it likes in that header
        client = peer
        # Each proxy appends the address it saw: read from the right, skipping our own
        # proxies; the first address they did not write is the client.
        for hop in reversed(forwarded_for.split(",")):
            address = parse_ip(hop)
            if address is None:
                break  # garbage: stop at the last hop we can vouch for
            client = address
            if not _within(address, self.trusted_proxies):
                break
        return str(client)

    def init_app(self, app: Flask) -> None:
        """Check every request before its view runs; refuse with a JSON 403."""

        @app.before_request
        def check_client_ip():
            forwarded = ", ".join(request.headers.getlist("X-Forwarded-For")) or None
            g.client_ip = self.client_ip(request.remote_addr or "", forwarded)
            if not self.is_allowed(g.client_ip):
                response = jsonify(
                    error={
                        "status": 403,
                        "code": "ip_forbidden",
                        "message": f"requests from {g.client_ip} are not allowed",
                    }
                )
                response.status_code = 403
                return response
            return None
