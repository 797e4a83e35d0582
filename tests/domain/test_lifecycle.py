"""The lifecycle of SPEC §3: every (status, action) pair, for both kinds."""

from __future__ import annotations

import itertools
import re

import pytest

from propdesk.domain.enums import Kind, Status
from propdesk.domain.errors import UserError
from propdesk.domain.lifecycle import (
    ACTION_LABELS,
    TRANSITIONS,
    Action,
    allowed_actions,
    next_status,
)

S = Status
A = Action
CJK = re.compile(r"[\u4e00-\u9fff]")

#: SPEC §3 written out by hand for 报修; the transition table must say exactly this.
EXPECTED_REPAIR: dict[tuple[Status, Action], Status] = {
    (S.PENDING, A.DISPATCH): S.DISPATCHED,
    (S.PENDING, A.CANCEL): S.CANCELLED,
    (S.PENDING, A.TO_DEVELOPER): S.DEVELOPER,
    (S.PENDING, A.DECLINE): S.DECLINED,
    (S.DISPATCHED, A.REDISPATCH): S.DISPATCHED,
    (S.DISPATCHED, A.ARRIVE): S.IN_PROGRESS,
    (S.DISPATCHED, A.CANCEL): S.CANCELLED,
    (S.DISPATCHED, A.TO_DEVELOPER): S.DEVELOPER,
    (S.DISPATCHED, A.OUTSOURCE): S.OUTSOURCED,
    (S.DISPATCHED, A.DECLINE): S.DECLINED,
    (S.IN_PROGRESS, A.COMPLETE): S.COMPLETED,
    (S.IN_PROGRESS, A.INCOMPLETE): S.PENDING,
    (S.IN_PROGRESS, A.INCOMPLETE_REDISPATCH): S.DISPATCHED,
    (S.IN_PROGRESS, A.TO_DEVELOPER): S.DEVELOPER,
    (S.IN_PROGRESS, A.OUTSOURCE): S.OUTSOURCED,
    (S.IN_PROGRESS, A.DECLINE): S.DECLINED,
    (S.OUTSOURCED, A.OUTSOURCE_RESULT): S.COMPLETED,
    (S.COMPLETED, A.RETURN_SLIP): S.TO_VISIT,
    (S.DEVELOPER, A.DEVELOPER_RESULT): S.TO_VISIT,
    (S.TO_VISIT, A.VISIT): S.CLOSED,
    (S.TO_VISIT, A.VISIT_REOPEN): S.PENDING,
    (S.CLOSED, A.FOLLOW_UP_VISIT): S.CLOSED,
    (S.CLOSED, A.REOPEN): S.PENDING,
}
#: 报事 handled by a department may be completed straight from 已派工 (no arrival); a 报事
#: may be answered at the desk.
EXPECTED_MATTER = {
    **EXPECTED_REPAIR,
    (S.DISPATCHED, A.COMPLETE): S.COMPLETED,
    (S.PENDING, A.ANSWER): S.TO_VISIT,
    (S.PENDING, A.ANSWER_CLOSE): S.CLOSED,
}

EXPECTED_BY_KIND = {Kind.REPAIR: EXPECTED_REPAIR, Kind.MATTER: EXPECTED_MATTER}

ALL_CASES = [
    pytest.param(kind, status, action, id=f"{kind.value}-{status.value}-{action.value}")
    for kind, status, action in itertools.product(Kind, Status, Action)
]


def test_table_is_the_spec() -> None:
    assert dict(TRANSITIONS) == EXPECTED_MATTER


@pytest.mark.parametrize(("kind", "status", "action"), ALL_CASES)
def test_every_status_action_pair(kind: Kind, status: Status, action: Action) -> None:
    expected = EXPECTED_BY_KIND[kind].get((status, action))
    if expected is not None:
        assert next_status(status, action, kind) is expected
        return
    with pytest.raises(UserError) as info:
        next_status(status, action, kind)
    message = str(info.value)
    assert CJK.search(message), message
    assert status.label in message
    assert action.label in message


@pytest.mark.parametrize("kind", [*Kind, None], ids=lambda k: str(k))
@pytest.mark.parametrize("status", list(Status), ids=lambda s: s.value)
def test_allowed_actions_agrees_with_next_status(kind: Kind | None, status: Status) -> None:
    allowed = allowed_actions(status, kind)
    assert len(allowed) == len(set(allowed))
    for action in Action:
        try:
            next_status(status, action, kind)
        except UserError:
            assert action not in allowed
        else:
            assert action in allowed


@pytest.mark.parametrize("status", list(Status), ids=lambda s: s.value)
def test_allowed_actions_per_kind_match_the_spec(status: Status) -> None:
    for kind, expected in EXPECTED_BY_KIND.items():
        want = {a for (s, a) in expected if s is status}
        assert set(allowed_actions(status, kind)) == want


def test_department_completion_only_for_matter() -> None:
    assert next_status(S.DISPATCHED, A.COMPLETE, Kind.MATTER) is S.COMPLETED
    with pytest.raises(UserError):
        next_status(S.DISPATCHED, A.COMPLETE, Kind.REPAIR)
    # Without a kind the strict (报修) rule applies.
    with pytest.raises(UserError):
        next_status(S.DISPATCHED, A.COMPLETE)
    assert A.COMPLETE in allowed_actions(S.DISPATCHED, Kind.MATTER)
    assert A.COMPLETE not in allowed_actions(S.DISPATCHED, Kind.REPAIR)
    assert A.COMPLETE not in allowed_actions(S.DISPATCHED)


