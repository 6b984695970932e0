from werkstatt.accounts.client import LOCAL, client_address


def test_forwarded_for_is_ignored_unless_the_proxy_is_trusted() -> None:
    assert client_address("203.0.113.5", "1.2.3.4", set()) == "203.0.113.5"
    assert client_address(None, "1.2.3.4", set()) == LOCAL


def test_behind_a_trusted_proxy_the_last_hop_counts() -> None:
    trusted = {LOCAL, "10.0.0.2"}
    assert client_address(None, "6.6.6.6, 198.51.100.9", trusted) == "198.51.100.9"
    assert client_address("10.0.0.2", "198.51.100.9", trusted) == "198.51.100.9"


def test_garbage_headers_fall_back_to_the_connection() -> None:
    assert client_address(None, "\x00, <script>", {LOCAL}) == LOCAL
    assert client_address("not-an-ip", None, set()) == LOCAL
