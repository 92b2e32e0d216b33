import type { ConnectClient, ConnectorStatus } from './connect-client.ts';
import { ConnectorError } from './connector-error.ts';
import type { ConnectorEventSink } from './connector-events.ts';
import { failureCause } from './failure-cause.ts';

// What a database that went away leaves in a task's trace: restarted (57P01 "terminating connection
// due to administrator command"), unreachable, or its connection dropped. Debezium's JDBC sink retries
// its flushes, but a lost connection on its table-existence check fails the task for good.
const CONNECTION_LOST = [
  /SQLState: ?(08\w{3}|57P0[1-3])/i,
  /terminating connection due to administrator command/i,
  /Connection to \S+ refused/i,
  /Connection refused/i,
  /Connection reset/i,
  /An I\/O error occurred while sending to the backend/i,
  /This connection has been closed/i,
];

/**
 * The line of a failed task's trace that says its database connection was lost (worth a
 * restart once the database is back), exception classes without their packages; undefined
 * when the trace says nothing of the kind.
 */
export function lostConnection(trace: string): string | undefined {
  const line = trace.split('\n').find((l) => CONNECTION_LOST.some((pattern) => pattern.test(l)));
  return line === undefined ? undefined : failureCause(line);
}

export interface RestartPolicy {
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
}

const DEFAULT_POLICY: RestartPolicy = { firstDelayMs: 2_000, maxDelayMs: 60_000 };

interface Outage {
  /** When the task was first seen FAILED in this outage. */
  readonly since: number;
  attempts: number;
  lastRestartAt: number;
}

/**
 * Restarts a connector's FAILED tasks whose database connection was lost, with a
 * backoff (2 s doubling to 60 s), for as long as the outage lasts, saying so
 * through `onEvent`; a task failed for any other reason is an error no wait can cure.
 */
export class TaskRestarts {
  private readonly outages = new Map<string, Outage>();

  constructor(
    private readonly connect: ConnectClient,
    private readonly onEvent: ConnectorEventSink,
    private readonly policy: RestartPolicy = DEFAULT_POLICY,
  ) {}

  /** Acts on one look at `name`'s status: nothing while it runs, a restart when one is due, a ConnectorError when it cannot recover by itself. */
  async supervise(name: string, status: ConnectorStatus | undefined, now = Date.now()): Promise<void> {
    const task = status?.tasks.find((t) => t.state === 'FAILED');
    const outage = this.outages.get(name);
    if (status?.connector.state !== 'FAILED' && task === undefined) {
      // Running for longer than the longest backoff: the outage is over.
      if (outage !== undefined && now - outage.lastRestartAt > this.policy.maxDelayMs) this.outages.delete(name);
      return;
    }
    const trace = (status?.connector.state === 'FAILED' ? status.connector.trace : task?.trace) ?? '';
    const cause = lostConnection(trace);
    if (cause === undefined) {
      throw new ConnectorError('connector-failed', `the connector ${name} failed: ${failureCause(trace)}`, 'read medallion connectors status; after the fix, medallion connectors restart', { connector: name });
    }
    const current = outage ?? { since: now, attempts: 0, lastRestartAt: 0 };
    this.outages.set(name, current);
    const delay = current.attempts === 0 ? 0 : Math.min(this.policy.firstDelayMs * 2 ** (current.attempts - 1), this.policy.maxDelayMs);
    if (now - current.lastRestartAt < delay) return;
    current.attempts += 1;
    current.lastRestartAt = now;
    this.onEvent({ kind: 'restarting', connector: name, cause, attempt: current.attempts, sinceMs: now - current.since });
    await this.connect.restartFailed(name);
  }
}
