import { setImmediate as nextTurn } from 'node:timers/promises';
import type { DeliveryReport, LibrdKafkaError, MessageHeader, Producer, TopicPartitionOffset } from '@confluentinc/kafka-javascript';
import { producerClosed, transactionEnded, transactionInProgress, TransportError } from '../transport-error.ts';
import { partitionKey, type OutgoingRecord, type PartitionOffset, type Transaction, type TransactionalProducer } from '../transport.ts';
import { call, type KafkaClientModule } from './kafka-client.ts';
import { producerConfig, type KafkaConnection } from './kafka-config.ts';
import { KafkaGroupConsumer } from './kafka-consumer.ts';
import { isFatal, isLibrdKafkaError, KAFKA_CODES, kafkaError } from './kafka-error.ts';
import type { KafkaEventSink } from './kafka-event.ts';
import { RefusalWatch } from './kafka-refusal.ts';

const CONNECT_TIMEOUT_MS = 15_000;
/** Covers flushing every record of a transaction before the commit itself. */
const COMMIT_TIMEOUT_MS = 60_000;
const COMMIT_ATTEMPTS = 3;
// librdkafka's "any partition": the configured partitioner picks one from the key.
const ANY_PARTITION = -1;
// Delivery reports of records an abort purged (ERR__PURGE_QUEUE, ERR__PURGE_INFLIGHT).
const PURGED: readonly number[] = [-152, -151];

/**
 * A transactional producer on librdkafka's native API. Records go to librdkafka
 * as they are sent (it batches them while the work goes on) and the commit
 * flushes them: nothing is allocated or reported per delivered record, and a
 * record that fails makes the commit fail, naming it.
 */
export class KafkaProducer implements TransactionalProducer {
  /** undefined after a failed commit: the next transaction starts a fresh client (see recover()). */
  private native: Producer | undefined;
  private open = false;
  private closed = false;
  /** Set once librdkafka says this producer can never write again (fenced, or another fatal error). */
  private fatal: unknown;
  /** Records waiting for room in librdkafka's queue, in send order. */
  private backlog: OutgoingRecord[] = [];
  /** Consumed positions sent with the open transaction, per consumer (sent to the group coordinator before the commit). */
  private offsets = new Map<KafkaGroupConsumer, Map<string, PartitionOffset>>();
  /** The first record of the open transaction that librdkafka could not deliver, and why. */
  private undelivered: { readonly topic: string; readonly error: LibrdKafkaError } | undefined;

  private constructor(
    private readonly client: KafkaClientModule,
    private readonly kafka: KafkaConnection,
    private readonly transactionalId: string,
    private readonly report: KafkaEventSink,
    /** false: at-least-once (see ProducerOptions.atomic). */
    private readonly atomic: boolean,
  ) {
    this.refusals = new RefusalWatch(kafka);
  }

  private readonly refusals: RefusalWatch;

  /** Connects and initialises transactions, which fences any older producer with this transactional id. */
  static async open(client: KafkaClientModule, kafka: KafkaConnection, transactionalId: string, report: KafkaEventSink, atomic = true): Promise<KafkaProducer> {
    const producer = new KafkaProducer(client, kafka, transactionalId, report, atomic);
    producer.native = await producer.connect();
    return producer;
  }

