import { checkTopicSpec } from '../topic-spec.ts';
import { offsetOutOfRange, transportClosed } from '../transport-error.ts';
import { partitionKey, type Consumer, type ConsumerOptions, type PartitionBounds, type PartitionOffset, type StoredRecord, type TopicSpec, type TransactionalProducer, type Transport } from '../transport.ts';
import { InProcessConsumer, partitionsOf } from './in-process-consumer.ts';
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
  private readonly consumers = new Set<InProcessConsumer>();
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

  /** Joins the group (fencing its older consumers) and starts each partition at the group's position, startOffsets', or the beginning. */
  async consumer(options: ConsumerOptions): Promise<Consumer> {
    this.assertOpen();
    const partitions = partitionsOf(this.log, options.topics);
    const generation = this.log.groups.join(options.groupId);
    const positions = new Map<string, bigint>();
    for (const p of this.log.groups.positions(options.groupId, options.topics)) positions.set(partitionKey(p), p.offset);
    const missing = partitions.filter((p) => !positions.has(partitionKey(p)));
    if (missing.length > 0 && options.startOffsets !== undefined) {
      for (const p of await options.startOffsets(missing)) if (missing.some((m) => partitionKey(m) === partitionKey(p))) positions.set(partitionKey(p), p.offset);
    }
    const held = partitions.map((p) => ({ ...p, offset: positions.get(partitionKey(p)) ?? 0n }));
    const consumer = new InProcessConsumer(this.log, options.groupId, generation, options.topics, held);
    this.consumers.add(consumer);
    return consumer;
  }

  async topicNames(): Promise<readonly string[]> {
    this.assertOpen();
    return this.log.topicNames();
  }

  async partitionBounds(topics: readonly string[]): Promise<readonly PartitionBounds[]> {
    this.assertOpen();
    return topics.flatMap((topic) => {
      const starts = this.log.startOffsets(topic);
      return this.log.endOffsets(topic).map((end, partition) => ({ topic, partition, start: starts[partition]!, end }));
    });
  }

  async readPage(from: PartitionOffset, max: number): Promise<readonly StoredRecord[]> {
    this.assertOpen();
    this.log.checkPartition(from.topic, from.partition);
    const bounds = (await this.partitionBounds([from.topic]))[from.partition]!;
    if (from.offset < bounds.start || from.offset > bounds.end) throw offsetOutOfRange(from, bounds);
    return this.log.read(from.topic, from.partition, from.offset, bounds.end, max);
  }

  async committedOffsets(groupId: string, topics: readonly string[]): Promise<readonly PartitionOffset[]> {
    this.assertOpen();
    for (const topic of topics) this.log.partitionCount(topic);
    return this.log.groups.positions(groupId, topics);
  }

  async offsetsAt(topics: readonly string[], time: number): Promise<readonly PartitionOffset[]> {
    this.assertOpen();
    return topics.flatMap((topic) => this.log.offsetsAt(topic, time).map((offset, partition) => ({ topic, partition, offset })));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.producers, ...this.consumers].map((c) => c.close()));
    this.producers.clear();
    this.consumers.clear();
  }

  private assertOpen(): void {
    if (this.closed) throw transportClosed(this.kind);
  }
}
