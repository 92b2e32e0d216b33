import type { KafkaConsumer, LibrdKafkaError, Message, TopicPartitionOffset, TopicPartitionOffsetAndMetadata } from '@confluentinc/kafka-javascript';
import { consumerClosed } from '../transport-error.ts';
import { partitionKey, type Consumer, type ConsumerOptions, type PartitionOffset, type StoredRecord, type TopicPartition } from '../transport.ts';
import { call, type KafkaClientModule } from './kafka-client.ts';
import { consumerConfig, type KafkaConnection } from './kafka-config.ts';
import { kafkaError } from './kafka-error.ts';
import type { KafkaEventSink } from './kafka-event.ts';
import { RefusalWatch } from './kafka-refusal.ts';
import { storedRecord, watermarks } from './kafka-reader.ts';

const REQUEST_TIMEOUT_MS = 15_000;
// Each watermark query holds one thread of libuv's pool (four by default) for a broker round trip.
const LAG_QUERIES_AT_ONCE = 2;

interface Position extends TopicPartition {
  offset: bigint;
}


/**
 * A read_committed consumer of a group on librdkafka's native API. It assigns
 * itself every partition of its topics at the group's committed offsets (no group
 * membership, so no rebalance ever splits them) and never commits by itself: its
 * positions are committed by a producer's transaction (sendOffsetsToTransaction).
 * Two instances of a processor are kept apart by their producers' shared
 * transactional id, which fences the older one.
 *
 * A poll never blocks a thread of libuv's pool waiting for records: it takes what
 * librdkafka has queued, and when that is nothing, waits for librdkafka's
 * queue-not-empty callback (or the poll's time limit).
 */
export class KafkaGroupConsumer implements Consumer {
  private closed = false;
  private polling: Promise<unknown> | undefined;
  /** Set by librdkafka's callback; cleared before each look at the queue. */
  private signalled = false;
  private wake: (() => void) | undefined;
  private readonly byKey: ReadonlyMap<string, Position>;

  private constructor(
    readonly native: KafkaConsumer,
    readonly groupId: string,
    private readonly refusals: RefusalWatch,
    private readonly held: readonly Position[],
  ) {
    this.byKey = new Map(held.map((p) => [partitionKey(p), p]));
  }

  static async open(client: KafkaClientModule, kafka: KafkaConnection, options: ConsumerOptions, partitions: readonly TopicPartition[], report: KafkaEventSink): Promise<KafkaGroupConsumer> {
    let onRecords = (): void => {};
    const config = consumerConfig(kafka, options.groupId, () => onRecords());
    const native = new client.KafkaConsumer(config.global, config.topic);
    native.on('event.error', (error: LibrdKafkaError) => report({ kind: 'client-error', client: 'consumer', code: error.code, message: error.message }));
    const refusals = new RefusalWatch(kafka);
    refusals.watch(native);
    const doing = `opening a consumer of group "${options.groupId}" on ${options.topics.join(', ')}`;
    try {
      await call<unknown>((done) => native.connect({ allTopics: false, timeout: REQUEST_TIMEOUT_MS }, done));
      native.setDefaultConsumeTimeout(0);
      const committed = await call<TopicPartitionOffsetAndMetadata[]>((done) => native.committed([...partitions], REQUEST_TIMEOUT_MS, done));
      const positions = new Map<string, bigint>();
      // librdkafka answers a negative (logical) offset for a partition the group never committed.
      for (const c of committed) if (c.offset >= 0) positions.set(partitionKey(c), BigInt(c.offset));
      const missing = partitions.filter((p) => !positions.has(partitionKey(p)));
      if (missing.length > 0 && options.startOffsets !== undefined) {
        for (const p of await options.startOffsets(missing)) if (missing.some((m) => partitionKey(m) === partitionKey(p))) positions.set(partitionKey(p), p.offset);
      }
      const held: Position[] = [];
      for (const p of partitions) {
        const offset = positions.get(partitionKey(p)) ?? BigInt((await watermarks(native, p.topic, p.partition)).lowOffset);
        held.push({ topic: p.topic, partition: p.partition, offset });
      }
      const consumer = new KafkaGroupConsumer(native, options.groupId, refusals, held);
      onRecords = () => consumer.onRecords();
      native.assign(held.map((p) => ({ topic: p.topic, partition: p.partition, offset: Number(p.offset) })));
      return consumer;
    } catch (error) {
      if (native.isConnected()) await new Promise<void>((resolve) => native.disconnect(() => resolve()));
      throw kafkaError(doing, error, refusals);
    }
  }

  positions(): readonly PartitionOffset[] {
    return this.held.map(({ topic, partition, offset }) => ({ topic, partition, offset }));
  }

  async poll(max: number, waitMs: number): Promise<readonly StoredRecord[]> {
    const deadline = performance.now() + waitMs;
    for (;;) {
      if (this.closed) throw consumerClosed(this.groupId);
      this.signalled = false;
      const messages = await this.take(max);
      if (messages.length > 0 || this.closed) return this.advance(messages);
      const left = deadline - performance.now();
      if (left <= 0) return [];
      if (!this.signalled) await this.waitForRecords(left);
    }
  }

  /**
   * Per partition, the position and the last stable offset. Under read_committed a
   * transaction's commit marker follows its last record, so a position at the
   * marker counts as caught up once librdkafka's own position has passed it.
   */
  async lag(): Promise<readonly (PartitionOffset & { readonly end: bigint })[]> {
    if (this.closed) throw consumerClosed(this.groupId);
    const fetched = new Map<string, number>(this.native.position(this.held.map(({ topic, partition }) => ({ topic, partition }))).map((p: TopicPartitionOffset) => [partitionKey(p), p.offset]));
    // Two partitions at a time: one after another, a processor of many topics sat out a round trip per partition;
    // all at once, the queries held every thread of libuv's pool, and file reads (the file source's) waited behind them.
    const lags: (PartitionOffset & { end: bigint })[] = [];
    for (let i = 0; i < this.held.length; i += LAG_QUERIES_AT_ONCE) {
      const measured = this.held.slice(i, i + LAG_QUERIES_AT_ONCE).map(async ({ topic, partition, offset }) => {
        const { highOffset } = await watermarks(this.native, topic, partition).catch((error: unknown) => {
          throw kafkaError(`measuring the lag of group "${this.groupId}" on ${topic}`, error, this.refusals);
        });
        const end = BigInt(highOffset);
        const nativeAt = fetched.get(partitionKey({ topic, partition })) ?? -1;
        return { topic, partition, offset, end: nativeAt >= 0 && BigInt(nativeAt) >= end ? offset : end };
      });
      lags.push(...(await Promise.all(measured)));
    }
    return lags;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake?.();
    await this.polling?.catch(() => {});
    if (this.native.isConnected()) await new Promise<void>((resolve) => this.native.disconnect(() => resolve()));
  }

  private onRecords(): void {
    this.signalled = true;
    this.wake?.();
  }

  /** What librdkafka has queued, without waiting. */
  private take(max: number): Promise<Message[]> {
    const taking = call<Message[]>((done) => this.native.consume(max, done)).catch((error: unknown) => {
      throw kafkaError(`polling group "${this.groupId}"`, error, this.refusals);
    });
    this.polling = taking;
    return taking;
  }

  private advance(messages: readonly Message[]): StoredRecord[] {
    const records = messages.map(storedRecord);
    for (const record of records) this.byKey.get(partitionKey(record))!.offset = record.offset + 1n;
    return records;
  }

  private waitForRecords(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }
}
