"""Runs the `medallion` CLI from a task. The DAGs orchestrate; the CLI does the work, so no DAG repeats pipeline logic."""

from __future__ import annotations

import logging
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from airflow.sdk.exceptions import AirflowException, AirflowFailException
from airflow.sdk import Variable

log = logging.getLogger(__name__)

# The project (its cli/bin/medallion.cjs) on the workers; also settable as AIRFLOW_VAR_MEDALLION_PROJECT_ROOT.
PROJECT_ROOT_VARIABLE = "medallion_project_root"
# The CLI prints a MedallionError as `medallion <command>: <what> … fix: …`; exit 2 is a usage error.
USAGE_EXIT = 2


@dataclass(frozen=True)
class CliRun:
    args: tuple[str, ...]
    code: int
    stdout: str
    stderr: str


def medallion_command() -> tuple[list[str], str | None]:
    """`node <root>/cli/bin/medallion.cjs` in the project root when it is set, else `medallion` on PATH where the task runs."""
    root = Variable.get(PROJECT_ROOT_VARIABLE, default=None)
    if root:
        cli = Path(root) / "cli" / "bin" / "medallion.cjs"
        if not cli.is_file():
            raise AirflowFailException(
                f"the Airflow Variable {PROJECT_ROOT_VARIABLE}={root!r} holds no cli/bin/medallion.cjs; "
                "fix: set it to the medallion project's folder on this worker"
            )
        node = shutil.which("node") or "node"
        # In the project's folder: the CLI fails to load its Kafka client from some others (e.g. .medallion/).
        return [node, str(cli)], root
    on_path = shutil.which("medallion")
    if on_path is None:
        raise AirflowFailException(
            f"the medallion CLI is not on this worker's PATH and the Airflow Variable {PROJECT_ROOT_VARIABLE} is not set; "
            f"fix: install the project on the worker (npm install) and set {PROJECT_ROOT_VARIABLE} "
            "(or AIRFLOW_VAR_MEDALLION_PROJECT_ROOT) to its folder"
        )
    return [on_path], None


def run_medallion(*args: str, timeout_s: int = 3600) -> CliRun:
    """Runs `medallion <args>`, logs its output, and returns it whatever the exit code."""
    cli, cwd = medallion_command()
    command = [*cli, *args]
    log.info("running %s", " ".join(command))
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s, check=False, cwd=cwd)
    for line in done.stdout.splitlines():
        log.info("%s", line)
    for line in done.stderr.splitlines():
        log.warning("%s", line)
    return CliRun(tuple(args), done.returncode, done.stdout, done.stderr)


def failure_message(run: CliRun) -> str:
    """The CLI's own words for a failed run: its error line(s), else the last lines of its report."""
    own = [line for line in run.stderr.splitlines() if line.strip()]
    text = "\n".join(own) if own else "\n".join(run.stdout.strip().splitlines()[-15:])
    return f"medallion {' '.join(run.args)} exited {run.code}:\n{text}"


def raise_for_failure(run: CliRun) -> None:
    """Fails the task with the CLI's message: a service the CLI could not reach may come back (retried);
    a bad input or a failed check will not (failed at once)."""
    if run.code == 0:
        return
    could_not_run = run.code != USAGE_EXIT and any(line.startswith(f"medallion {run.args[0]}: ") for line in run.stderr.splitlines())
    error = AirflowException if could_not_run else AirflowFailException
    raise error(failure_message(run))


def medallion(*args: str, timeout_s: int = 3600) -> str:
    """Runs `medallion <args>` and returns its output; fails the task with the CLI's message when it fails."""
    run = run_medallion(*args, timeout_s=timeout_s)
    raise_for_failure(run)
    return run.stdout
