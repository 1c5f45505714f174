"""An outage is logged as it starts, counted every minute while it lasts, and as it ends."""

import logging

from sqlalchemy.exc import IntegrityError, OperationalError

from bot.outage import OutageLog, is_outage


def test_an_outage_is_three_kinds_of_line_not_one_per_failure(caplog):
    moments = iter([0.0, 1.0, 30.0, 61.0, 62.0, 130.0, 200.0])
    outage = OutageLog("updates", clock=lambda: next(moments))
    error = ConnectionRefusedError(111, "Connect call failed ('127.0.0.1', 5432)")
    caplog.set_level(logging.INFO)
    outage.ok()  # nothing was wrong: nothing to say
    for _ in range(6):
        outage.failed(error)
    outage.ok()
    lines = [r.getMessage() for r in caplog.records]
    assert lines == [
        "database unavailable (ConnectionRefusedError: [Errno 111] Connect call failed "
        "('127.0.0.1', 5432)): updates fail until it is back",
        "database still unavailable after 61 s: 4 updates failed so far",
        "database still unavailable after 130 s: 6 updates failed so far",
        "database back after 200 s; 6 updates failed meanwhile",
    ]


def test_outages_are_told_apart_from_bugs():
    assert is_outage(OperationalError("SELECT 1", {}, Exception("server closed the connection")))
    assert is_outage(ConnectionResetError()) and is_outage(TimeoutError())
    assert not is_outage(IntegrityError("INSERT", {}, Exception("duplicate key")))
    assert not is_outage(ValueError("a bug"))
