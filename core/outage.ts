import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelay, type BackoffPolicy } from './backoff.ts';

/** A service a process cannot reach for now: a wait cures it, so the process waits and says so. */
export interface Outage {
  /** Kafka, PostgreSQL, MariaDB, the schema registry. */
  readonly service: string;
  /** Where the process looks for it (host:port). */
  readonly at: string;
  readonly since: Date;
  /** Failed tries so far. */
  readonly attempt: number;
  /** The wait before the next try. */
  readonly retryInMs: number;
  /** The last failure's first line. */
  readonly cause: string;
}

/** The service a failure says is unreachable for now, or undefined for a failure no wait cures. */
export type UnreachableService = (error: unknown) => { readonly service: string; readonly at: string } | undefined;

/** "waiting for Kafka at 127.0.0.1:29092 since 18:40:12: <cause>" (UTC), for status lines and logs. */
export function describeOutage(outage: Outage): string {
  return `waiting for ${outage.service} at ${outage.at} since ${outage.since.toISOString().slice(11, 19)} UTC: ${outage.cause}`;
}

export interface WaitOutOptions {
  readonly backoff: BackoffPolicy;
  readonly unreachable: UnreachableService;
  /** Before each wait, with the outage so far. */
  readonly onWaiting: (outage: Outage) => void;
  /** Once `work` succeeds after an outage. */
  readonly onResumed: (outage: Outage) => void;
  /** Aborting ends a wait: waitOut then resolves with undefined. */
  readonly signal?: AbortSignal;
  /** A failure met before the call: the first try waits for its service (or throws it, if no wait cures it). */
  readonly failed?: unknown;
}

/**
 * Runs `work` until it succeeds, waiting with backoff and jitter while the
 * failure is an outage; any other failure is thrown as it is.
 */
export async function waitOut<T>(work: () => Promise<T>, options: WaitOutOptions): Promise<T | undefined> {
  let outage: Outage | undefined;
  let failure: { error: unknown } | undefined = 'failed' in options ? { error: options.failed } : undefined;
  for (;;) {
    if (failure !== undefined) {
      const service = options.unreachable(failure.error);
      if (service === undefined) throw failure.error;
      const attempt = (outage?.attempt ?? 0) + 1;
      outage = { ...service, since: outage?.since ?? new Date(), attempt, retryInMs: backoffDelay(options.backoff, attempt - 1), cause: firstLine(failure.error) };
      options.onWaiting(outage);
      try {
        await sleep(outage.retryInMs, undefined, { signal: options.signal });
      } catch {
        return undefined;
      }
    }
    try {
      const result = await work();
      if (outage !== undefined) options.onResumed(outage);
      return result;
    } catch (error) {
      failure = { error };
    }
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
