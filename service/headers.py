"""Security headers on every response the pages do not set themselves.

JSON (and anything else that is not a page) gets a policy that allows nothing at all and may not
be framed; an HTML response without a policy of its own (the API docs in development) may at
least not be framed. In production every response also carries HSTS, so a browser that once
reached loadwatch over https never tries plain http again.
"""

from __future__ import annotations

from typing import Final

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

STRICT_POLICY: Final = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
FRAME_POLICY: Final = "frame-ancestors 'none'"
HSTS: Final = "max-age=31536000; includeSubDomains"
#: The pages behind the links in emails: their own inline style, a form back to loadwatch.
LINK_PAGE_POLICY: Final = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)


class SecurityHeaders:
    def __init__(self, app: ASGIApp, production: bool) -> None:
        self.app = app
        self.production = production

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        static = scope["path"].startswith("/static/")  # the push worker keeps its own rights

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if "content-security-policy" not in headers and not static:
                    html = headers.get("content-type", "").startswith("text/html")
                    headers["Content-Security-Policy"] = FRAME_POLICY if html else STRICT_POLICY
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "no-referrer")
                if self.production:
                    headers.setdefault("Strict-Transport-Security", HSTS)
            await send(message)

        await self.app(scope, receive, with_headers)
