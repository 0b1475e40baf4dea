"""The audit's rule (``agents.audit.account``): which raw messages are accounted, pending or missing."""

from __future__ import annotations

from agents.audit import SHOWN, PartitionAudit, RawMessage, account

NOW = 1_800_000_000_000  # ms
GRACE = 600_000


def message(offset: int, age_ms: int) -> RawMessage:
    return RawMessage(partition=0, offset=offset, timestamp_ms=NOW - age_ms, key=None, value=b"{}")


def audited(messages: list[RawMessage], outcomes: dict[int, tuple[int | None, str]]) -> PartitionAudit:
    report = PartitionAudit(0, committed=len(messages))
    account(report, messages, outcomes, now_ms=NOW, grace_ms=GRACE)
    return report


def test_each_recorded_outcome_accounts_for_its_message() -> None:
    old = [message(o, 3_600_000) for o in range(3)]
    outcomes = {
        m.offset: (m.timestamp_ms, kind) for m, kind in zip(old, ["article", "dead_letter", "replayed"], strict=True)
    }
    report = audited(old, outcomes)
    assert (dict(report.accounted), report.pending, report.missing) == (
        {"article": 1, "dead_letter": 1, "replayed": 1},
        0,
        [],
    )
    assert report.checked == 3


def test_a_message_without_outcome_is_pending_within_the_grace_and_missing_after_it() -> None:
    young, old = message(0, GRACE - 1), message(1, GRACE)
    report = audited([young, old], {})
    assert report.pending == 1
    assert report.missing == [old]


def test_an_outcome_of_an_earlier_message_at_the_same_position_does_not_count() -> None:
    """A restarted memory broker starts again at offset 0: the row there is of the message before it."""
    restarted = message(0, 3_600_000)
    report = audited([restarted], {0: (restarted.timestamp_ms - 86_400_000, "article")})
    assert report.missing == [restarted]


def test_an_outcome_recorded_without_a_timestamp_matches_the_message_at_its_position() -> None:
    report = audited([message(0, 3_600_000)], {0: (None, "dead_letter")})
    assert dict(report.accounted) == {"dead_letter": 1}


def test_the_report_counts_every_missing_message_and_lists_the_first_ones() -> None:
    many = [message(o, 3_600_000) for o in range(SHOWN + 5)]
    summary = audited(many, {}).as_dict()
    assert summary["missing"] == SHOWN + 5
    assert summary["missing_offsets"] == list(range(SHOWN))
