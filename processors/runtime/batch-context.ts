import type { OutgoingRecord } from '../../transport/transport.ts';
import type { ChangelogStore } from './changelog-store.ts';
import { ProcessorError } from './processor-error.ts';
import { zeroCounts, type Mutable, type ProcessorCounts } from './processor-metrics.ts';
import type { KeyValueStore, ProcessorContext, ProcessorCounter } from './processor.ts';

/**
 * The context of one batch (one transaction). Each record's sends and counts wait
 * until `process` returns: a record it accepts adds them to the batch, a record
 * it refuses takes them back, with its store writes.
 */
export class BatchContext implements ProcessorContext {
  readonly counts: Mutable<ProcessorCounts> = zeroCounts();
  private sends: OutgoingRecord[] = [];
  private deduplicated = 0;
  private late = 0;

  constructor(
    private readonly processor: string,
    private readonly stores: ReadonlyMap<string, ChangelogStore<unknown>>,
  ) {}

  store<V>(name: string): KeyValueStore<V> {
    const store = this.stores.get(name);
    if (store === undefined) {
      throw new ProcessorError('failed', `processor ${this.processor} asked for the state store "${name}", which it does not declare`, `add "${name}" to the processor's stores (it has: ${[...this.stores.keys()].join(', ') || 'none'})`);
    }
    return store as ChangelogStore<V>;
  }

  send(record: OutgoingRecord): void {
    this.sends.push(record);
  }

  count(counter: ProcessorCounter, by = 1): void {
    if (counter === 'deduplicated') this.deduplicated += by;
    else this.late += by;
  }

  /** Starts the next record. */
  begin(): void {
    for (const store of this.stores.values()) store.beginRecord();
    if (this.sends.length > 0) this.sends = [];
    this.deduplicated = 0;
    this.late = 0;
  }

  /** The record was processed: its counts join the batch; returns what it sent. */
  accept(): OutgoingRecord[] {
    this.counts.recordsIn += 1;
    this.counts.recordsOut += this.sends.length;
    this.counts.deduplicated += this.deduplicated;
    this.counts.late += this.late;
    const sent = this.sends;
    this.sends = [];
    return sent;
  }

  /** The record was refused: its store writes, sends and counts are taken back. */
  refuse(): void {
    for (const store of this.stores.values()) store.rollbackRecord();
    this.sends = [];
    this.counts.recordsIn += 1;
  }
}
