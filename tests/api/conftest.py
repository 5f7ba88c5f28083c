"""An in-process API client whose requests share the test's rolled-back transaction.

The application and its client are imported when a fixture first needs them, not when this
file is read: pytest-xdist's controller reads it before it starts the workers and never runs a
test, so importing the whole service here would only hold the workers back.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
import redis

if TYPE_CHECKING:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient
    from sqlalchemy.orm import Session

    from service.models import User

PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="session")
def app() -> FastAPI:
    """One application for the session (building its routes is the costly part); each test
    sets its own dependency overrides and they are cleared after it."""
    from service.main import create_app

    return create_app()


@pytest.fixture
def client(
    app: FastAPI, db_session: Session, sent_tasks: list[Any], redis_url: str
) -> Iterator[TestClient]:
    from fastapi.testclient import TestClient

    from service.config import get_settings
    from service.db import get_session

    client_redis = redis.Redis.from_url(redis_url)
    for pattern in ("login", "mail"):  # throttles and mail limits start afresh in each test
        for key in client_redis.scan_iter(f"{get_settings().redis_namespace}:{pattern}:*"):
            client_redis.delete(key)

    def session_override() -> Iterator[Session]:
        try:
            yield db_session
            db_session.commit()
        except BaseException:
            db_session.rollback()
            raise

    app.dependency_overrides.clear()
    app.dependency_overrides[get_session] = session_override
    address = f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.{secrets.randbelow(256)}"
    try:
        with TestClient(app, raise_server_exceptions=False, client=(address, 50000)) as test_client:
            send = test_client.request

            def request_without_500(*args: Any, **kwargs: Any) -> Any:
                response = send(*args, **kwargs)
                assert response.status_code != 500, f"500 from {args[:2]}: {response.text}"
                return response

            test_client.request = request_without_500  # type: ignore[method-assign]
            yield test_client
    finally:
        app.dependency_overrides.clear()


class Api:
    """Small helpers so tests read like the curl session a newcomer would type."""

    def __init__(self, client: TestClient, session: Session) -> None:
        self.client = client
        self.session = session

    def signup(
        self, email: str, role: str = "athlete", verified: bool = True, **extra: Any
    ) -> dict[str, Any]:
        """Sign up through the API and, unless ``verified=False``, confirm the address through
        the API too, with the token the verification email would carry; the account as
        ``GET /me`` shows it."""
        from service.accounts.queries import get_user_by_email
        from service.accounts.schemas import UserOut

        body = {"email": email, "password": PASSWORD, "role": role, **extra}
        response = self.client.post("/api/v1/auth/signup", json=body)
        assert response.status_code == 202, response.text
        user = get_user_by_email(self.session, email)
        assert user is not None, f"no account made for {email}"
        if verified:
            self.verify(user)
        return UserOut.model_validate(user, from_attributes=True).model_dump(mode="json")

    def verify(self, user: User) -> None:
        from service.accounts.verification import make_token
        from service.config import get_settings

        token = make_token(get_settings(), user)
        answer = self.client.post("/api/v1/auth/verify-email", json={"token": token})
        assert answer.status_code == 204, answer.text

    def token(self, email: str) -> dict[str, str]:
        response = self.client.post(
            "/api/v1/auth/tokens", json={"email": email, "password": PASSWORD, "name": "test"}
        )
        assert response.status_code == 201, response.text
        return {"Authorization": f"Bearer {response.json()['token']}"}

    def user(
        self, email: str, role: str = "athlete", **extra: Any
    ) -> tuple[dict[str, Any], dict[str, str]]:
        return self.signup(email, role, **extra), self.token(email)


@pytest.fixture
def api(client: TestClient, db_session: Session) -> Api:
    return Api(client, db_session)
