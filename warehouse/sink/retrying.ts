import { setTimeout as sleep } from 'node:timers/promises';
import type { SinkEvent } from './sink-events.ts';
import { classify } from './sql-state.ts';

/**
 * Runs `work` until it succeeds, waiting with doubling backoff after each
 * transient failure (the warehouse down or restarting). Other failures end it;
 * a stop during a wait resolves with undefined.
 */
export async function retrying<T>(settings: { readonly name: string; readonly retry: { readonly firstMs: number; readonly maxMs: number } }, work: () => Promise<T>, report: (event: SinkEvent) => void, signal: AbortSignal): Promise<T | undefined> {
  const began = Date.now();
  for (let attempt = 1; ; attempt += 1) {
    try {
      const result = await work();
      if (attempt > 1) report({ kind: 'warehouse-recovered', sink: settings.name, attempts: attempt - 1, downMs: Date.now() - began });
      return result;
    } catch (error) {
      if (classify(error) !== 'transient') throw error;
      const retryInMs = Math.min(settings.retry.maxMs, settings.retry.firstMs * 2 ** (attempt - 1));
      report({ kind: 'warehouse-unavailable', sink: settings.name, attempt, retryInMs, error: error as Error });
      try {
        await sleep(retryInMs, undefined, { signal });
      } catch {
        return undefined;
      }
    }
  }
}
