"""`GET /live/client.js`: the browser side of the live parts, served once and cached.

A live part (werkstatt/ui/live_parts.py) carries only a few bytes of JavaScript that imports
this module, instead of sending the whole client with every redraw. The URL names the file's
hash, so a new version is fetched after a deploy and the old one may be cached for long.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

SOURCE = Path(__file__).with_name("live_client.js").read_text(encoding="utf-8")
VERSION = hashlib.sha256(SOURCE.encode()).hexdigest()[:12]
CLIENT_URL = f"/live/client.js?v={VERSION}"

# The component's own code: load the client (cached by the browser) and hand the mount over.
LOADER_JS = (
    "export default function (component) {\n"
    "  let cleanup = null, gone = false;\n"
    f'  const url = new URL("{CLIENT_URL}", window.location.origin).href;\n'
    "  import(url).then((m) => { if (!gone) cleanup = m.render(component); });\n"
    "  return () => { gone = true; if (cleanup) cleanup(); };\n"
    "}\n"
)


def client_route() -> Route:
    async def endpoint(request: Request) -> Response:
        cache = "public, max-age=31536000, immutable" if request.query_params.get("v") == VERSION else "no-cache"
        return Response(SOURCE, media_type="text/javascript", headers={"Cache-Control": cache})

    return Route("/live/client.js", endpoint, methods=["GET"])
