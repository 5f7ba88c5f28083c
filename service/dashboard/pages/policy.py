"""The advice settings of one athlete: every threshold with its value, default, allowed range,
who may change it and its evidence; a linked coach or physio changes them, the athlete reads
them; and the history of changes. Saving is the findings feature's ``update_policy``."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from sqlalchemy.orm import Session

from service.athletes.access import AthleteAccess, VisibleAthlete
from service.dashboard import labels, policy_form
from service.dashboard.deps import SignedInPage
from service.dashboard.form_data import Fields, FormFields
from service.dashboard.page import Page, problem_text
from service.dashboard.policy_form import key, read_policy_form, refused_fields
from service.dashboard.render import render, see_other
from service.deps import SessionDep
from service.errors import AppError, Forbidden
from service.findings import service as findings
from service.findings.schemas import ParameterOut, PolicyOut

router = APIRouter()
PATH = "/athletes/{athlete_id}/policy"


@router.get(PATH)
def policy_page(access: VisibleAthlete, page: SignedInPage, session: SessionDep) -> Response:
    return _page(page, access, session, findings.policy_out(session, access))


@router.post(PATH)
def save_policy(
    access: VisibleAthlete, page: SignedInPage, session: SessionDep, fields: FormFields
) -> Response:
    """Every value is sent; only the changed ones are checked against the reader's role."""
    if access.is_self:
        raise Forbidden("staff_only", "only a linked coach or physiotherapist changes the policy")
    current = findings.policy_out(session, access)
    submission = read_policy_form(fields, current.parameters, page.locale)
    if submission.errors:
        return _page(page, access, session, current, fields, submission.errors, 422)
    try:
        saved = findings.update_policy(session, access, submission.overrides)
    except AppError as exc:
        errors = _errors_of(exc, page, submission, current.parameters)
        return _page(page, access, session, current, fields, errors, exc.status_code)
    done = "policy_unchanged" if saved.overrides == current.overrides else "policy_saved"
    return see_other(f"/athletes/{access.athlete.id}/policy?done={done}")


def _errors_of(
    exc: AppError, page: Page, submission: Any, parameters: list[ParameterOut]
) -> dict[str, str]:
    """The findings feature's refusal next to the fields it is about."""
    detail: Any = exc.detail
    if exc.code == "policy_change_not_allowed":
        refused = refused_fields(submission, parameters, page.locale)
        if refused:
            page.problems.append(page._("Nothing is saved: you changed a setting you may not."))
            return refused
    if exc.code == "invalid_policy" and isinstance(detail, dict):
        field = str(detail.get("field", ""))
        message = detail.get("message", {})
        if field in {key(p) for p in parameters} and isinstance(message, dict):
            page.problems.append(page._("Nothing is saved yet. Check the marked settings."))
            text = str(message.get(page.locale, message.get("en", "")))
            return {field: text[:1].upper() + text[1:]}
    page.problems.append(problem_text(exc, page))
    return {}


def _page(
    page: Page,
    access: AthleteAccess,
    session: Session,
    policy: PolicyOut,
    sent: Fields | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    rules = [
        (rule, labels.rule_label(rule), list(items))
        for rule, items in groupby(policy.parameters, key=lambda p: p.rule)
    ]
    return render(
        page.with_section("athlete" if access.is_self else "roster"),
        "athletes/policy.html",
        status,
        access=access,
        policy=policy,
        rules=rules,
        editable=not access.is_self and any(p.may_change for p in policy.parameters),
        sent=sent,
        errors=errors or {},
        names=policy_form,
        history=findings.policy_history(session, access),
    )
