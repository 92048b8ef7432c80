"""Where webhooks may go: public HTTPS addresses only, checked twice.

A webhook makes our server send a request to an address a company chose, so without rules a
company could make it reach what only the server can reach: the database next door, an admin
page on localhost, the cloud's metadata service with its credentials (server-side request
forgery). So a URL is checked when it is registered, and its host name is resolved again at
every delivery and the request goes to the very address that was checked: a name that
pointed at a public address when it was registered and at 10.0.0.5 a minute later (DNS
rebinding) is refused then.

The rules: https (http only for a loopback address, and loopback only with the
WEBHOOKS_ALLOW_LOOPBACK setting, which development and tests turn on); no user name or
password in the URL; at most URL_MAX characters; every address the name resolves to must be
public: not private, loopback, link-local, unique-local, multicast, reserved, unspecified,
shared (CGNAT, 100.64.0.0/10), an IPv6 form that carries an IPv4 address we cannot see (6to4,
Teredo, NAT64), nor a cloud metadata address.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from complaints.formats import gettext as _

URL_MAX = 500

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# Metadata services of the clouds (instance credentials live there). Most lie in ranges that
# are refused anyway; Azure's 168.63.129.16 is a public address and needs its own line.
METADATA_ADDRESSES = frozenset(ipaddress.ip_address(text) for text in (
    "169.254.169.254",  # AWS, Google, Azure, OpenStack, DigitalOcean …
    "169.254.170.2",  # AWS ECS task metadata
    "169.254.169.123",  # AWS time service
    "168.63.129.16",  # Azure wire server
    "100.100.100.200",  # Alibaba Cloud
    "192.0.0.192",  # Oracle Cloud
    "fd00:ec2::254",  # AWS over IPv6
))
METADATA_NAMES = frozenset({"metadata.google.internal", "metadata.goog", "metadata",
                            "instance-data", "instance-data.ec2.internal"})
# Names that only mean something inside a network.
LOCAL_SUFFIXES = (".internal", ".local", ".localdomain", ".home.arpa", ".lan", ".intranet")
SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT
# IPv6 forms that carry an IPv4 address to a gateway: the IPv4 address could be private.
TUNNELS = tuple(ipaddress.ip_network(text) for text in
                ("2002::/16", "2001::/32", "64:ff9b::/96", "64:ff9b:1::/48"))
_HOST_NAME = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$")
# A host of numbers only (2130706433, 0x7f.1, 127.1) is an IP address in a form resolvers
# read in different ways: refused, so the address we check is the address we reach.
_NUMERIC = re.compile(r"^(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]+))*$")


class AddressRefused(Exception):
    """The URL or one of its addresses may not receive webhooks; `message` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Target:
    """A checked URL: where to connect (`addresses`, each allowed) and what to ask for."""

    scheme: str
    host: str  # lower case, IDNA, no brackets, no trailing dot
    port: int
    path: str  # path and query, as in the request line
    addresses: tuple[str, ...]

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


@dataclass(frozen=True)
class _Parts:
    scheme: str
    host: str
    port: int
    path: str


def check_url(url: str, *, allow_loopback: bool) -> Target:
    """The URL's target with every address its host resolves to, each allowed; raises
    AddressRefused with the reason (for the form, or for the delivery log)."""
    parts = _parse(url, allow_loopback=allow_loopback)
    found = resolve(parts.host, parts.port)
    if not found:
        raise AddressRefused(_("We could not find this host name. Check the address."))
    for address in found:
        refusal = address_refusal(address, allow_loopback=allow_loopback)
        if refusal:
            raise AddressRefused(refusal)
    if parts.scheme == "http" and not all(_unwrap(a).is_loopback for a in found):
        raise AddressRefused(_("Use an address that starts with https://."))
    return Target(parts.scheme, parts.host, parts.port, parts.path,
                  tuple(str(address) for address in found))


