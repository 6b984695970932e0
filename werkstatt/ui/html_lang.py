"""A German document: lang="de" from the first byte, and German words for Streamlit's own labels.

Two layers, both needed:
- `HtmlLangMiddleware`, a plain ASGI middleware for the `st.App` server, rewrites the
  page Streamlit serves (`<html lang="en">`, `<title>Streamlit</title>`) before it
  leaves the server, so even the first paint and a browser without script say German.
- `german_document()`, called by every page, keeps `lang="de"` and puts German words on
  the labels Streamlit's frontend draws later (skip link, form hint, toolbar buttons).
  Only fixed strings of this module go into the script; never user or organizer text.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import streamlit as st

from werkstatt.ui.style import STYLESHEET

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Streamlit's English sentences the app can reach (visible text and labels) in German.
# Whole phrases only: a text node is replaced only when it is exactly one of these,
# so a contribution that happens to read "Stop" is never touched.
GERMAN_TEXTS: dict[str, str] = {
    "Skip to main content": "Zum Inhalt springen",
    "Press Enter to submit form": "Eingabetaste sendet das Formular",
    "Press Enter to apply": "Eingabetaste übernimmt die Eingabe",
    "Press ⌘+Enter to submit form": "⌘+Eingabetaste sendet das Formular",
    "Press Ctrl+Enter to submit form": "Strg+Eingabetaste sendet das Formular",
    "Link to heading": "Link zu dieser Überschrift",
    "Download as CSV": "Als CSV herunterladen",
    "Connection error": "Verbindungsfehler",
    "Drag and drop file here": "Datei hierher ziehen",
    "Browse files": "Datei auswählen",
    "No results": "Keine Treffer",
    "Choose an option": "Bitte wählen",
}
# Streamlit's own accessible names and tooltips (aria-label, title, placeholder); user
# text never goes into these attributes in this app.
GERMAN_LABELS: dict[str, str] = {
    **GERMAN_TEXTS,
    "Search": "Suchen",
    "Fullscreen": "Vollbild",
    "Close fullscreen": "Vollbild schließen",
    "Open sidebar": "Menü öffnen",
    "Close sidebar": "Menü schließen",
    "Expand sidebar": "Menü öffnen",
    "Collapse sidebar": "Menü schließen",
    "Show password text": "Passwort anzeigen",
    "Hide password text": "Passwort verbergen",
    "Clear all": "Alles leeren",
    "Clear value": "Auswahl leeren",
    "Running...": "Läuft …",
    "Close": "Schließen",
    "Main menu": "Hauptmenü",
    "Deploy": "Veröffentlichen",
    "Stop": "Anhalten",
    "Rerun": "Neu laden",
    "Open": "Öffnen",
    "Expand": "Aufklappen",
    "Collapse": "Zuklappen",
    "Expand dataframe": "Tabelle vergrößern",
    "Show/hide columns": "Spalten zeigen/verbergen",
}

_SCRIPT = """<script>
(() => {
  const doc = document, words = %s, texts = %s;
  doc.documentElement.lang = "de";
  if (window.__wsGerman) { return; }
  window.__wsGerman = true;
  // One polite live region for the whole visit (werkstatt/ui/announce.py feeds it).
  const live = doc.createElement("div");
  live.id = "ws-live"; live.className = "ws-sr-only";
  live.setAttribute("role", "status"); live.setAttribute("aria-live", "polite");
  doc.body.appendChild(live);
  const said = {};
  const speak = () => {
    for (const el of doc.querySelectorAll("[data-ws-say-key]")) {
      const key = el.getAttribute("data-ws-say-key"), state = el.getAttribute("data-ws-say-id");
      if (!(key in said)) { said[key] = state; continue; }
      if (said[key] === state) { continue; }
      said[key] = state;
      const text = el.getAttribute("data-ws-say");
      if (text) { live.textContent = text; }
    }
  };
  // A calm German notice instead of Streamlit's English "Connection error" dialog, on every page:
  // shown 1.5 s after any source (Streamlit's connection, a live part's event stream) went down.
  const down = new Set();
  let noticeTimer = null;
  const notice = doc.createElement("div");
  notice.id = "werkstatt-reconnect";
  notice.setAttribute("role", "status"); notice.setAttribute("aria-live", "polite");
  notice.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:1000001;display:none;padding:.7rem 1rem;" +
    "background:#123C5A;color:#fff;font:600 1.05rem/1.4 system-ui,sans-serif;text-align:center";
  doc.body.appendChild(notice);
  const hideDialog = doc.createElement("style");
  hideDialog.textContent = "body.werkstatt-offline [data-testid='stDialog']," +
    "body.werkstatt-offline [data-testid='stModal']{display:none !important}";
  doc.head.appendChild(hideDialog);
  window.__wsNotice = (source, isDown) => {
    const was = down.size > 0;
    if (isDown) { down.add(source); } else { down.delete(source); }
    if (down.size > 0 && !was) {
      clearTimeout(noticeTimer);
      noticeTimer = setTimeout(() => {
        notice.textContent = "Verbindung wird wiederhergestellt …";
        notice.style.display = "block";
        doc.body.classList.add("werkstatt-offline");
      }, 1500);
    } else if (down.size === 0 && was) {
      clearTimeout(noticeTimer);
      notice.style.display = "none"; notice.textContent = "";
      doc.body.classList.remove("werkstatt-offline");
    }
  };
  const watchConnection = () => {
    const app = doc.querySelector('[data-testid="stApp"]');
    const state = app && app.getAttribute("data-test-connection-state");
    if (state) { window.__wsNotice("streamlit", state !== "CONNECTED" && state !== "INITIAL"); }
  };
  // The menu scrolls on its own on a short screen: keyboard users reach it even while Streamlit redraws
  // its links (axe: scrollable-region-focusable). Done at once on every change, not in the debounced
  // pass below: a redrawn sidebar must never be without it, not even for 120 ms.
  const focusableMenu = () => {
    const menu = doc.querySelector('[data-testid="stSidebarContent"]');
    if (menu && !menu.hasAttribute("tabindex")) {
      menu.setAttribute("tabindex", "0"); menu.setAttribute("role", "region"); menu.setAttribute("aria-label", "Menü");
    }
  };
  const fix = () => {
    watchConnection();
    speak();
    focusableMenu();
    if (doc.documentElement.lang !== "de") { doc.documentElement.lang = "de"; }
    for (const attr of ["aria-label", "title", "placeholder"]) {
      for (const el of doc.querySelectorAll("[" + attr + "]")) {
        const german = words[el.getAttribute(attr)];
        if (german) { el.setAttribute(attr, german); }
      }
    }
    const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const german = texts[node.nodeValue.trim()];
      if (german) { node.nodeValue = german; }
    }
  };
  // The second click of a double-click is dropped before Streamlit sees it: people double-click web
  // buttons out of habit, and each click would be an action (a dot given and taken back, a minute
  // added twice). Keyboard activation (detail 0) and every later single click pass.
  doc.addEventListener("click", (event) => {
    const button = event.detail > 1 && event.target.closest &&
      event.target.closest('[data-testid="stButton"] button, [data-testid="stFormSubmitButton"] button, .wb button');
    if (button) { event.stopImmediatePropagation(); event.preventDefault(); }
  }, true);
  let queued = false;
  const soon = () => { if (!queued) { queued = true; setTimeout(() => { queued = false; fix(); }, 120); } };
  new MutationObserver(() => { focusableMenu(); soon(); }).observe(doc.documentElement,
    {subtree: true, childList: true, characterData: true, attributes: true,
     attributeFilter: ["lang", "aria-label", "title", "placeholder", "data-ws-say-id", "data-test-connection-state"]});
  fix();
})();
</script>"""


def german_document() -> None:
    """Keep the document German (lang, Streamlit's labels); draws nothing visible.

    Served pages carry the script already (HtmlLangMiddleware); this copy serves `streamlit run app.py`.
    """
    st.sidebar.html(PAGE_SCRIPT, unsafe_allow_javascript=True)


def _js(words: dict[str, str]) -> str:
    return json.dumps(words, ensure_ascii=True).replace("<", "\\u003c")


# The document's script (German labels and live region, the reconnect notice, the menu's keyboard
# access, the double-click guard), built once. It runs once per visit, whichever copy comes first.
PAGE_SCRIPT = _SCRIPT % (_js(GERMAN_LABELS), _js(GERMAN_TEXTS))
_PAGE_SCRIPT_BYTES = PAGE_SCRIPT.encode()


def _is_page_request(scope: Scope) -> bool:
    if scope.get("type") != "http" or scope.get("method") != "GET":
        return False
    path = str(scope.get("path", ""))
    if path.startswith(("/_stcore", "/static", "/media", "/component", "/app/static")):
        return False
    accept = dict(scope.get("headers") or []).get(b"accept", b"")
    return b"text/html" in accept


class HtmlLangMiddleware:
    """ASGI middleware: serve Streamlit's page as a German document (`lang="de"`, a neutral title)
    with the product's stylesheet in its head (werkstatt/ui/style.py) and its script in the body.

    The stylesheet is drawn by every page run as well, but an element of the page can be missing for a
    moment while Streamlit redraws; in the head it never is, so captions never fall back to the theme's
    faded grey (contrast 4.2:1, below WCAG's 4.5:1), not even on the first paint.

    Only HTML page requests are touched; their request asks for an uncompressed answer
    so the body can be rewritten, and Content-Length is recomputed.
    """

    def __init__(self, app: ASGIApp, lang: str = "de", title: str = "Werkstatt") -> None:
        self.app = app
        self.lang = lang.encode()
        self.title = title.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _is_page_request(scope):
            await self.app(scope, receive, send)
            return
        headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() != b"accept-encoding"]
        scope = {**scope, "headers": headers}
        start: Message | None = None
        parts: list[bytes] = []

        async def send_rewritten(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                content_type = dict(message.get("headers") or []).get(b"content-type", b"")
                if b"text/html" in content_type:
                    start = message
                    return
                await send(message)
            elif message["type"] == "http.response.body" and start is not None:
                parts.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                body = self.rewrite(b"".join(parts))
                fixed = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
                fixed.append((b"content-length", str(len(body)).encode()))
                await send({**start, "headers": fixed})
                await send({"type": "http.response.body", "body": body})
            else:
                await send(message)

        await self.app(scope, receive, send_rewritten)

    def rewrite(self, body: bytes) -> bytes:
        body = body.replace(b'<html lang="en"', b'<html lang="' + self.lang + b'"', 1)
        body = body.replace(b"<title>Streamlit</title>", b"<title>" + self.title + b"</title>", 1)
        body = body.replace(b"</head>", STYLESHEET.encode() + b"</head>", 1)
        # At the end of the body the script runs before Streamlit's deferred modules draw anything,
        # so its observer sees the menu the moment it appears (keyboard access from the first paint).
        return body.replace(b"</body>", _PAGE_SCRIPT_BYTES + b"</body>", 1)
