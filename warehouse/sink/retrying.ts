import type { Client } from '@confluentinc/schemaregistry';
import { waitOut } from '../../core/outage.ts';
import { unreachableRegistry } from '../../schemas/registry-outage.ts';
import { unreachableKafka } from '../../transport/transport-error.ts';
import type { SinkEvent } from './sink-events.ts';
import { classify } from './sql-state.ts';

export interface RetrySettings {
  readonly name: string;
  readonly warehouseUrl: string;
  /** Where the registry is, when the work asks it anything. */
  readonly registry?: Client;
  /** Backoff: first wait, doubled (with jitter) up to the most. */
  readonly retry: { readonly firstMs: number; readonly maxMs: number };
}

/**
 * Runs `work` until it succeeds, waiting with backoff while a failure is
 * transient (the warehouse, Kafka or the registry down or restarting) and reporting what it
 * waits for and since when. Other failures end it; a stop during a wait
 * resolves with undefined.
 */
export function retrying<T>(settings: RetrySettings, work: () => Promise<T>, report: (event: SinkEvent) => void, signal: AbortSignal): Promise<T | undefined> {
  const sink = settings.name;
  return waitOut(work, {
    backoff: { baseMs: settings.retry.firstMs, maxMs: settings.retry.maxMs },
    unreachable: (error) => {
      const registry = settings.registry === undefined ? undefined : unreachableRegistry(settings.registry)(error);
      if (registry !== undefined) return registry;
      if (classify(error) !== 'transient') return undefined;
      return unreachableKafka(error) ?? { service: 'PostgreSQL', at: new URL(settings.warehouseUrl).host };
    },
    onWaiting: (outage) => report({ kind: 'waiting', sink, outage }),
    onResumed: (outage) => report({ kind: 'resumed', sink, outage, downMs: Date.now() - outage.since.getTime() }),
    signal,
  });
}
