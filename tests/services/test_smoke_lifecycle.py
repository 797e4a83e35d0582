"""A whole order through every step, checked end to end."""

from propdesk.domain.enums import Status
from tests.factories import closed_order


def test_full_lifecycle_closes_with_timeline(services, clock):
    order = closed_order(services, clock)
    assert order.status is Status.CLOSED
    assert [e.action for e in order.events] == [
        "register",
        "dispatch",
        "arrive",
        "complete",
        "return_slip",
        "visit",
    ]
    assert order.total_fen == 3000 + 4550
    assert all(e.user_name == "系统" for e in order.events)
