"""What every medallion DAG shares: owner, retries and the failure callback."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from medallion_lib.alerts import alert_on_failure

OWNER = "medallion"
RETRIES = 2
TAGS = ["medallion"]
# Long past: schedules run from now (no catch-up), yet a run by hand may check any past interval
# (a task whose start_date is after the run's logical date is not run at all).
START = datetime(2000, 1, 1, tzinfo=timezone.utc)

DEFAULT_ARGS: dict[str, Any] = {
    "owner": OWNER,
    # A service the CLI could not reach may be back a minute later; a failed check is not retried (cli.raise_for_failure).
    "retries": RETRIES,
    "retry_delay": timedelta(minutes=1),
    "on_failure_callback": alert_on_failure,
}
