"""Request and response shapes of findings, the advice policy and the plan check."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

from service.integrations.base import Sport
from service.schemas import Day, Input

MAX_PLANNED_SESSIONS = 28
MAX_PLAN_DAYS_AHEAD = 56


class Message(BaseModel):
    en: str
    nl: str


class FindingOut(BaseModel):
    id: int
    rule: str
    severity: Literal["info", "caution", "warning", "referral", "urgent"]
    date: dt.date
    region: str | None
    subject: str | None = Field(description="The data source of a data.sync_stale finding.")
    values: dict[str, float | int] = Field(description="The numbers that fired the rule, by name.")
    message: Message = Field(
        description="The advice as the caller reads it: addressed to the athlete, or about the "
        "athlete by name for a coach or physiotherapist."
    )
    source: str = Field(description="Short citation of the evidence behind the rule.")
    acknowledged: bool = Field(
        description="Whether the caller marked it as seen; each person marks their own."
    )
    acknowledged_at: dt.datetime | None = Field(description="When the caller marked it as seen.")
    acknowledged_by_id: int | None = Field(description="The caller's id once they marked it seen.")
    created_at: dt.datetime


class PlannedFindingOut(BaseModel):
    rule: str
    severity: Literal["info", "caution", "warning", "referral", "urgent"]
    date: dt.date
    region: str | None
    values: dict[str, float | int]
    message: Message
    source: str


class PolicyIn(Input):
    """The athlete's complete overrides, rule id → parameter → value; omitted = default."""

    overrides: dict[str, dict[str, Any]] = Field(
        examples=[{"volume.weekly_progression": {"caution_pct": 15}}]
    )


class ParameterOut(BaseModel):
    rule: str
    name: str
    value: float | int | str
    default: float | int | str
    unit: str
    low: float | None
    high: float | None
    choices: list[str]
    changed_by: list[str] = Field(description="Roles that may change this parameter.")
    may_change: bool = Field(description="Whether the caller may change it.")
    evidence: Message


class PolicyOut(BaseModel):
    overrides: dict[str, dict[str, Any]]
    updated_at: dt.datetime | None
    updated_by_id: int | None
    parameters: list[ParameterOut]


class PartyOut(BaseModel):
    id: int | None
    display_name: str | None
    role: str


class PolicyChangeItem(BaseModel):
    rule: str
    name: str
    old: float | int | str
    new: float | int | str


class PolicyChangeOut(BaseModel):
    id: int
    changed_at: dt.datetime
    changed_by: PartyOut
    changes: list[PolicyChangeItem]


class PlannedSessionIn(Input):
    date: Day = Field(description="Local day of the planned session, today or later.")
    sport: Sport
    distance_m: float | None = Field(default=None, ge=0, le=1_000_000)
    duration_s: float = Field(gt=0, le=7 * 24 * 3600)
    rpe: float | None = Field(default=None, ge=0, le=10)


class PlanCheckIn(Input):
    sessions: list[PlannedSessionIn] = Field(min_length=1, max_length=MAX_PLANNED_SESSIONS)


class PlanCheckOut(BaseModel):
    findings: list[PlannedFindingOut] = Field(
        description="Findings on the planned days if the plan is run as given; nothing is stored."
    )
    longest_run_30d_km: float | None = Field(
        description="Longest single run of the 30 days before today, in km, leaving out runs "
        "that were themselves a spike (in a return window at least the discounted pre-break "
        "longest run); None without a run."
    )
    longest_run_today_km: float | None = Field(
        description="Today's guard: the longest run today that stays within the spike caution "
        "threshold, longest_run_30d_km × (1 + caution_pct / 100); None while advice is on hold."
    )
    caution_pct: float
    advice_on_hold: Literal["rupture", "stale_data", "no_runs"] | None = Field(
        default=None,
        description="Why no distance is offered today: a suspected rupture not yet cleared, a "
        "silent data source, or no run in the 30 days before today.",
    )


class SnoozeIn(Input):
    days: int = Field(default=1, ge=1, le=30)


class SnoozeOut(BaseModel):
    finding_id: int
    until: dt.datetime
