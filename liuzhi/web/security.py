"""Sessions, CSRF tokens and security headers (the login rate limit is in ``logins``).

The session is a cookie signed with the app's secret (itsdangerous): it holds the user's
name and a CSRF token, nothing else. It is HttpOnly and SameSite=Lax, and Secure when the
request came over HTTPS (behind a reverse proxy that says so). Every form carries the
token; every write checks it, so another site cannot post on a reviewer's behalf.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer

from liuzhi.errors import ConfigError

COOKIE = "liuzhi_session"
MAX_AGE = 12 * 3600
MIN_SECRET = 32

HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self'; "
                                "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                                "form-action 'self'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def signing_key(secret: str | None, *, team: bool, workers: int) -> str:
    """The session key: the configured secret, or a random one for a single-user run."""
    if secret:
        if len(secret) < MIN_SECRET:
            raise ConfigError(f"LIUZHI_WEB_SECRET is {len(secret)} characters long; use at "
                              f"least {MIN_SECRET} random ones (e.g. `python -c 'import "
                              "secrets; print(secrets.token_urlsafe(48))'`).")
        return secret
    if team or workers > 1:
        raise ConfigError("Team mode (or more than one worker) needs a session key shared by "
                          "every worker and kept across restarts: set LIUZHI_WEB_SECRET in the "
                          "environment to at least 32 random characters (e.g. `python -c "
                          "'import secrets; print(secrets.token_urlsafe(48))'`).")
    return secrets.token_urlsafe(48)


@dataclass
class SessionData:
    """``csrf`` is made the first time a page asks for it, so a reader who never sees a
    form is sent no cookie (and costs no signature)."""

    user: str | None = None
    token: str | None = None
    changed: bool = False

    @property
    def csrf(self) -> str:
        if self.token is None:
            self.token, self.changed = secrets.token_urlsafe(32), True
        return self.token

    def renew(self) -> None:
        """A fresh token, e.g. after logging in."""
        self.token, self.changed = secrets.token_urlsafe(32), True


class Sessions:
    def __init__(self, key: str) -> None:
        self._serializer = URLSafeTimedSerializer(key, salt="liuzhi-session")

    def load(self, cookie: str | None) -> SessionData:
        if cookie:
            try:
                data = self._serializer.loads(cookie, max_age=MAX_AGE)
                if isinstance(data, dict) and isinstance(data.get("c"), str):
                    return SessionData(user=data.get("u"), token=data["c"])
            except BadSignature:
                pass
        return SessionData()

    def dump(self, session: SessionData) -> str:
        return self._serializer.dumps({"u": session.user, "c": session.csrf})


def csrf_ok(session: SessionData, token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(session.csrf, str(token))

