import { setTimeout as sleep } from 'node:timers/promises';
import type { ConnectClient, ConnectorStatus } from './connect-client.ts';
import { ConnectorError } from './connector-error.ts';
import type { ConnectorEventSink } from './connector-events.ts';
import { failureCause } from './failure-cause.ts';

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly pollMs?: number;
  readonly onEvent?: ConnectorEventSink;
}

// A connector just (re)configured or restarted still shows its old state for a
// moment (Connect publishes states through its status topic): it counts as running
// once several polls in a row agree, and as failed once it still is after a grace.
const STEADY_POLLS = 3;
const POLL_MS = 500;
const FAILURE_GRACE_MS = 5000;

/**
 * Waits until the connector and all its tasks are RUNNING. Fails with the task's
 * (or connector's) trace when one is FAILED past the grace, or with the last states
 * seen when the time runs out.
 */
export async function awaitRunning(client: ConnectClient, name: string, options: WaitOptions): Promise<ConnectorStatus> {
  const begun = Date.now();
  let steady = 0;
  let last: ConnectorStatus | undefined;
  for (;;) {
    last = await client.status(name);
    const elapsedMs = Date.now() - begun;
    if (last !== undefined) {
      const failed = last.connector.state === 'FAILED' ? { what: 'the connector', trace: last.connector.trace } : last.tasks.filter((t) => t.state === 'FAILED').map((t) => ({ what: `task ${t.id}`, trace: t.trace }))[0];
      if (failed !== undefined && elapsedMs >= FAILURE_GRACE_MS) {
        const trace = failed.trace ?? '(Connect gave no trace)';
        throw new ConnectorError(
          'connector-failed',
          `connector ${name}: ${failed.what} FAILED: ${failureCause(trace)}\n${trace}`,
          `fix the cause, then \`medallion connectors restart ${name}\` (see also the worker's log: medallion stack logs connect)`,
          { connector: name },
        );
      }
      const running = last.connector.state === 'RUNNING' && last.tasks.length > 0 && last.tasks.every((t) => t.state === 'RUNNING');
      steady = running ? steady + 1 : 0;
      if (steady >= STEADY_POLLS) {
        options.onEvent?.({ kind: 'running', connector: name, tasks: last.tasks.length, elapsedMs });
        return last;
      }
    }
    options.onEvent?.({ kind: 'waiting', connector: name, status: last, elapsedMs });
    if (elapsedMs >= options.timeoutMs) {
      const states = last === undefined ? 'no status yet' : `connector ${last.connector.state}, tasks ${last.tasks.map((t) => `${t.id} ${t.state}`).join(', ') || 'none'}`;
      throw new ConnectorError('timeout', `connector ${name} is not RUNNING after ${Math.round(options.timeoutMs / 1000)}s (${states})`, `see medallion connectors status ${name} and medallion stack logs connect; pass a longer --timeout if it is still starting`, { connector: name });
    }
    await sleep(options.pollMs ?? POLL_MS);
  }
}