def resolve(host: str, port: int) -> list[Address]:
    """Every address `host` resolves to, in the resolver's order, without duplicates; an IP
    address stands for itself. Empty when the name is unknown."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []
    found: list[Address] = []
    for family, _type, _proto, _name, sockaddr in infos:
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        address = ipaddress.ip_address(sockaddr[0].partition("%")[0])
        if address not in found:
            found.append(address)
    return found


def address_refusal(address: Address, *, allow_loopback: bool) -> str | None:
    """Why a webhook may not go to this address, or None when it may."""
    if address in METADATA_ADDRESSES:
        return _("This is the address of a cloud metadata service; we never send there.")
    if isinstance(address, ipaddress.IPv6Address) and any(address in net for net in TUNNELS):
        return _("This IPv6 address carries an IPv4 address we cannot check; use the IPv4 "
                 "address or a host name instead.")
    address = _unwrap(address)
    if address in METADATA_ADDRESSES:
        return _("This is the address of a cloud metadata service; we never send there.")
    if address.is_loopback:
        return None if allow_loopback else _(
            "Addresses on this computer (such as 127.0.0.1 or localhost) only work in "
            "development.")
    if (address.is_private or address.is_link_local or address.is_multicast
            or address.is_reserved or address.is_unspecified or address in SHARED
            or (isinstance(address, ipaddress.IPv6Address) and address.is_site_local)
            or not address.is_global):
        return _("This address is in a private, local or reserved network. Webhooks only go "
                 "to public addresses on the internet.")
    return None


def _unwrap(address: Address) -> Address:
    """An IPv4 address written as IPv6 (::ffff:10.0.0.1) is that IPv4 address."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _parse(url: str, *, allow_loopback: bool) -> _Parts:
    """The URL's pieces, or AddressRefused for everything that can be told without DNS."""
    url = (url or "").strip()
    if len(url) > URL_MAX:
        raise AddressRefused(_("At most %(max)d characters.", max=URL_MAX))
    if not url.isascii() or any(c <= " " or c in "\\\x7f" for c in url):
        raise AddressRefused(_("This is not a valid web address: write it without spaces, "
                               "and a host name with special characters in its xn-- form."))
    try:
        parts = urlsplit(url)
        port = parts.port
        host = parts.hostname
    except ValueError:
        raise AddressRefused(_("This is not a valid web address.")) from None
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http"):
        raise AddressRefused(_("Use an address that starts with https://."))
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise AddressRefused(_("Leave the user name and password out of the address: the "
                               "signature on every message proves it comes from us."))
    if not host:
        raise AddressRefused(_("This is not a valid web address."))
    if port == 0:
        raise AddressRefused(_("This port is not valid."))
    host = host.rstrip(".")
    literal = _literal(host)
    if literal is None:
        if not _HOST_NAME.match(host) or _NUMERIC.search(host):
            raise AddressRefused(_("Write the host as a name (such as hooks.example.com) or "
                                   "as a plain IP address."))
        if host in METADATA_NAMES:
            raise AddressRefused(_("This is the address of a cloud metadata service; we "
                                   "never send there."))
        is_loopback_name = host == "localhost" or host.endswith(".localhost")
        if is_loopback_name and not allow_loopback:
            raise AddressRefused(_("Addresses on this computer (such as 127.0.0.1 or "
                                   "localhost) only work in development."))
        if host.endswith(LOCAL_SUFFIXES) or ("." not in host and not is_loopback_name):
            raise AddressRefused(_("This address is in a private, local or reserved network. "
                                   "Webhooks only go to public addresses on the internet."))
    else:
        refusal = address_refusal(literal, allow_loopback=allow_loopback)
        if refusal:
            raise AddressRefused(refusal)
    if scheme == "http" and not (allow_loopback and (
            (literal is not None and _unwrap(literal).is_loopback)
            or (literal is None and (host == "localhost" or host.endswith(".localhost"))))):
        raise AddressRefused(_("Use an address that starts with https://."))
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return _Parts(scheme, host, port or (443 if scheme == "https" else 80), path)


def _literal(host: str) -> Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None
