"""The dashboard's own actions on someone's things (server-rendered forms, outside the OpenAPI
schema): a stranger signed in with a browser session changes nothing of the victim's, the
owner does, and an id beyond the database's range is refused without a server error."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from service.deps import MAX_ROW_ID
from tests.security.people import PASSWORD
from tests.security.world import World, rows_of

#: (path template, form, the stranger who tries it, the id it names)
ACTIONS = [
    ("/privacy/links/{id}/sharing", {"share_symptoms": "false"}, "other_athlete", "link"),
    ("/invitations/respond/{id}", {"action": "revoke"}, "other_athlete", "link"),
    ("/invitations/respond/{id}", {"action": "accept"}, "other_coach", "pending_link"),
    ("/athletes/{victim}/findings/{id}/acknowledge", {}, "other_coach", "finding"),
    ("/athletes/{victim}/activities/{id}/sport", {"sport": "cycling"}, "other_coach", "activity"),
    ("/athletes/{victim}/activities/{id}/race", {"race": "yes"}, "other_athlete", "activity"),
    ("/connections/{id}/disconnect", {}, "other_athlete", "connection"),
    ("/notifications/apprise/{id}/remove", {}, "other_athlete", "target"),
    ("/athletes/{victim}/notes/{id}/delete", {}, "other_coach", "note"),
    ("/athletes/{victim}/notes/{id}/delete", {}, "other_athlete", "note"),
    ("/athletes/{victim}/notes", {"body": "hi", "finding_id": "{id}"}, "other_coach", "finding"),
]


def _sign_in(client: TestClient, world: World, who: str) -> str:
    client.cookies.clear()
    answer = client.post(
        "/api/v1/auth/login", json={"email": world.person(who).user.email, "password": PASSWORD}
    )
    assert answer.status_code == 200
    return str(answer.json()["csrf_token"])


def _post(client: TestClient, url: str, form: dict[str, str], csrf: str) -> Any:
    return client.post(url, data={**form, "csrf_token": csrf}, follow_redirects=False)


def _snapshot(session: Session, world: World) -> str:
    return json.dumps(rows_of(session, world.victim.id), sort_keys=True, default=str)


@pytest.mark.parametrize(("template", "form", "stranger", "key"), ACTIONS)
def test_a_stranger_changes_nothing_the_owner_does(
    client: TestClient,
    db_session: Session,
    world: World,
    template: str,
    form: dict[str, str],
    stranger: str,
    key: str,
) -> None:
    url = template.format(id=world.ids[key], victim=world.victim.id)
    form = {name: value.format(id=world.ids[key]) for name, value in form.items()}
    before = _snapshot(db_session, world)

    csrf = _sign_in(client, world, stranger)
    answer = _post(client, url, form, csrf)
    huge = _post(client, template.format(id=MAX_ROW_ID + 1, victim=world.victim.id), form, csrf)

    assert answer.status_code < 500
    assert huge.status_code in (404, 422), huge.text  # refused before the database
    assert _snapshot(db_session, world) == before, f"{stranger} changed the victim's data"
    owner = "pending_coach" if key == "pending_link" else "victim"
    done = _post(client, url, form, _sign_in(client, world, owner))
    assert done.status_code == 303, done.text
    assert _snapshot(db_session, world) != before, "the owner's action did nothing"
