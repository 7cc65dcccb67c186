"""The web tests' test client and helpers."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

UNIT = "huyen-huong-khe"
CSRF = "csrf-of-this-test-session"


class Client:
    """A test client whose session has a known CSRF token, sent by ``post`` unless told not to."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        with client.session_transaction() as session:
            session["csrf"] = CSRF

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.client.get(url, **kwargs)

    def post(self, url: str, data: dict[str, Any] | None = None, *, csrf: str | None = CSRF, **kwargs: Any) -> Any:
        form = dict(data or {})
        if csrf is not None:
            form["csrf"] = csrf
        return self.client.post(url, data=form, **kwargs)


def text(response: Any) -> str:
    body: str = response.get_data(as_text=True)
    return body