def test_spec_refusals() -> None:
    """The refusals SPEC §3 names: no completion before arrival, no visit before completion,
    nothing more for a cancelled order."""
    with pytest.raises(UserError, match="已派工.*完工"):
        next_status(S.DISPATCHED, A.COMPLETE, Kind.REPAIR)
    with pytest.raises(UserError, match="处理中.*回访"):
        next_status(S.IN_PROGRESS, A.VISIT, Kind.REPAIR)
    with pytest.raises(UserError, match="已完工.*回访"):
        next_status(S.COMPLETED, A.VISIT, Kind.REPAIR)
    for kind in Kind:
        assert allowed_actions(S.CANCELLED, kind) == []
        assert allowed_actions(S.DEVELOPER, kind) == [A.DEVELOPER_RESULT]


def test_refusal_is_a_user_error_without_field() -> None:
    with pytest.raises(UserError) as info:
        next_status(S.CLOSED, A.DISPATCH, Kind.REPAIR)
    assert info.value.message == "工单状态为“已关闭”，不能执行“派工”"


def _walk(kind: Kind, actions: list[Action]) -> Status:
    status = S.PENDING
    for action in actions:
        status = next_status(status, action, kind)
    return status


def test_happy_path_repair_ends_closed() -> None:
    path = [A.DISPATCH, A.ARRIVE, A.COMPLETE, A.RETURN_SLIP, A.VISIT]
    assert _walk(Kind.REPAIR, path) is S.CLOSED


def test_incomplete_waits_for_the_owner_or_goes_out_again_and_can_finish() -> None:
    path = [A.DISPATCH, A.ARRIVE, A.INCOMPLETE, A.DISPATCH, A.ARRIVE, A.COMPLETE]
    assert _walk(Kind.REPAIR, path[:3]) is S.PENDING
    assert _walk(Kind.REPAIR, [*path, A.RETURN_SLIP, A.VISIT]) is S.CLOSED
    again = [A.DISPATCH, A.ARRIVE, A.INCOMPLETE_REDISPATCH]
    assert _walk(Kind.REPAIR, again) is S.DISPATCHED
    assert _walk(Kind.REPAIR, [*again, A.ARRIVE, A.COMPLETE]) is S.COMPLETED


def test_matter_by_department_and_developer_paths() -> None:
    assert _walk(Kind.MATTER, [A.DISPATCH, A.COMPLETE, A.RETURN_SLIP, A.VISIT]) is S.CLOSED
    path = [A.TO_DEVELOPER, A.DEVELOPER_RESULT, A.VISIT]
    assert _walk(Kind.REPAIR, path) is S.CLOSED


def test_unhappy_visit_reopens_and_closed_may_get_second_visit() -> None:
    assert _walk(Kind.REPAIR, [A.DISPATCH, A.ARRIVE, A.COMPLETE, A.RETURN_SLIP]) is S.TO_VISIT
    assert next_status(S.TO_VISIT, A.VISIT_REOPEN, Kind.REPAIR) is S.PENDING
    assert next_status(S.CLOSED, A.FOLLOW_UP_VISIT, Kind.REPAIR) is S.CLOSED


def test_every_status_reachable_from_pending() -> None:
    seen = {S.PENDING}
    frontier = [S.PENDING]
    while frontier:
        status = frontier.pop()
        for action in allowed_actions(status, Kind.MATTER):
            to = next_status(status, action, Kind.MATTER)
            if to not in seen:
                seen.add(to)
                frontier.append(to)
    assert seen == set(Status)


def test_stored_codes_are_accepted() -> None:
    """The database hands back plain codes; they must work like the members."""
    assert next_status("dispatched", "complete", "matter") is S.COMPLETED  # type: ignore[arg-type]
    with pytest.raises(UserError, match="已派工"):
        next_status("dispatched", "complete", "repair")  # type: ignore[arg-type]
    assert allowed_actions("dispatched", "matter") == allowed_actions(  # type: ignore[arg-type]
        S.DISPATCHED, Kind.MATTER
    )


def test_every_action_has_a_chinese_label() -> None:
    assert set(ACTION_LABELS) == set(Action)
    for action in Action:
        assert CJK.search(action.label)
    assert len({a.label for a in Action}) == len(Action)


@pytest.mark.parametrize(
    ("status", "action"),
    [(S.DISPATCHED, A.COMPLETE), (S.IN_PROGRESS, A.COMPLETE), (S.OUTSOURCED, A.OUTSOURCE_RESULT)],
)
def test_a_matter_without_a_printed_slip_skips_the_return(status: Status, action: Action) -> None:
    assert next_status(status, action, Kind.MATTER, slip_printed=False) is S.TO_VISIT
    assert next_status(status, action, Kind.MATTER, slip_printed=True) is S.COMPLETED


def test_a_repair_waits_for_its_slip_even_unprinted() -> None:
    assert next_status(S.IN_PROGRESS, A.COMPLETE, Kind.REPAIR, slip_printed=False) is S.COMPLETED


def test_declined_is_closed_on_record() -> None:
    assert not S.DECLINED.is_open
    assert S.OUTSOURCED.is_open
    assert S.DECLINED.label == "已备案" and S.OUTSOURCED.label == "已委外"
