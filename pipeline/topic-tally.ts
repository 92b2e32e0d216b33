import { randomUUID } from 'node:crypto';
import type { Consumer, StoredRecord, Transport } from '../transport/transport.ts';
import { readToEnds } from './read-to-ends.ts';

/**
 * Counts the records of a set of topics as they arrive, for the Pipeline page.
 * One consumer, in a group of its own that never commits, reads each topic from
 * its start once and afterwards only what is new, so a refresh costs what
 * arrived since the last one rather than a read of every topic (millions of
 * records in a long run). Counts are of records read: every version and
 * tombstone of a key, whatever compaction later removes. The newest `keep`
 * records of each topic are kept as samples (looked at record by record: meant
 * for topics as small as dead-letter queues).
 */
export class TopicTally {
  private readonly counts = new Map<string, number>();
  private readonly newest = new Map<string, StoredRecord[]>();
  private consumer: Promise<Consumer> | undefined;
  private updating: Promise<void> | undefined;

  constructor(
    private readonly transport: Transport,
    private readonly topics: readonly string[],
    private readonly keep: number,
  ) {}

  count(topic: string): number {
    return this.counts.get(topic) ?? 0;
  }

  /** The topic's newest records read (by timestamp: a topic's partitions are read one after another), oldest first. */
  samples(topic: string): readonly StoredRecord[] {
    return this.newest.get(topic) ?? [];
  }

  /**
   * Reads what the topics gained since the last update, up to their ends as of
   * now; concurrent callers share one read. After a failure (a topic not there
   * yet, the transport gone) the next update starts over with a new consumer.
   */
  update(): Promise<void> {
    this.updating ??= this.readToEnds()
      .catch(async (error: unknown) => {
        await this.startOver();
        throw error;
      })
      .finally(() => (this.updating = undefined));
    return this.updating;
  }

  /** Closes its consumer; an update afterwards starts over. */
  close(): Promise<void> {
    return this.startOver();
  }

  private async readToEnds(): Promise<void> {
    this.consumer ??= this.transport.consumer({ groupId: `medallion.pipeline-status.${randomUUID()}`, topics: this.topics });
    await readToEnds(await this.consumer, (records) => {
      for (const record of records) this.counts.set(record.topic, this.count(record.topic) + 1);
      if (this.keep > 0) this.remember(records);
    });
  }

  private async startOver(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    this.counts.clear();
    this.newest.clear();
    await consumer?.then((c) => c.close()).catch(() => {});
  }

  private remember(records: readonly StoredRecord[]): void {
    for (const record of records) {
      const newest = this.newest.get(record.topic) ?? [];
      // Kept in timestamp order (a stable insert: equal stamps stay in read order), the oldest dropped.
      let at = newest.length;
      while (at > 0 && newest[at - 1]!.timestamp > record.timestamp) at -= 1;
      newest.splice(at, 0, record);
      if (newest.length > this.keep) newest.shift();
      this.newest.set(record.topic, newest);
    }
  }
}
