"""Which client address counts for throttling: the connection's, or the proxy's X-Forwarded-For.

X-Forwarded-For is believed only when the connection comes from a proxy listed in
WERKSTATT_TRUSTED_PROXIES (comma-separated addresses; "local" for the same machine),
e.g. HAProxy in front of several Streamlit processes. Anyone else could forge it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Set

LOCAL = "local"
TRUSTED_ENV = "WERKSTATT_TRUSTED_PROXIES"  # read into Settings.trusted_proxies (werkstatt/settings.py)


def _valid_ip(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_address(remote: str | None, forwarded_for: str | None, trusted: Set[str]) -> str:
    """The address to count attempts under (never raises; garbage becomes the connection's address)."""
    connection = _valid_ip(remote or "") or LOCAL
    if connection not in trusted or not forwarded_for:
        return connection
    # The last hop was added by our proxy; entries before it are the client's claims.
    hops = [h for h in forwarded_for.split(",") if h.strip()]
    return _valid_ip(hops[-1]) or connection if hops else connection
