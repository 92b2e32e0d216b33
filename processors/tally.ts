import type { ProcessorContext, ProcessorCounter } from './runtime/processor.ts';

/**
 * A processor's counters kept in its state as well as in the runtime's metrics:
 * the store's changelog commits with the records, so the counts survive restarts
 * and another process (`medallion reconcile`) can read them from the topic.
 */
export const TALLY_STORE = 'tally';

export function tally(context: ProcessorContext, counter: ProcessorCounter): void {
  context.count(counter);
  const store = context.store<number>(TALLY_STORE);
  store.put(counter, (store.get(counter) ?? 0) + 1);
}
