import type { OutgoingRecord } from '../../transport/transport.ts';
import type { ChangelogStore } from './changelog-store.ts';
import { ProcessorError } from './processor-error.ts';
import { zeroCounts, type Mutable, type ProcessorCounts } from './processor-metrics.ts';
import type { KeyValueStore, ProcessorContext, ProcessorCounter } from './processor.ts';

const NOTHING_SENT: readonly OutgoingRecord[] = Object.freeze([]);

/**
 * The context of one batch (one transaction). Each record's sends and counts wait
 * until `process` returns: a record it accepts adds them to the batch, a record
 * it refuses takes them back, with its store writes. Accepted sends gather in one
 * list the runtime hands to the transaction now and then (takeSent), not a list
 * per record.
 */
export class BatchContext implements ProcessorContext {
  readonly counts: Mutable<ProcessorCounts> = zeroCounts();
  private sends: OutgoingRecord[] = [];
  /** Where the current record's sends start in `sends`. */
  private mark = 0;
  private deduplicated = 0;
  private late = 0;
  // An array, not the map's iterator: begin() runs for every record.
  private readonly storeList: readonly ChangelogStore<unknown>[];
  /** While true, records only rebuild state: their sends are dropped (a replay's records before its start time). */
  rebuilding = false;

  constructor(
    private readonly processor: string,
    private readonly stores: ReadonlyMap<string, ChangelogStore<unknown>>,
  ) {
    this.storeList = [...stores.values()];
  }

  store<V>(name: string): KeyValueStore<V> {
    const store = this.stores.get(name);
    if (store === undefined) {
      throw new ProcessorError('failed', `processor ${this.processor} asked for the state store "${name}", which it does not declare`, `add "${name}" to the processor's stores (it has: ${[...this.stores.keys()].join(', ') || 'none'})`);
    }
    return store as ChangelogStore<V>;
  }

  send(record: OutgoingRecord): void {
    if (!this.rebuilding) this.sends.push(record);
  }

  count(counter: ProcessorCounter, by = 1): void {
    if (counter === 'deduplicated') this.deduplicated += by;
    else this.late += by;
  }

  /** Starts the next record (or the batch's flush). */
  begin(): void {
    for (const store of this.storeList) store.beginRecord();
    this.mark = this.sends.length;
    this.deduplicated = 0;
    this.late = 0;
  }

  /** The record was processed: its sends and counts join the batch. */
  accept(): void {
    this.counts.recordsIn += 1;
    this.flushed();
  }

  /** The batch's flush is done: its sends and counts join the batch (it is no record in). */
  flushed(): void {
    this.counts.recordsOut += this.sends.length - this.mark;
    this.counts.deduplicated += this.deduplicated;
    this.counts.late += this.late;
    this.mark = this.sends.length;
  }

  /** The record was refused: its store writes, sends and counts are taken back. */
  refuse(): void {
    for (const store of this.storeList) store.rollbackRecord();
    this.sends.length = this.mark;
    this.counts.recordsIn += 1;
  }

  /** How many accepted sends wait to be taken. */
  get waiting(): number {
    return this.mark;
  }

  /** The accepted sends not taken yet, for the transaction; call between records. */
  takeSent(): readonly OutgoingRecord[] {
    if (this.mark === 0) return NOTHING_SENT;
    const sent = this.sends;
    this.sends = [];
    this.mark = 0;
    return sent;
  }
}
