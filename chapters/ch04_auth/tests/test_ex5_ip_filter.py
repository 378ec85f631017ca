"""Exercise 5 — IP allow and deny lists behind trusted proxies."""

from __future__ import annotations

import pytest
from flask import Flask, g


def client_for(exercise, remote_addr: str = "203.0.113.7", **lists):
    """A test client whose requests come from `remote_addr`, filtered by `lists`."""
    app = Flask(__name__)
    exercise.IPFilter(**lists).init_app(app)

    @app.get("/whoami")
    def whoami():
        return {"ip": g.client_ip}

    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = remote_addr
    return client


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("192.0.2.1", "192.0.2.1"),
        (" 192.0.2.1 ", "192.0.2.1"),
        ("2001:db8::1", "2001:db8::1"),
        ("::ffff:192.0.2.1", "192.0.2.1"),
        ("2001:DB8:0:0::1", "2001:db8::1"),
    ],
)
def test_parse_ip_normalises_addresses(exercise, value, expected) -> None:
    """Addresses are trimmed, compressed, and IPv4-mapped IPv6 becomes IPv4."""
    assert str(exercise.parse_ip(value)) == expected


@pytest.mark.parametrize("value", ["", "localhost", "192.0.2.256", "1.2.3", "::g", None])
def test_parse_ip_says_none_for_non_addresses(exercise, value) -> None:
    """Anything that is not one address gives None."""
    assert exercise.parse_ip(value) is None


@pytest.mark.parametrize("entry", ["10.0.0.1/8", "10.0.0.0/33", "banana", "2001:db8::1/129"])
def test_bad_list_entries_are_refused_by_name(exercise, entry) -> None:
    """Typos in a list raise ValueError when the filter is built, naming the entry."""
    with pytest.raises(ValueError, match=entry.split("/")[0]):
        exercise.IPFilter(allow=["192.0.2.0/24", entry])


@pytest.mark.parametrize(
    ("ip", "allowed"),
    [
        ("192.0.2.10", True),
        ("192.0.2.66", False),
        ("198.51.100.1", False),
        ("2001:db8:1::5", True),
        ("2001:db8:1:dead::5", False),
        ("::ffff:192.0.2.10", True),
        ("not-an-ip", False),
    ],
)
def test_allow_list_with_a_denied_hole(exercise, ip, allowed) -> None:
    """Inside the allowed ranges, except where a deny range cuts a hole: deny wins."""
    ip_filter = exercise.IPFilter(
        allow=["192.0.2.0/24", "2001:db8:1::/48"],
        deny=["192.0.2.64/26", "2001:db8:1:dead::/64"],
    )
    assert ip_filter.is_allowed(ip) is allowed


def test_an_empty_allow_list_allows_all_but_the_denied(exercise) -> None:
    """With only a deny list, everyone else gets in."""
    ip_filter = exercise.IPFilter(deny=["198.51.100.7"])
    assert (ip_filter.is_allowed("198.51.100.7"), ip_filter.is_allowed("8.8.8.8")) == (False, True)


def test_ipv4_rules_never_match_ipv6_clients(exercise) -> None:
    """0.0.0.0/0 is every IPv4 address, and no IPv6 one."""
    ip_filter = exercise.IPFilter(allow=["0.0.0.0/0"])
    assert (ip_filter.is_allowed("203.0.113.1"), ip_filter.is_allowed("2001:db8::1")) == (
        True,
        False,
    )


# ---------------------------------------------------------------- proxies and spoofing
def test_without_trusted_proxies_the_header_is_ignored(exercise) -> None:
    """A direct caller cannot pick its address by sending X-Forwarded-For."""
    ip_filter = exercise.IPFilter()
    assert ip_filter.client_ip("203.0.113.7", "127.0.0.1") == "203.0.113.7"


def test_the_header_counts_only_when_our_proxy_sent_it(exercise) -> None:
    """A peer outside the trusted proxies is the client, whatever the header says."""
    ip_filter = exercise.IPFilter(trusted_proxies=["10.0.0.0/8"])
    assert ip_filter.client_ip("203.0.113.7", "198.51.100.1") == "203.0.113.7"
    assert ip_filter.client_ip("10.0.0.2", "198.51.100.1") == "198.51.100.1"


@pytest.mark.parametrize(
    ("forwarded_for", "client"),
    [
        ("198.51.100.1", "198.51.100.1"),
        ("127.0.0.1, 198.51.100.1", "198.51.100.1"),
        ("198.51.100.1, 10.0.0.9", "198.51.100.1"),
        ("1.1.1.1, 198.51.100.1, 10.0.0.9, 10.0.0.3", "198.51.100.1"),
        ("garbage, 198.51.100.1", "198.51.100.1"),
        ("198.51.100.1, garbage", "10.0.0.2"),
        ("10.0.0.5, 10.0.0.9", "10.0.0.5"),
        ("2001:db8::7", "2001:db8::7"),
    ],
)
def test_the_client_is_the_rightmost_address_our_proxies_did_not_write(
    exercise, forwarded_for, client
) -> None:
    """Entries a client prepends are ignored: read from the right, skip trusted hops."""
    ip_filter = exercise.IPFilter(trusted_proxies=["10.0.0.0/8"])
    assert ip_filter.client_ip("10.0.0.2", forwarded_for) == client


def test_a_spoofed_header_does_not_get_past_the_allow_list(exercise) -> None:
    """Claiming to be 127.0.0.1 from the internet still gets 403."""
    client = client_for(exercise, allow=["127.0.0.1"])
    response = client.get("/whoami", headers={"X-Forwarded-For": "127.0.0.1"})
    error = response.get_json()["error"]
    assert (response.status_code, error["code"]) == (403, "ip_forbidden")
    assert "203.0.113.7" in error["message"]


def test_requests_through_a_trusted_proxy_are_judged_by_the_client(exercise) -> None:
    """Behind our proxy the client's own address decides, and is stored on g."""
    lists = {"deny": ["198.51.100.0/24"], "trusted_proxies": ["10.0.0.0/8"]}
    client = client_for(exercise, remote_addr="10.0.0.2", **lists)
    allowed = client.get("/whoami", headers={"X-Forwarded-For": "203.0.113.50"})
    assert (allowed.status_code, allowed.get_json()) == (200, {"ip": "203.0.113.50"})
    denied = client.get("/whoami", headers={"X-Forwarded-For": "198.51.100.4"})
    assert denied.status_code == 403


def test_several_forwarded_headers_are_read_as_one_list(exercise) -> None:
    """Two X-Forwarded-For header lines are joined in order."""
    client = client_for(exercise, remote_addr="10.0.0.2", trusted_proxies=["10.0.0.0/8"])
    response = client.get(
        "/whoami", headers=[("X-Forwarded-For", "198.51.100.1"), ("X-Forwarded-For", "10.0.0.9")]
    )
    assert response.get_json() == {"ip": "198.51.100.1"}


def test_ipv6_clients_are_filtered_too(exercise) -> None:
    """An IPv6 peer inside a denied IPv6 range is refused."""
    client = client_for(exercise, remote_addr="2001:db8::42", deny=["2001:db8::/64"])
    assert client.get("/whoami").status_code == 403
