import { checkTopicSpec } from '../topic-spec.ts';
import { transportClosed } from '../transport-error.ts';
import type { StoredRecord, TopicSpec, TransactionalProducer, Transport } from '../transport.ts';
import { InProcessLog } from './in-process-log.ts';
import { InProcessProducer } from './in-process-producer.ts';

/** How many records readAll hands over at a time. */
const READ_BATCH = 1000;

/**
 * The Transport of embedded mode, over an InProcessLog. Several transports may
 * share one log (one per component, like Kafka clients sharing a cluster);
 * closing a transport closes its producers, never the log.
 */
export class InProcessTransport implements Transport {
  readonly kind = 'in-process';
  private readonly producers = new Set<InProcessProducer>();
  private closed = false;

  constructor(readonly log: InProcessLog = new InProcessLog()) {}

  async ensureTopics(specs: readonly TopicSpec[]): Promise<void> {
    this.assertOpen();
    specs.forEach(checkTopicSpec);
    for (const spec of specs) this.log.createTopic(spec);
  }

  async producer(transactionalId: string): Promise<TransactionalProducer> {
    this.assertOpen();
    const producer = new InProcessProducer(this.log, transactionalId, this.log.openProducer(transactionalId));
    this.producers.add(producer);
    return producer;
  }

  async readAll(topic: string, handle: (batch: readonly StoredRecord[]) => Promise<void> | void): Promise<void> {
    this.assertOpen();
    const ends = this.log.endOffsets(topic);
    for (const [partition, end] of ends.entries()) {
      let from = 0n;
      while (from < end) {
        const batch = this.log.read(topic, partition, from, end, READ_BATCH);
        if (batch.length === 0) break;
        await handle(batch);
        from = batch[batch.length - 1]!.offset + 1n;
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.producers].map((p) => p.close()));
    this.producers.clear();
  }

  private assertOpen(): void {
    if (this.closed) throw transportClosed(this.kind);
  }
}
