"""How a task fails when the CLI does: retried when it could not reach a service, failed at once for a bad input or a failed check."""

from __future__ import annotations

import pytest
from airflow.sdk.exceptions import AirflowException, AirflowFailException

from medallion_dead_letters import since_ms
from medallion_lib.cli import CliRun, raise_for_failure


def fails_with(run: CliRun) -> type[BaseException]:
    with pytest.raises(AirflowException) as failure:
        raise_for_failure(run)
    assert run.stderr.strip().splitlines()[0] in str(failure.value)
    return type(failure.value)


def test_a_service_the_cli_could_not_reach_is_retried_with_its_message() -> None:
    run = CliRun(("reconcile",), 1, "", "medallion reconcile: kafka: nothing answers at 127.0.0.1:29092\n  fix: medallion stack up\n")
    assert fails_with(run) is AirflowException


def test_a_bad_input_fails_at_once_naming_it() -> None:
    run = CliRun(("replay", "--from", "yesterday"), 2, "", 'medallion replay: --from "yesterday" is neither earliest nor an ISO 8601 date-time.\n')
    assert fails_with(run) is AirflowFailException


def test_a_failed_check_fails_at_once_with_the_report() -> None:
    run = CliRun(("reconcile",), 1, "sales  10  9  0  0  0  ✘\n\n✘ some bronze records are unaccounted for (see ✘ above)\n", "")
    with pytest.raises(AirflowFailException, match="some bronze records are unaccounted for"):
        raise_for_failure(run)


def test_success_raises_nothing() -> None:
    raise_for_failure(CliRun(("validate",), 0, "valid", ""))


class Event:
    def __init__(self, extra: dict[str, object]) -> None:
        self.extra = extra


def test_dead_letters_since_the_earliest_triggering_message_else_the_last_hour() -> None:
    events = {"dead_letters": [Event({"from_trigger": True, "payload": {"timestamp_ms": 5_000}}), Event({"payload": {"timestamp_ms": 3_000}})]}
    assert since_ms(events, 10_000_000) == 3_000
    assert since_ms({}, 10_000_000) == 10_000_000 - 3_600_000
    assert since_ms({"dead_letters": [Event({})]}, 7_200_000) == 3_600_000
