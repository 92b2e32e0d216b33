import { setMaxListeners } from 'node:events';
import { consumerClosed, TransportError } from '../transport-error.ts';
import type { Consumer, PartitionOffset, StoredRecord, TopicPartition } from '../transport.ts';
import type { GroupCommit } from './group-offsets.ts';
import type { InProcessLog } from './in-process-log.ts';

interface Position {
  readonly topic: string;
  readonly partition: number;
  offset: bigint;
}

/**
 * A consumer of the in-process log: it holds every partition of its topics and
 * reads committed records only (the log holds nothing else). It never commits by
 * itself: its positions reach the group through a transaction's sendOffsets. A
 * newer consumer of the same group fences it.
 */
export class InProcessConsumer implements Consumer {
  private closed = false;
  /** Where polling starts next, so that a busy partition cannot starve the others. */
  private next = 0;
  /** Aborts the wait of a poll in progress when the consumer closes. */
  private readonly closing = new AbortController();

  constructor(
    private readonly log: InProcessLog,
    readonly groupId: string,
    private readonly generation: number,
    private readonly topics: readonly string[],
    private readonly held: readonly Position[],
  ) {}

  positions(): readonly PartitionOffset[] {
    return this.held.map(({ topic, partition, offset }) => ({ topic, partition, offset }));
  }

  async poll(max: number, waitMs: number): Promise<readonly StoredRecord[]> {
    this.assertActive();
    const batch = this.take(max);
    if (batch.length > 0 || waitMs <= 0) return batch;
    await this.waitForRecords(waitMs);
    this.assertActive();
    return this.take(max);
  }

  async lag(): Promise<readonly (PartitionOffset & { readonly end: bigint })[]> {
    this.assertActive();
    const ends = new Map(this.topics.map((topic) => [topic, this.log.endOffsets(topic)]));
    return this.held.map(({ topic, partition, offset }) => ({ topic, partition, offset, end: ends.get(topic)![partition]! }));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.closing.abort();
  }

  /** The positions a transaction commits for this consumer's group (called by sendOffsets). */
  groupCommit(offsets: readonly PartitionOffset[]): GroupCommit {
    if (this.closed) throw consumerClosed(this.groupId);
    for (const { topic, partition, offset } of offsets) {
      if (!this.topics.includes(topic)) {
        throw new TransportError('invalid-request', `group "${this.groupId}" was sent an offset for topic ${topic}, which its consumer does not read`, `send offsets only for ${this.topics.join(', ')}`);
      }
      this.log.checkPartition(topic, partition);
      if (offset < 0n) throw new TransportError('invalid-request', `group "${this.groupId}": offset ${offset} for ${topic} partition ${partition} is negative`, 'send the offset of the next record to read');
    }
    return { groupId: this.groupId, generation: this.generation, offsets };
  }

  /** Up to `max` records, partition by partition, advancing the positions. */
  private take(max: number): StoredRecord[] {
    const batch: StoredRecord[] = [];
    const ends = new Map(this.topics.map((topic) => [topic, this.log.endOffsets(topic)]));
    const count = this.held.length;
    for (let i = 0; i < count && batch.length < max; i += 1) {
      const position = this.held[(this.next + i) % count]!;
      const end = ends.get(position.topic)![position.partition]!;
      if (position.offset >= end) continue;
      const records = this.log.read(position.topic, position.partition, position.offset, end, max - batch.length);
      // No records below the end means compaction removed them: the position moves past the gap, as on Kafka.
      position.offset = records.length === 0 ? end : records[records.length - 1]!.offset + 1n;
      for (const record of records) batch.push(record);
    }
    this.next = count === 0 ? 0 : (this.next + 1) % count;
    return batch;
  }

  /** Resolves at the first commit past a position, after `waitMs`, or when the consumer closes. */
  private async waitForRecords(waitMs: number): Promise<void> {
    const done = new AbortController();
    const timer = setTimeout(() => done.abort(), waitMs);
    const signal = AbortSignal.any([done.signal, this.closing.signal]);
    // One listener per topic waited on; a sink reads many topics.
    setMaxListeners(this.topics.length + 1, signal);
    // A wait rejects only when aborted, which here just means: stop waiting.
    const waits = this.topics.map((topic) => this.log.waitForAppend(topic, this.seen(topic), signal).catch(() => undefined));
    try {
      await Promise.race(waits);
    } finally {
      clearTimeout(timer);
      done.abort();
    }
  }

  private seen(topic: string): bigint[] {
    const seen: bigint[] = [];
    for (const position of this.held) if (position.topic === topic) seen[position.partition] = position.offset;
    return seen;
  }

  private assertActive(): void {
    if (this.closed) throw consumerClosed(this.groupId);
    this.log.groups.check(this.groupId, this.generation);
  }
}

/** Every partition of `topics`, in topic then partition order. */
export function partitionsOf(log: InProcessLog, topics: readonly string[]): TopicPartition[] {
  return topics.flatMap((topic) => Array.from({ length: log.partitionCount(topic) }, (_, partition) => ({ topic, partition })));
}
