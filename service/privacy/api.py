"""``DELETE /api/v1/me``: a person erases their own account, with their password."""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Request, Response, status

from service.accounts import service as accounts
from service.accounts.deps import CurrentUser, session_cookie_name
from service.accounts.schemas import EraseIn
from service.deps import SessionDep, SettingsDep
from service.errors import Forbidden, Unauthorized
from service.privacy.erasure import erase_user, remove_files
from service.texts import text
from service.throttle import LoginThrottle

router = APIRouter(tags=["accounts"])


@router.delete("/me", status_code=status.HTTP_204_NO_CONTENT)
def erase_me(
    data: EraseIn,
    user: CurrentUser,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    tasks: BackgroundTasks,
) -> None:
    """Delete the account and everything stored about it (GDPR Art. 17); needs the password."""
    try:
        with LoginThrottle.for_request(settings, request, user.email):
            accounts.authenticate(session, user.email, data.password)
    except Unauthorized:
        raise Forbidden("password_wrong", text("erasure.password_wrong", user.locale)) from None
    tasks.add_task(remove_files, erase_user(session, settings, user))
    response.delete_cookie(session_cookie_name(settings), path="/")
