"""The audit's rules (``agents.audit.account`` and ``settle``): accounted, pending or missing."""

from __future__ import annotations

from agents.audit import SHOWN, PartitionAudit, RawMessage, account, settle

STAMP = 1_800_000_000_000  # ms


def message(offset: int, stamp: int = STAMP) -> RawMessage:
    return RawMessage(partition=0, offset=offset, timestamp_ms=stamp)


def audited(
    messages: list[RawMessage],
    first_look: dict[int, tuple[int | None, str]],
    second_look: dict[int, tuple[int | None, str]] | None = None,
    in_flight: frozenset[int] = frozenset(),
) -> PartitionAudit:
    report = PartitionAudit(0, committed=len(messages))
    account(report, messages, first_look)
    settle(report, first_look if second_look is None else second_look, in_flight)
    return report


def test_each_recorded_outcome_accounts_for_its_message() -> None:
    kinds = ["article", "dead_letter", "replayed"]
    report = audited([message(o) for o in range(3)], {o: (STAMP, kind) for o, kind in enumerate(kinds)})
    assert (dict(report.accounted), report.pending, report.missing, report.checked) == (
        {"article": 1, "dead_letter": 1, "replayed": 1},
        0,
        [],
        3,
    )


def test_a_message_a_later_topic_still_carries_is_pending_and_one_nothing_carries_is_missing() -> None:
    """Whatever its timestamp: a producer's clock says nothing about where the message is."""
    on_its_way, lost = message(0, stamp=0), message(1, stamp=STAMP * 10)
    report = audited([on_its_way, lost], {}, in_flight=frozenset({0}))
    assert (report.pending, report.missing) == (1, [lost])


def test_an_outcome_stored_between_the_two_looks_accounts_for_its_message() -> None:
    report = audited([message(0)], {}, second_look={0: (STAMP, "article")})
    assert (dict(report.accounted), report.missing) == ({"article": 1}, [])


def test_an_outcome_of_an_earlier_message_at_the_same_position_does_not_count() -> None:
    """A restarted memory broker starts again at offset 0: the row there is of the message before it."""
    restarted = message(0)
    report = audited([restarted], {0: (STAMP - 86_400_000, "article")})
    assert report.missing == [restarted]


def test_an_outcome_recorded_without_a_timestamp_matches_the_message_at_its_position() -> None:
    report = audited([message(0)], {0: (None, "dead_letter")})
    assert dict(report.accounted) == {"dead_letter": 1}


def test_the_report_counts_every_missing_message_and_lists_the_first_ones() -> None:
    summary = audited([message(o) for o in range(SHOWN + 5)], {}).as_dict()
    assert summary["missing"] == SHOWN + 5
    assert summary["missing_offsets"] == list(range(SHOWN))
