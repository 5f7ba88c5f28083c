"""What every page knows about its request: the reader, their language, the form token, the menu."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, Final

from fastapi import Request

from service.clock import local_today
from service.dashboard.i18n import N_, gettext
from service.errors import AppError, Unauthorized
from service.models import STAFF_ROLES, Role, User


@dataclass(frozen=True)
class NavItem:
    path: str
    label: str  # an English msgid, translated when shown
    section: str  # the ``section`` a page declares, to mark the current item


ATHLETE_NAV: Final = (
    NavItem("/home", N_("This week"), "home"),
    NavItem("/athletes/{me}", N_("My training"), "athlete"),
    NavItem("/athletes/{me}/activities", N_("Activities"), "runs"),
    NavItem("/athletes/{me}/checkins", N_("Check-in"), "checkins"),
    NavItem("/alerts", N_("Alerts"), "alerts"),
    NavItem("/connections", N_("Connections"), "connections"),
    NavItem("/invitations", N_("Coaches"), "invitations"),
    NavItem("/notifications", N_("Notifications"), "notifications"),
    NavItem("/privacy", N_("Privacy"), "privacy"),
    NavItem("/account", N_("Account"), "account"),
)
# Short confirmations after a form was posted, named by ``?done=`` on the page it leads to.
DONE_MESSAGES: Final = {
    "signed_out": N_("You are signed out."),
    "password_changed": N_("Your password is changed. Sign in with the new one."),
    "email_verified": N_("Your email address is confirmed. Sign in to continue."),
    "verification_sent": N_("A new confirmation link is on its way to your email address."),
    "session_ended": N_("That session is ended."),
    "token_revoked": N_("The API token is revoked. Programs that used it no longer get in."),
    "invite_sent": N_("The invitation is sent. The link becomes active when they accept."),
    "link_accepted": N_("You are now linked."),
    "link_declined": N_("The invitation is declined."),
    "link_revoked": N_("The link is ended. They no longer see your data."),
    "sharing_on": N_("Your symptoms are now shared on this link."),
    "sharing_off": N_("Your symptoms are no longer shared on this link."),
    "invite_link_made": N_("Your invite link is ready. It works once, for 14 days."),
    "finding_seen": N_("Marked as seen. The warning stays in the history."),
    "notifications_saved": N_("Your notification settings are saved."),
    "apprise_added": N_(
        "The Apprise address is added. It is stored encrypted and not shown again."
    ),
    "apprise_removed": N_("The Apprise address is removed."),
    "checkin_saved": N_("Your check-in is saved. Thank you."),
    "red_flag_saved": N_("Your report is saved."),
    "episode_saved": N_("Saved. The advice is being worked out again."),
    "race_saved": N_("Saved. The advice after this run is being worked out again."),
    "sport_saved": N_(
        "The sport is corrected. Your figures and advice are being worked out again."
    ),
    "heart_rates_saved": N_("Saved. TRIMP is being worked out from your heart rate."),
    "finding_snoozed": N_("You will be reminded of this warning again then."),
    "all_seen": N_("Marked as seen: every warning this list showed. They stay in the history."),
    "note_saved": N_("Your note is saved."),
    "note_deleted": N_("Your note is deleted."),
    "policy_saved": N_("The advice settings are saved. The warnings are being recomputed."),
    "policy_unchanged": N_("Nothing changed: every value was already set like this."),
    "fitbit_connected": N_("Fitbit is connected. Your history is being fetched."),
    "account_deleted": N_("Your account and everything stored about you are deleted."),
}

# Why a posted form did not work, named by ``?error=`` (the service's error code).
ERROR_MESSAGES: Final = {
    "note_empty": N_("The note is empty. Write something first."),
    "invalid_day": N_("Enter the day as yyyy-mm-dd."),
    "note_too_long": N_("The note is too long: at most 500 characters."),
    "note_day_in_future": N_("A note can be about today or an earlier day, not a day to come."),
    "not_your_note": N_("Only the person who wrote a note can delete it."),
    "note_not_found": N_("This note no longer exists."),
    "already_linked": N_("You are already linked."),
    "already_invited": N_("An invitation to this address is already waiting."),
    "not_staff": N_("This account is not a coach or physiotherapist."),
    "cannot_link_self": N_("You cannot invite yourself."),
    "email_unverified": N_(
        "Confirm your email address first: open the link in the email we sent you. You can ask "
        "for a new link on your account page."
    ),
    "too_many_invites": N_("You sent many invitations today. Try again tomorrow."),
    "invite_not_found": N_("This invitation is unknown, already used or expired."),
    "link_not_found": N_("This link does not exist, or it is not yours."),
    "link_not_pending": N_("Only a waiting invitation can be declined."),
    "invalid_email": N_("Enter a valid email address."),
    "finding_not_found": N_("This warning does not exist, or it is not yours to see."),
    "episode_not_found": N_("This injury episode no longer exists."),
    "activity_not_found": N_("This run does not exist, or it is not yours."),
    "invalid_sport": N_("Choose a sport from the list."),
    "invalid_heart_rates": N_(
        "Enter a resting heart rate from 25 to 120 and a maximum heart rate from 100 to 240."
    ),
    "hr_rest_not_below_max": N_("The resting heart rate must be below the maximum heart rate."),
    "physio_or_athlete_only": N_("Only the runner or their physiotherapist can change this."),
    "invalid_episode": N_("That does not fit this injury episode; check the day."),
    "apprise_target_not_found": N_("This Apprise address does not exist, or it is not yours."),
    "apprise_url_invalid": N_("Apprise does not recognise this address. Check it and try again."),
    "apprise_scheme_not_allowed": N_(
        "This kind of Apprise address is not supported. Use one that sends over the web or by "
        "email, such as ntfy, Telegram, Signal or Pushover."
    ),
    "fitbit_not_connected": N_("Fitbit is not connected. The reason is shown with the connection."),
    "oauth_state_mismatch": N_(
        "This authorisation does not belong to your latest connection attempt, or was already "
        "used. Start connecting again."
    ),
    "snooze_out_of_range": N_("Choose a reminder from 1 to 30 days ahead."),
    "session_not_found": N_("That session has already ended."),
    "token_not_found": N_("That API token does not exist, or it is already revoked."),
}

STAFF_NAV: Final = (
    NavItem("/roster", N_("Athletes"), "roster"),
    NavItem("/alerts", N_("Alerts"), "alerts"),
    NavItem("/invitations", N_("Invitations"), "invitations"),
    NavItem("/notifications", N_("Notifications"), "notifications"),
    NavItem("/privacy", N_("Privacy"), "privacy"),
    NavItem("/account", N_("Account"), "account"),
)


@dataclass(frozen=True)
class Page:
    """Handed to every template as ``page``.

    ``csrf_token`` is the signed-in session's token, or for a visitor the double-submit form
    token whose cookie ``new_form_token`` asks the response to set.
    """

    request: Request
    locale: str
    user: User | None
    csrf_token: str
    section: str = ""
    new_form_token: bool = False
    notices: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def _(self, message: str, **values: object) -> str:
        return gettext(self.locale, message, **values)

    @property
    def reader(self) -> User:
        """The signed-in user of a page that requires one."""
        if self.user is None:
            raise Unauthorized("not_authenticated", "sign in to see this page")
        return self.user

    @property
    def is_athlete(self) -> bool:
        return self.user is not None and self.user.role == Role.ATHLETE

    @property
    def is_staff(self) -> bool:
        return self.user is not None and self.user.role in STAFF_ROLES

    @property
    def timezone(self) -> str:
        return self.user.timezone if self.user is not None else "UTC"

    @cached_property
    def today(self) -> date:
        """The reader's own calendar day: day words ("yesterday") are relative to it (asked
        once per page: a roster asks for every row)."""
        return local_today(self.timezone)

    def nav(self) -> list[NavItem]:
        if self.user is None:
            return []
        items = ATHLETE_NAV if self.is_athlete else STAFF_NAV if self.is_staff else ()
        me = str(self.user.id)
        return [NavItem(i.path.replace("{me}", me), i.label, i.section) for i in items]

    def with_section(self, section: str) -> Page:
        return Page(
            self.request,
            self.locale,
            self.user,
            self.csrf_token,
            section,
            self.new_form_token,
            self.notices,
            self.problems,
        )


def notices_for(request: Request, locale: str) -> tuple[list[str], list[str]]:
    """The notices and problems a page shows after a redirect from a form."""
    done = DONE_MESSAGES.get(request.query_params.get("done", ""))
    error = request.query_params.get("error", "")
    problem = ERROR_MESSAGES.get(error) or (N_("That did not work. Try again.") if error else None)
    return (
        [gettext(locale, done)] if done else [],
        [gettext(locale, problem)] if problem else [],
    )


def home_path(user: User | None) -> str:
    """Where someone lands after signing in."""
    if user is None:
        return "/sign-in"
    return "/home" if user.role == Role.ATHLETE else "/roster"


def safe_next(value: str | None, default: str) -> str:
    """A local path to continue to after signing in; anything else (other sites) is ignored."""
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return default
    return value


def problem_text(exc: AppError, page: Page) -> str:
    """The feature's own message in the reader's language, else the general one."""
    detail: Any = exc.detail
    if isinstance(detail, dict) and isinstance(detail.get(page.locale), str):
        return str(detail[page.locale])
    if isinstance(detail, dict) and isinstance(detail.get("message"), str):
        return str(detail["message"])
    known = ERROR_MESSAGES.get(exc.code)
    return page._(known) if known else page._("That did not work. Try again.")
