"""The very first request after a server start, straight to a protected page.

Before the first st.navigation call, Streamlit runs page files directly
(docs/architecture.md); the page's own guard must still refuse. A fresh server per
test, because one visit to "/" switches the process to the router.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import app_server, goto, new_page

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("path", ["/organisation", "/moderation"])
def test_first_request_to_protected_page_shows_login_only(browser, tmp_path, path: str) -> None:
    with app_server(tmp_path, "first") as srv:
        page = new_page(browser)
        goto(page, srv, path)
        main = page.locator('[data-testid="stMain"]')
        assert main.get_by_role("button", name="Anmelden").is_visible()
        assert main.get_by_text("Bitte melden Sie sich an").is_visible()
        assert main.locator("h1").filter(has_text=path.strip("/").capitalize()).count() == 0
        page.context.close()