  async transaction<T>(work: (tx: Transaction) => Promise<T> | T): Promise<T> {
    if (this.closed) throw producerClosed(this.transactionalId);
    if (this.open) throw transactionInProgress(this.transactionalId);
    if (this.fatal !== undefined) throw this.failure('starting a transaction', this.fatal);
    this.open = true;
    let ended = false;
    try {
      const native = (this.native ??= await this.connect());
      if (this.atomic) await call((done) => native.beginTransaction(done)).catch((error: unknown) => this.recover('starting a transaction', error));
      this.undelivered = undefined;
      const tx: Transaction = {
        send: (records) => {
          if (ended) throw transactionEnded(this.transactionalId);
          for (const record of records) this.produce(native, record);
        },
        sendOffsets: (consumer, positions) => {
          if (ended) throw transactionEnded(this.transactionalId);
          if (!(consumer instanceof KafkaGroupConsumer)) {
            throw new TransportError('invalid-request', `producer "${this.transactionalId}" was sent the offsets of a consumer of another transport`, 'send offsets of a consumer opened by the Kafka transport');
          }
          const mine = this.offsets.get(consumer) ?? new Map<string, PartitionOffset>();
          for (const p of positions) mine.set(partitionKey(p), p);
          this.offsets.set(consumer, mine);
        },
      };
      if (!this.atomic) {
        const result = await work(tx);
        ended = true;
        await this.deliver(native);
        return result;
      }
      let result: T;
      try {
        result = await work(tx);
        ended = true;
        await this.drainBacklog(native);
        await this.sendOffsets(native);
      } catch (error) {
        await this.abort(native);
        throw error;
      }
      await this.commit(native);
      return result;
    } finally {
      ended = true;
      this.backlog = [];
      this.offsets = new Map();
      this.open = false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.disconnect();
  }

  private async connect(): Promise<Producer> {
    const config = producerConfig(this.kafka, this.atomic ? this.transactionalId : undefined);
    const native = new this.client.Producer(config.global, config.topic);
    native.on('event.error', (error: LibrdKafkaError) => this.report({ kind: 'client-error', client: 'producer', code: error.code, message: error.message }));
    this.refusals.watch(native);
    native.on('delivery-report', (error: LibrdKafkaError | null, report: DeliveryReport) => {
      // Records purged by an abort are reported too; only real failures explain a failed commit.
      if (error && !PURGED.includes(error.code)) this.undelivered ??= { topic: report.topic, error };
    });
    try {
      await call<unknown>((done) => native.connect({ allTopics: false, timeout: CONNECT_TIMEOUT_MS }, done));
      // Serves librdkafka's events (errors, reports of failed records) from its own thread, not the event loop.
      native.setPollInBackground(true);
      if (this.atomic) await call((done) => native.initTransactions(CONNECT_TIMEOUT_MS, done));
      return native;
    } catch (error) {
      if (native.isConnected()) native.disconnect(() => {});
      throw kafkaError(`opening transactional producer "${this.transactionalId}"`, error, this.refusals, this.transactionalId);
    }
  }

  private produce(native: Producer, record: OutgoingRecord): void {
    if (this.backlog.length > 0) {
      this.backlog.push(record);
      return;
    }
    try {
      native.produce(record.topic, ANY_PARTITION, record.value, record.key, null, undefined, headersOf(record));
    } catch (error) {
      // librdkafka's queue is full: keep the order, and send the rest once it has room.
      if (isLibrdKafkaError(error) && error.code === KAFKA_CODES.queueFull) this.backlog.push(record);
      else throw this.failure(`sending a record to ${record.topic}`, error);
    }
  }

  private async drainBacklog(native: Producer): Promise<void> {
    let sent = 0;
    while (sent < this.backlog.length) {
      const record = this.backlog[sent]!;
      try {
        native.produce(record.topic, ANY_PARTITION, record.value, record.key, null, undefined, headersOf(record));
        sent += 1;
      } catch (error) {
        if (!isLibrdKafkaError(error) || error.code !== KAFKA_CODES.queueFull) throw this.failure(`sending a record to ${record.topic}`, error);
        // Waits for the queue to drain (a timeout only means it is not empty yet).
        await call((done) => native.flush(1000, done)).catch(() => {});
      }
    }
    this.backlog = [];
  }

  /** Adds each consumer's positions to the transaction, with the consumer's group metadata. */
  private async sendOffsets(native: Producer): Promise<void> {
    for (const [consumer, positions] of this.offsets) {
      if (positions.size === 0) continue;
      const offsets: TopicPartitionOffset[] = [...positions.values()].map((p) => ({ topic: p.topic, partition: p.partition, offset: Number(p.offset) }));
      await call((done) => native.sendOffsetsToTransaction(offsets, consumer.native, COMMIT_TIMEOUT_MS, done)).catch((error: unknown) => {
        throw this.failure(`sending the offsets of group "${consumer.groupId}" to a transaction`, error);
      });
    }
  }

  /** At-least-once: waits until every record is delivered, then commits the offsets to the groups. */
  private async deliver(native: Producer): Promise<void> {
    await this.drainBacklog(native);
    await call((done) => native.flush(COMMIT_TIMEOUT_MS, done)).catch((error: unknown) => this.recover('flushing records', error));
    // Failure reports travel separately from the flush's answer: let those already sent arrive.
    await nextTurn();
    const undelivered = this.undelivered;
    if (undelivered !== undefined) await this.recover(`delivering a record for ${undelivered.topic}`, undelivered.error);
    for (const [consumer, positions] of this.offsets) {
      const offsets = [...positions.values()].map((p) => ({ topic: p.topic, partition: p.partition, offset: Number(p.offset) }));
      try {
        if (offsets.length > 0) consumer.native.commitSync(offsets);
      } catch (error) {
        throw this.failure(`committing the offsets of group "${consumer.groupId}"`, error);
      }
    }
  }

  private async commit(native: Producer): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await call((done) => native.commitTransaction(COMMIT_TIMEOUT_MS, done));
        return;
      } catch (error) {
        if (isLibrdKafkaError(error) && error.isRetriable === true && attempt < COMMIT_ATTEMPTS) continue;
        await this.abort(native);
        // Failure reports travel separately from the commit's answer: let those already sent arrive.
        await nextTurn();
        const undelivered = this.undelivered;
        if (undelivered === undefined) await this.recover('committing a transaction', error);
        else await this.recover(`committing a transaction (a record for ${undelivered.topic} was not delivered)`, undelivered.error);
      }
    }
  }

  /** Aborts the open transaction (a producer that cannot, is marked as failed for good). */
  private async abort(native: Producer): Promise<void> {
    if (this.fatal !== undefined) return;
    await call((done) => native.abortTransaction(COMMIT_TIMEOUT_MS, done)).catch((error: unknown) => {
      this.failure('aborting a transaction', error);
    });
  }

  /**
   * Throws the failure. A broker's refusal can leave librdkafka's idempotence
   * state (sequence numbers) out of step even after the abort, so the client is
   * dropped and the next transaction starts a fresh one under the same id.
   */
  private async recover(doing: string, error: unknown): Promise<never> {
    const failure = this.failure(doing, error);
    if (this.fatal === undefined) await this.disconnect();
    throw failure;
  }

  private async disconnect(): Promise<void> {
    const native = this.native;
    this.native = undefined;
    if (native?.isConnected()) await new Promise<void>((resolve) => native.disconnect(CONNECT_TIMEOUT_MS, () => resolve()));
  }

  private failure(doing: string, error: unknown): Error {
    if (isFatal(error)) this.fatal ??= error;
    return kafkaError(`producer "${this.transactionalId}": ${doing}`, error, this.refusals, this.transactionalId);
  }
}

function headersOf(record: OutgoingRecord): MessageHeader[] | undefined {
  if (record.headers === undefined) return undefined;
  return Object.entries(record.headers).map(([name, value]) => ({ [name]: value }));
}
