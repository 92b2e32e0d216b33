import { BatchContext } from '../../../processors/runtime/batch-context.ts';
import { ChangelogStore } from '../../../processors/runtime/changelog-store.ts';
import { RecordRuleError } from '../../../processors/runtime/processor-error.ts';
import type { Processor } from '../../../processors/runtime/processor.ts';
import type { OutgoingRecord, StoredRecord } from '../../../transport/transport.ts';

/** What one record did: the records it sent, or the rule error it was refused with. */
export type Outcome = { readonly sent: readonly OutgoingRecord[] } | { readonly refused: RecordRuleError };

/**
 * Test helper: drives one processor record by record through the runtime's own
 * BatchContext and ChangelogStores (the parts the runtime runs it with), without
 * polling, so a test sees exactly what each record sends, refuses and counts:
 * each accepted record is a batch of its own, flushed (Processor.flush) after it.
 * `commit()` ends the transaction the way the runtime does; `abort()` takes it back.
 */
export class ProcessorHarness {
  readonly stores: Map<string, ChangelogStore<unknown>>;
  readonly context: BatchContext;
  private offset = 0n;

  constructor(readonly processor: Processor) {
    this.stores = new Map(processor.stores.map((s) => [s, new ChangelogStore<unknown>(`test.${s}.changelog`)]));
    this.context = new BatchContext(processor.name, this.stores);
  }

  async feed(topic: string, key: Buffer | null, value: Buffer | null, headers: Readonly<Record<string, string>> = {}): Promise<Outcome> {
    const record: StoredRecord = { topic, partition: 0, offset: this.offset++, key, value, headers, timestamp: 0 };
    this.context.begin();
    try {
      await this.processor.process(record, this.context);
      this.context.accept();
      this.context.begin();
      await this.processor.flush?.(this.context);
      this.context.flushed();
      return { sent: this.context.takeSent() };
    } catch (error) {
      if (!(error instanceof RecordRuleError)) throw error;
      this.context.refuse();
      return { refused: error };
    }
  }

  /** Feeds records as one batch, as the runtime does (each processed, then one flush); returns everything the batch sent. All must be accepted. */
  async feedBatch(records: readonly { topic: string; key: Buffer | null; value: Buffer | null }[]): Promise<readonly OutgoingRecord[]> {
    for (const { topic, key, value } of records) {
      const record: StoredRecord = { topic, partition: 0, offset: this.offset++, key, value, headers: {}, timestamp: 0 };
      this.context.begin();
      await this.processor.process(record, this.context);
      this.context.accept();
    }
    this.context.begin();
    await this.processor.flush?.(this.context);
    this.context.flushed();
    return this.context.takeSent();
  }

  commit(): void {
    for (const store of this.stores.values()) store.commit();
  }

  abort(): void {
    for (const store of this.stores.values()) store.abort();
  }

  get counts() {
    return this.context.counts;
  }
}

export function sentOf(outcome: Outcome): readonly OutgoingRecord[] {
  if ('refused' in outcome) throw new Error(`the record was refused: ${outcome.refused.message}`);
  return outcome.sent;
}
