# Type stubs for watchstander.schedule: the shapes of the documents it returns.
from datetime import datetime
from typing import Any, Dict, List, Literal, Optional, TypedDict, Union

from ._types import Instant, Json

class Interval(TypedDict):
    start: datetime
    end: datetime

class Reason(TypedDict, total=False):
    kind: Literal["layer", "swap", "time_off", "override", "temporary", "shadowing"]
    layer: str
    turn: int
    member_index: int
    roster_size: int
    roster_change: int
    swap: str
    swap_kind: Literal["cover", "swap"]
    instead_of: str
    policy: Literal["flag", "skip", "reassign"]
    time_off: str
    id: str
    override_kind: Literal["replace", "add", "remove"]
    note: str
    schedule: str
    shift: int
    shadows: str

class LocalAdjustment(TypedDict, total=False):
    kind: Literal["none", "gap", "fold"]
    gap_start: str
    gap_end: str
    gap_seconds: int
    chose: Literal["earlier", "later"]
    other: datetime

class ShiftDst(TypedDict, total=False):
    zone: str
    start: LocalAdjustment
    end: LocalAdjustment
    offset_change_minutes: int

class Shift(TypedDict, total=False):
    uid: str
    person: str
    start: datetime
    end: datetime
    hours: float
    reason: Reason
    why: str
    layer: str
    zone: str
    local_start: str
    local_end: str
    shadow: bool
    dst: ShiftDst
    truncated_start: bool
    truncated_end: bool
    time_off: List[str]

class OnCallEntry(TypedDict, total=False):
    person: str
    reason: Reason
    why: str
    shift: Interval
    shift_uid: str
    replaced: List[str]

class OnCall(TypedDict, total=False):
    at: datetime
    on_call: List[OnCallEntry]
    shadows: List[OnCallEntry]
    gap: bool
    unchanged: Interval
    next_handoff: datetime

Handoff = TypedDict(
    "Handoff",
    {"at": datetime, "from": List[str], "to": List[str], "layers": List[str], "dst": LocalAdjustment},
    total=False,
)

class MergedTurn(TypedDict, total=False):
    layer: str
    turn: int
    at: datetime
    local: str
    adjustment: LocalAdjustment
    member: str

class SwapReport(TypedDict):
    id: str
    status: Literal["applied", "orphaned", "conflict", "outside_window"]
    detail: str

class TimeOffConflict(TypedDict):
    person: str
    start: datetime
    end: datetime
    time_off: str
    shift_uid: str
    why: str

class PersonTotals(TypedDict, total=False):
    person: str
    name: str
    zone: str
    shifts: int
    hours: float
    night_hours: float
    weekend_hours: float
    holiday_hours: float
    nights: int
    weekend_days: int
    holidays: int

class LedgerRow(PersonTotals, total=False):
    points: float
    opening_balance: float
    balance: float
    over_fair_share: float

class Weights(TypedDict, total=False):
    hour: float
    night: float
    weekend: float
    holiday: float

class FairnessLedger(TypedDict):
    window: Interval
    weights: Weights
    total: float
    fair_share: float
    spread: float
    rows: List[LedgerRow]

class Change(TypedDict):
    start: datetime
    end: datetime
    hours: float
    before: List[str]
    after: List[str]
    removed: List[str]
    added: List[str]
    before_why: List[str]
    after_why: List[str]
    summary: str

class ScheduleDiff(TypedDict):
    window: Interval
    unchanged: bool
    changes: List[Change]
    hours_delta: Dict[str, float]

class HandoffSide(TypedDict, total=False):
    person: str
    zone: str
    shift: Interval
    shift_uid: str
    local_start: str
    local_end: str
    hours: float
    night_hours: float
    weekend_hours: float
    why: str
    pages: List[Json]
    time_off: List[str]

class HandoffReport(TypedDict, total=False):
    schedule: str
    at: datetime
    local_at: str
    zone: str
    outgoing: List[HandoffSide]
    incoming: List[HandoffSide]
    continuing: List[str]
    layers: List[str]
    dst: LocalAdjustment
    gaps_ahead: List[Interval]
    next_handoff: datetime
    text: List[str]

class Compiled(TypedDict):
    schedule: str
    window: Interval
    shifts: List[Shift]
    shadow_shifts: List[Shift]
    handoffs: List[Handoff]
    gaps: List[Interval]
    merged_turns: List[MergedTurn]
    swaps: List[SwapReport]
    time_off_conflicts: List[TimeOffConflict]
    notices: List[Dict[str, Any]]

class IcalEventSummary(TypedDict):
    uid: str
    summary: str
    start: datetime
    end: datetime

class IcalExport(TypedDict):
    calendar: str
    events: List[IcalEventSummary]
    ics: str

def validate(*, schedule: Json) -> Dict[str, Any]: ...
def compile(*, schedule: Json, from_: Instant, to: Instant) -> Compiled: ...
def oncall(*, schedule: Json, at: Instant, window: Optional[Json] = ...) -> OnCall: ...
def oncall_many(
    *, schedule: Json, at: List[Instant], window: Optional[Json] = ...
) -> Dict[str, Any]: ...
def shifts(
    *,
    schedule: Json,
    from_: Instant,
    to: Instant,
    layer: Optional[str] = ...,
    person: Optional[str] = ...,
    include_shadows: Optional[bool] = ...,
) -> Dict[str, List[Shift]]: ...
def handoffs(
    *,
    schedule: Json,
    from_: Optional[Instant] = ...,
    to: Optional[Instant] = ...,
    after: Optional[Instant] = ...,
    count: Optional[int] = ...,
    within_days: Optional[int] = ...,
) -> Dict[str, List[Handoff]]: ...
def gaps(*, schedule: Json, from_: Instant, to: Instant) -> Dict[str, Union[List[Interval], float]]: ...
def dst(*, schedule: Json, from_: Instant, to: Instant) -> Dict[str, Union[List[Shift], List[MergedTurn]]]: ...
def totals(
    *,
    schedule: Json,
    from_: Instant,
    to: Instant,
    weights: Optional[Weights] = ...,
    night: Optional[str] = ...,
    opening_balance: Optional[Dict[str, float]] = ...,
    people: Optional[List[str]] = ...,
) -> Dict[str, List[PersonTotals]]: ...
def fairness(
    *,
    schedule: Json,
    from_: Instant,
    to: Instant,
    weights: Optional[Weights] = ...,
    night: Optional[str] = ...,
    opening_balance: Optional[Dict[str, float]] = ...,
    people: Optional[List[str]] = ...,
) -> FairnessLedger: ...
def diff(*, before: Json, after: Json, from_: Instant, to: Instant) -> ScheduleDiff: ...
def handoff_report(
    *, schedule: Json, at: Instant, incidents: Optional[List[Json]] = ..., window: Optional[Json] = ...
) -> HandoffReport: ...
def ical(
    *,
    schedule: Json,
    from_: Instant,
    to: Instant,
    now: Instant,
    person: Optional[str] = ...,
    times: Optional[Literal["utc", "zoned"]] = ...,
    zone: Optional[str] = ...,
    include_shadows: Optional[bool] = ...,
    include_gaps: Optional[bool] = ...,
    alarm_minutes: Optional[int] = ...,
) -> IcalExport: ...
